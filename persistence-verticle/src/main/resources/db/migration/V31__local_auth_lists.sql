-- OCPP Local Auth List Management. local_auth_lists.list_version is the version the charger last accepted
-- (0: never sent); local_auth_list_entries is that list as the charger holds it, so a Differential update
-- sends only what changed since. reported_version is what GetLocalListVersion last answered.
CREATE TABLE local_auth_lists (
    charger_id       BIGINT      PRIMARY KEY REFERENCES chargers (id) ON DELETE CASCADE,
    list_version     INTEGER     NOT NULL DEFAULT 0 CHECK (list_version >= 0),
    reported_version INTEGER,
    reported_at      TIMESTAMPTZ,
    last_update_type TEXT        CHECK (last_update_type IN ('Full', 'Differential')),
    last_answer      TEXT,
    last_sent_at     TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE local_auth_list_entries (
    charger_id    BIGINT      NOT NULL REFERENCES chargers (id) ON DELETE CASCADE,
    id_tag        TEXT        NOT NULL CHECK (char_length(id_tag) <= 20),
    status        TEXT        NOT NULL CHECK (status IN ('Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx')),
    expiry_date   TIMESTAMPTZ,
    parent_id_tag TEXT,
    PRIMARY KEY (charger_id, id_tag)
);
