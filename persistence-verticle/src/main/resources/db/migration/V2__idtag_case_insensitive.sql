-- OCPP idTags are CiString20, compared without regard to case: an idTag is looked up by lower(), and two
-- users cannot hold cards that differ only in case.
CREATE UNIQUE INDEX users_rfid_id_tag_ci ON users (lower(rfid_id_tag));
