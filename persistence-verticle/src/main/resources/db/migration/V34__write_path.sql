-- The write path under load (docs/benchmarks.md).
-- A running transaction's row is updated at every MeterValues (its last meter value). None of the updated
-- columns is indexed, so with free space on the page the update is HOT: no new entry in any of the table's
-- indexes. Half-full pages leave that space.
ALTER TABLE charging_transactions SET (fillfactor = 50);

-- No query looks frames up by their OCPP message id alone (the log is read by charge point, action, direction
-- and time); the index cost every audited frame an index insert.
DROP INDEX ocpp_messages_message_id;

-- meter_values is the table written most (one row per sampled value). Its two foreign keys cost a trigger and
-- a lookup per row, a quarter of the MeterValues write. Integrity is kept without them:
--  * the writing statement (MeterSamples) finds the charger and the transaction itself and stores nothing for
--    an unknown charger; it holds the charger row (FOR KEY SHARE) until it commits, once per report;
--  * deleting a charger deletes its meter values in the same transaction, after the charger row, so a write
--    still in flight has committed by then (ChargerAdminStore);
--  * charging transactions are never deleted (a charger with transactions cannot be deleted).
ALTER TABLE meter_values DROP CONSTRAINT meter_values_charger_id_fkey;
ALTER TABLE meter_values DROP CONSTRAINT meter_values_transaction_id_fkey;

-- The audit log keeps each payload as the JSON text it was (json, not jsonb): nothing queries inside it, and
-- taking a payload apart into jsonb cost a quarter of every audit insert.
ALTER TABLE ocpp_messages ALTER COLUMN payload TYPE json USING payload::json;
