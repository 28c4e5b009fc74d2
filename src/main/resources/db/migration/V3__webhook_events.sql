-- Events for portals (signed webhooks), written in the transaction of the change they report, so
-- that no status change is recorded without its event; a notifier leases and sends them.
CREATE TABLE IF NOT EXISTS webhook_events (
  id VARCHAR(36) PRIMARY KEY,
  client_id VARCHAR(255) NOT NULL,
  receipt_code VARCHAR(80) NOT NULL REFERENCES dossiers (receipt_code),
  event_type VARCHAR(64) NOT NULL,
  payload VARCHAR NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  lease_owner VARCHAR(255),
  lease_until TIMESTAMP WITH TIME ZONE,
  last_error VARCHAR(4000),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  done_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX IF NOT EXISTS webhook_events_due ON webhook_events (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_events_lease ON webhook_events (state, lease_until);
