-- OCPP Reservation profile. The row id is the reservationId sent in ReserveNow (an OCPP integer).
-- connector_id 0 reserves the whole charger. At most one open (REQUESTED or ACTIVE) reservation per
-- connector: a second ReserveNow for it is refused before anything is sent.
CREATE TABLE reservations (
    id             SERIAL PRIMARY KEY,
    charger_id     BIGINT      NOT NULL REFERENCES chargers (id) ON DELETE CASCADE,
    connector_id   INTEGER     NOT NULL CHECK (connector_id >= 0),
    user_id        BIGINT      REFERENCES users (id) ON DELETE SET NULL,
    id_tag         TEXT        NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    status         TEXT        NOT NULL DEFAULT 'REQUESTED'
        CHECK (status IN ('REQUESTED', 'ACTIVE', 'REJECTED', 'USED', 'EXPIRED', 'CANCELLED')),
    -- The charger's ReserveNow status, or what happened instead of an answer.
    charger_answer TEXT,
    transaction_id BIGINT      REFERENCES charging_transactions (id) ON DELETE SET NULL,
    ended_at       TIMESTAMPTZ,
    end_reason     TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX reservations_one_open_per_connector ON reservations (charger_id, connector_id)
    WHERE status IN ('REQUESTED', 'ACTIVE');
CREATE INDEX reservations_expiry ON reservations (expires_at) WHERE status IN ('REQUESTED', 'ACTIVE');
CREATE INDEX reservations_charger ON reservations (charger_id, id DESC);
CREATE INDEX charging_transactions_reservation ON charging_transactions (reservation_id)
    WHERE reservation_id IS NOT NULL;
