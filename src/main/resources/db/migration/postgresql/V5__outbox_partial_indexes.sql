-- The outboxes' due and lapsed rows are found through indexes that hold only the rows in that state
-- (or, for lapsed leases, under a lease). V1's indexes on (state, ...) took an entry for every
-- version of every row (a lease and a delivery each write one), and the lease's bitmap scan walked
-- every entry the rows done since the last vacuum had left behind: at 25,000 dossiers, 3.6 ms a
-- lease. A delivered row now enters none of these, and the lease reads each index in order, so
-- entries of rows gone by are marked dead as it passes them. A lease is held exactly while
-- lease_until is set (every way out of IN_FLIGHT clears it), so the lapsed leases' index keys on
-- that rather than on the state: a statement that names its rows by id and checks that they are
-- still in flight goes by the primary key, never through this index.
CREATE INDEX IF NOT EXISTS delivery_jobs_pending ON delivery_jobs (next_attempt_at, id) WHERE state = 'PENDING';
CREATE INDEX IF NOT EXISTS delivery_jobs_leased ON delivery_jobs (lease_until) WHERE lease_until IS NOT NULL;
CREATE INDEX IF NOT EXISTS delivery_jobs_dead ON delivery_jobs (dead_at, id) WHERE state = 'DEAD';
DROP INDEX IF EXISTS delivery_jobs_due;
DROP INDEX IF EXISTS delivery_jobs_lease;

CREATE INDEX IF NOT EXISTS webhook_events_pending ON webhook_events (next_attempt_at, id) WHERE state = 'PENDING';
CREATE INDEX IF NOT EXISTS webhook_events_leased ON webhook_events (lease_until) WHERE lease_until IS NOT NULL;
DROP INDEX IF EXISTS webhook_events_due;
DROP INDEX IF EXISTS webhook_events_lease;

-- Where autovacuum runs, it vacuums the outboxes by the number of their dead rows rather than by
-- the default fraction of the table (20 %: 200,000 dead rows at a million jobs before the first
-- vacuum). Where it is off, the gateway vacuums them itself (store/OutboxVacuum).
ALTER TABLE delivery_jobs SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 20000,
  autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 20000);
ALTER TABLE webhook_events SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 20000,
  autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 20000);
