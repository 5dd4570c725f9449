-- Indexes for the management API's lists and filters.
CREATE INDEX ocpp_messages_action_time ON ocpp_messages (action, created_at DESC);
CREATE INDEX users_role ON users (role, id);
CREATE INDEX stations_name ON stations (lower(name));
CREATE INDEX chargers_status ON chargers (status);
CREATE INDEX wallet_ledger_wallet_desc ON wallet_ledger (wallet_id, id DESC);
