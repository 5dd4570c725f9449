-- OCPP Firmware Management.
-- Firmware images uploaded through the API; the bytes live in the node's data directory
-- (dataDir/files/firmware/<stored_name>), served over HTTP for chargers to download.
CREATE TABLE firmware_files (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    size_bytes  BIGINT      NOT NULL CHECK (size_bytes >= 0),
    sha256      TEXT        NOT NULL,
    stored_name TEXT        NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One UpdateFirmware sent to a selection of chargers; each target keeps the charger's answer to the CALL
-- and the latest FirmwareStatusNotification it sent since.
CREATE TABLE firmware_rollouts (
    id               BIGSERIAL PRIMARY KEY,
    firmware_file_id BIGINT      REFERENCES firmware_files (id) ON DELETE SET NULL,
    location         TEXT        NOT NULL,
    retrieve_date    TIMESTAMPTZ NOT NULL,
    retries          INTEGER     CHECK (retries >= 0),
    retry_interval   INTEGER     CHECK (retry_interval >= 0),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE firmware_rollout_targets (
    rollout_id     BIGINT      NOT NULL REFERENCES firmware_rollouts (id) ON DELETE CASCADE,
    charger_id     BIGINT      NOT NULL REFERENCES chargers (id) ON DELETE CASCADE,
    -- Answered: UpdateFirmware got its (empty) CALLRESULT; else what happened instead (NotConnected...).
    answer         TEXT,
    latest_status  TEXT,
    status_at      TIMESTAMPTZ,
    PRIMARY KEY (rollout_id, charger_id)
);
CREATE INDEX firmware_rollout_targets_charger ON firmware_rollout_targets (charger_id, rollout_id DESC);

-- Every FirmwareStatusNotification, linked to the charger's latest rollout it answered (if any).
CREATE TABLE firmware_status_events (
    id          BIGSERIAL PRIMARY KEY,
    charger_id  BIGINT      NOT NULL REFERENCES chargers (id) ON DELETE CASCADE,
    rollout_id  BIGINT      REFERENCES firmware_rollouts (id) ON DELETE SET NULL,
    status      TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX firmware_status_events_charger ON firmware_status_events (charger_id, id DESC);
CREATE INDEX firmware_status_events_rollout ON firmware_status_events (rollout_id, id);

-- GetDiagnostics requests. The location sent is the node's upload URL for this request's token, so only
-- a charger that was asked can upload; the upload is kept in dataDir/files/diagnostics/<stored_name>.
CREATE TABLE diagnostics_requests (
    id              BIGSERIAL PRIMARY KEY,
    charger_id      BIGINT      NOT NULL REFERENCES chargers (id) ON DELETE CASCADE,
    upload_token    TEXT        NOT NULL UNIQUE,
    location        TEXT        NOT NULL,
    start_time      TIMESTAMPTZ,
    stop_time       TIMESTAMPTZ,
    retries         INTEGER     CHECK (retries >= 0),
    retry_interval  INTEGER     CHECK (retry_interval >= 0),
    answer          TEXT,
    file_name       TEXT,
    latest_status   TEXT,
    status_at       TIMESTAMPTZ,
    uploaded_name   TEXT,
    uploaded_bytes  BIGINT,
    stored_name     TEXT,
    uploaded_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX diagnostics_requests_charger ON diagnostics_requests (charger_id, id DESC);

CREATE TABLE diagnostics_status_events (
    id          BIGSERIAL PRIMARY KEY,
    charger_id  BIGINT      NOT NULL REFERENCES chargers (id) ON DELETE CASCADE,
    request_id  BIGINT      REFERENCES diagnostics_requests (id) ON DELETE SET NULL,
    status      TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX diagnostics_status_events_charger ON diagnostics_status_events (charger_id, id DESC);
