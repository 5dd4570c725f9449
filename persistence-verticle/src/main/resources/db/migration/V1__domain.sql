-- The whole CSMS domain. Money is NUMERIC(12,2), energy NUMERIC in Wh, power NUMERIC in W, every
-- instant timestamptz. Names say what a column holds; CHECK constraints keep status vocabularies closed.

CREATE TABLE tariffs (
    id              BIGSERIAL PRIMARY KEY,
    name            TEXT          NOT NULL,
    price_per_kwh   NUMERIC(12,4) NOT NULL CHECK (price_per_kwh >= 0),
    session_fee     NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (session_fee >= 0),
    currency        CHAR(3)       NOT NULL DEFAULT 'INR',
    is_default      BOOLEAN       NOT NULL DEFAULT FALSE,
    active          BOOLEAN       NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ   NOT NULL DEFAULT now()
);
-- At most one default tariff.
CREATE UNIQUE INDEX tariffs_one_default ON tariffs (is_default) WHERE is_default;

CREATE TABLE users (
    id                BIGSERIAL PRIMARY KEY,
    external_subject  TEXT        UNIQUE,
    name              TEXT,
    email             TEXT        UNIQUE,
    phone             TEXT,
    rfid_id_tag       TEXT        UNIQUE CHECK (char_length(rfid_id_tag) <= 20),
    id_tag_expires_at TIMESTAMPTZ,
    parent_id_tag     TEXT,
    role              TEXT        NOT NULL DEFAULT 'USER' CHECK (role IN ('ADMIN', 'USER')),
    active            BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE wallets (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT        NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    balance     NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (balance >= 0),
    currency    CHAR(3)       NOT NULL DEFAULT 'INR',
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ   NOT NULL DEFAULT now()
);

CREATE TABLE vehicle_profiles (
    id                   BIGSERIAL PRIMARY KEY,
    user_id              BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    make                 TEXT        NOT NULL,
    model                TEXT        NOT NULL,
    year                 INTEGER,
    battery_capacity_kwh NUMERIC(8,2),
    connector_type       TEXT,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX vehicle_profiles_user ON vehicle_profiles (user_id);

CREATE TABLE stations (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT         NOT NULL,
    latitude      NUMERIC(9,6) CHECK (latitude BETWEEN -90 AND 90),
    longitude     NUMERIC(9,6) CHECK (longitude BETWEEN -180 AND 180),
    address       TEXT,
    city          TEXT,
    state         TEXT,
    zip_code      TEXT,
    country       TEXT,
    power_limit_w NUMERIC(12,1) CHECK (power_limit_w > 0),
    tariff_id     BIGINT       REFERENCES tariffs (id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE chargers (
    id                      BIGSERIAL PRIMARY KEY,
    charge_point_id         TEXT        NOT NULL UNIQUE CHECK (char_length(charge_point_id) BETWEEN 1 AND 64),
    station_id              BIGINT      REFERENCES stations (id) ON DELETE SET NULL,
    name                    TEXT,
    vendor                  TEXT,
    model                   TEXT,
    serial_number           TEXT,
    charge_box_serial_number TEXT,
    firmware_version        TEXT,
    iccid                   TEXT,
    imsi                    TEXT,
    meter_type              TEXT,
    meter_serial_number     TEXT,
    status                  TEXT        NOT NULL DEFAULT 'Unavailable',
    error_code              TEXT,
    connection_status       TEXT        NOT NULL DEFAULT 'OFFLINE' CHECK (connection_status IN ('ONLINE', 'OFFLINE')),
    connected_node          TEXT,
    last_heartbeat_at       TIMESTAMPTZ,
    last_seen_at            TIMESTAMPTZ,
    last_boot_at            TIMESTAMPTZ,
    tariff_id               BIGINT      REFERENCES tariffs (id) ON DELETE SET NULL,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX chargers_station ON chargers (station_id);
CREATE INDEX chargers_serial ON chargers (serial_number);

-- Connector 0 is the charge point itself and lives on chargers.status; rows here are connectors >= 1.
CREATE TABLE connectors (
    id                BIGSERIAL PRIMARY KEY,
    charger_id        BIGINT      NOT NULL REFERENCES chargers (id) ON DELETE CASCADE,
    connector_id      INTEGER     NOT NULL CHECK (connector_id >= 1),
    status            TEXT        NOT NULL DEFAULT 'Unavailable',
    error_code        TEXT        NOT NULL DEFAULT 'NoError',
    info              TEXT,
    vendor_id         TEXT,
    vendor_error_code TEXT,
    status_at         TIMESTAMPTZ,
    connector_type    TEXT,
    max_power_w       NUMERIC(12,1) CHECK (max_power_w > 0),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (charger_id, connector_id)
);

CREATE TABLE charging_transactions (
    id                      BIGSERIAL PRIMARY KEY,
    charger_id              BIGINT        NOT NULL REFERENCES chargers (id),
    connector_id            INTEGER       NOT NULL CHECK (connector_id >= 1),
    user_id                 BIGINT        REFERENCES users (id) ON DELETE SET NULL,
    id_tag                  TEXT          NOT NULL,
    id_tag_status           TEXT,
    reservation_id          INTEGER,
    meter_start_wh          NUMERIC(15,3) NOT NULL,
    meter_stop_wh           NUMERIC(15,3),
    energy_wh               NUMERIC(15,3),
    last_meter_wh           NUMERIC(15,3),
    last_meter_at           TIMESTAMPTZ,
    start_time              TIMESTAMPTZ   NOT NULL,
    stop_time               TIMESTAMPTZ,
    stop_reason             TEXT,
    stop_id_tag             TEXT,
    -- RUNNING -> (PENDING_RECONCILIATION ->) STOPPED -> COMPLETED | BILLING_FAILED; FAILED for sessions
    -- that cannot be billed at all. STOPPED means "stop committed, settlement not yet done".
    status                  TEXT          NOT NULL DEFAULT 'RUNNING'
        CHECK (status IN ('RUNNING', 'PENDING_RECONCILIATION', 'STOPPED', 'COMPLETED', 'FAILED', 'BILLING_FAILED')),
    -- How the stop values were obtained: CHARGER (StopTransaction) or RECONCILED (last known meter value).
    stop_source             TEXT          CHECK (stop_source IN ('CHARGER', 'RECONCILED')),
    reconciliation_since    TIMESTAMPTZ,
    amount                  NUMERIC(12,2),
    currency                CHAR(3),
    tariff_id               BIGINT        REFERENCES tariffs (id) ON DELETE SET NULL,
    billing_attempts        INTEGER       NOT NULL DEFAULT 0,
    billing_next_attempt_at TIMESTAMPTZ,
    billing_claimed_until   TIMESTAMPTZ,
    billing_last_error      TEXT,
    billed_at               TIMESTAMPTZ,
    created_at              TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ   NOT NULL DEFAULT now(),
    -- A retried StartTransaction is the same session: this key makes it so on any node.
    CONSTRAINT charging_transactions_start_once
        UNIQUE (charger_id, connector_id, id_tag, meter_start_wh, start_time)
);
CREATE INDEX charging_transactions_charger_status ON charging_transactions (charger_id, status);
CREATE INDEX charging_transactions_user ON charging_transactions (user_id, start_time DESC);
CREATE INDEX charging_transactions_start_time ON charging_transactions (start_time DESC);
CREATE INDEX charging_transactions_billing_due ON charging_transactions (billing_next_attempt_at)
    WHERE status IN ('STOPPED', 'BILLING_FAILED');
CREATE INDEX charging_transactions_reconciliation ON charging_transactions (reconciliation_since)
    WHERE status = 'PENDING_RECONCILIATION';

CREATE TABLE wallet_ledger (
    id                      BIGSERIAL PRIMARY KEY,
    wallet_id               BIGINT        NOT NULL REFERENCES wallets (id) ON DELETE CASCADE,
    entry_type              TEXT          NOT NULL CHECK (entry_type IN ('TOP_UP', 'CHARGE_DEDUCT', 'REFUND', 'ADJUSTMENT')),
    -- Signed: credits positive, debits negative. balance_after is the wallet's balance after this entry.
    amount                  NUMERIC(12,2) NOT NULL,
    balance_after           NUMERIC(12,2) NOT NULL,
    charging_transaction_id BIGINT        REFERENCES charging_transactions (id),
    description             TEXT,
    idempotency_key         TEXT,
    created_at              TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX wallet_ledger_wallet ON wallet_ledger (wallet_id, id);
-- A session is charged at most once.
CREATE UNIQUE INDEX wallet_ledger_one_charge_per_session ON wallet_ledger (charging_transaction_id)
    WHERE entry_type = 'CHARGE_DEDUCT';
-- A top-up request retried with the same Idempotency-Key is applied once.
CREATE UNIQUE INDEX wallet_ledger_idempotency ON wallet_ledger (wallet_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- Every sampled value of every MeterValues / transactionData, as reported, plus its normalised form:
-- energy in Wh, power in W (kWh x 1000, kW x 1000); other units are kept as reported.
CREATE TABLE meter_values (
    id               BIGSERIAL PRIMARY KEY,
    charger_id       BIGINT        NOT NULL REFERENCES chargers (id) ON DELETE CASCADE,
    connector_id     INTEGER       NOT NULL,
    transaction_id   BIGINT        REFERENCES charging_transactions (id) ON DELETE CASCADE,
    sampled_at       TIMESTAMPTZ   NOT NULL,
    measurand        TEXT          NOT NULL DEFAULT 'Energy.Active.Import.Register',
    phase            TEXT,
    unit             TEXT,
    context          TEXT          NOT NULL DEFAULT 'Sample.Periodic',
    location         TEXT,
    format           TEXT          NOT NULL DEFAULT 'Raw',
    raw_value        TEXT          NOT NULL,
    value            NUMERIC,
    normalized_value NUMERIC,
    normalized_unit  TEXT,
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX meter_values_transaction ON meter_values (transaction_id, sampled_at);
CREATE INDEX meter_values_charger ON meter_values (charger_id, sampled_at DESC);

-- The OCPP audit log: every frame in and out. message_id is the OCPP-J unique id, the correlation id
-- between a CALL and its CALLRESULT/CALLERROR. Not a foreign key: the log must accept frames even while
-- an operator deletes a charger.
CREATE TABLE ocpp_messages (
    id              BIGSERIAL PRIMARY KEY,
    charge_point_id TEXT        NOT NULL,
    direction       TEXT        NOT NULL CHECK (direction IN ('IN', 'OUT')),
    message_type    SMALLINT    NOT NULL CHECK (message_type IN (2, 3, 4)),
    action          TEXT,
    message_id      TEXT        NOT NULL,
    payload         JSONB,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX ocpp_messages_charger_time ON ocpp_messages (charge_point_id, created_at DESC);
CREATE INDEX ocpp_messages_time ON ocpp_messages (created_at DESC);
CREATE INDEX ocpp_messages_message_id ON ocpp_messages (message_id);
