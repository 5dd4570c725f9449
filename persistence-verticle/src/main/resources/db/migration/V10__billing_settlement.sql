-- Billing settlement bookkeeping.
-- billed_energy_wh: the energy the current amount was computed from. A transaction is settled when it
-- equals energy_wh; a LATE_STOP that changes energy_wh of a COMPLETED transaction makes it unsettled
-- again, and the difference is settled once (ADJUSTMENT or REFUND) under the row lock.
-- billing_failing_since: when the current run of failed attempts began; the retry gives up after
-- billing.giveUpHours counted from here (not from the stop, so a late adjustment gets its full window).
ALTER TABLE charging_transactions
    ADD COLUMN billed_energy_wh      NUMERIC(15,3),
    ADD COLUMN billing_failing_since TIMESTAMPTZ;

UPDATE charging_transactions SET billed_energy_wh = energy_wh WHERE status = 'COMPLETED';

-- The retry scan: completed sessions whose energy changed after billing. A COMPLETED row without
-- billed_energy_wh was not settled by billing and is left alone.
CREATE INDEX charging_transactions_billing_adjustment_due ON charging_transactions (id)
    WHERE status = 'COMPLETED' AND billed_energy_wh <> energy_wh;

-- The top-up retry: one user's unsettled sessions.
CREATE INDEX charging_transactions_billing_user ON charging_transactions (user_id)
    WHERE status IN ('STOPPED', 'BILLING_FAILED');

