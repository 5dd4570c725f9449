-- The billing retry scan looks for STOPPED sessions (stopped, not settled yet) on every tick: a small
-- partial index keeps that cheap however many sessions the table holds.
CREATE INDEX charging_transactions_billing_stopped ON charging_transactions (id) WHERE status = 'STOPPED';
