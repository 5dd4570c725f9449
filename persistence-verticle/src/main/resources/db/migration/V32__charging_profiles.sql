-- OCPP Smart Charging: every SetChargingProfile sent, as sent (profile: the csChargingProfiles JSON), with
-- the charger's answer. ACTIVE rows are what the charger holds as far as we know: a newer accepted profile
-- with the same chargingProfileId, or the same connector, stack level and purpose, REPLACES the older one
-- (as the charger itself does), and an accepted ClearChargingProfile CLEARS the rows it matched.
-- source: OPERATOR (through the API) or STATION_LIMIT (the node splitting a station's power limit).
CREATE TABLE charging_profiles (
    id                  BIGSERIAL PRIMARY KEY,
    charger_id          BIGINT      NOT NULL REFERENCES chargers (id) ON DELETE CASCADE,
    connector_id        INTEGER     NOT NULL CHECK (connector_id >= 0),
    charging_profile_id INTEGER     NOT NULL,
    stack_level         INTEGER     NOT NULL CHECK (stack_level >= 0),
    purpose             TEXT        NOT NULL
        CHECK (purpose IN ('ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile')),
    transaction_id      BIGINT,
    profile             JSONB       NOT NULL,
    source              TEXT        NOT NULL DEFAULT 'OPERATOR' CHECK (source IN ('OPERATOR', 'STATION_LIMIT')),
    status              TEXT        NOT NULL DEFAULT 'REQUESTED'
        CHECK (status IN ('REQUESTED', 'ACTIVE', 'REJECTED', 'REPLACED', 'CLEARED')),
    charger_answer      TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX charging_profiles_charger ON charging_profiles (charger_id, status, id DESC);
-- The station power split: RUNNING sessions of a station's chargers.
CREATE INDEX chargers_station_running ON charging_transactions (charger_id) WHERE status = 'RUNNING';
