-- The access log and the audit trail are append-only in the database itself, not only in the code.
CREATE TRIGGER IF NOT EXISTS access_log_append_only BEFORE UPDATE, DELETE ON access_log
  FOR EACH ROW CALL 'vn.egov.gateway.store.AppendOnlyTrigger';

CREATE TRIGGER IF NOT EXISTS audit_entries_append_only BEFORE UPDATE, DELETE ON audit_entries
  FOR EACH ROW CALL 'vn.egov.gateway.store.AppendOnlyTrigger';
