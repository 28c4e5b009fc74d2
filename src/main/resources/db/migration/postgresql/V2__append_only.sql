-- The access log and the audit trail are append-only in the database itself, not only in the code.
-- (TRUNCATE, which a retention job run by a privileged role may use, is not a row operation.)
CREATE OR REPLACE FUNCTION egov_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '0A000';
END
$$;

CREATE OR REPLACE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION egov_append_only();

CREATE OR REPLACE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION egov_append_only();
