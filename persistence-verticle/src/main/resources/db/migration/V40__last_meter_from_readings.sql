-- A session's last meter value is read from its readings when reconciliation needs it, instead of being kept on
-- the session's row by every MeterValues: that update was the busiest statement's only row update (one per report,
-- three quarters of all CALLs), for a value read only when a session is closed without its StopTransaction
-- (docs/benchmarks.md). The rule is the update's: the newest whole-meter energy register by its sampled time
-- (measurand Energy.Active.Import.Register, no phase, normalised to Wh), so a late, older report never moves it
-- back; but for one instant reported twice the report stored last counts (the update kept the first). The
-- readings' index by transaction serves it: a backward scan that stops at the newest reading holding one.
CREATE FUNCTION transaction_last_meter(of_transaction BIGINT)
    RETURNS TABLE (meter_wh NUMERIC, meter_at TIMESTAMPTZ)
    LANGUAGE sql STABLE AS $$
  SELECT s.normalized_value, r.sampled_at
    FROM meter_readings r,
         unnest(r.measurands, r.phases, r.normalized_values, r.normalized_units) WITH ORDINALITY
           AS s(measurand, phase, normalized_value, normalized_unit, position)
   WHERE r.transaction_id = of_transaction
     AND s.measurand = 'Energy.Active.Import.Register' AND s.phase IS NULL AND s.normalized_unit = 'Wh'
     AND s.normalized_value IS NOT NULL
   ORDER BY r.sampled_at DESC, r.id DESC, s.position DESC
   LIMIT 1
$$;

ALTER TABLE charging_transactions DROP COLUMN last_meter_wh, DROP COLUMN last_meter_at;
-- Half of each page was kept free for the HOT updates of the last meter value (V34); a session's row is now
-- updated when it starts, stops or is reconciled.
ALTER TABLE charging_transactions RESET (fillfactor);
