-- Found reviewing the SQL behind the management API's lists.

-- Each tariff row of a tariff list reads its chargers and stations by tariff_id, and deleting a tariff
-- sets these references to NULL (ON DELETE SET NULL): without an index each is a scan of the whole table.
CREATE INDEX chargers_tariff ON chargers (tariff_id);
CREATE INDEX stations_tariff ON stations (tariff_id);
CREATE INDEX charging_transactions_tariff ON charging_transactions (tariff_id);

-- Transaction list filtered by status (RUNNING, BILLING_FAILED...), newest first, as it is paged.
CREATE INDEX charging_transactions_status_start ON charging_transactions (status, start_time DESC, id DESC);

-- Two indexes of V20 that served nothing: wallet_ledger_wallet (wallet_id, id) already serves newest-first
-- reads, and a btree on lower(name) cannot serve the ILIKE '%...%' search.
DROP INDEX IF EXISTS wallet_ledger_wallet_desc;
DROP INDEX IF EXISTS stations_name;
