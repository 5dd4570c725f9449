-- One row per exchange: a CALL and its answer (CALLRESULT or CALLERROR) share a row, where each frame had a row of
-- its own. The audit log was the database's largest writer, and a row costs more in its four index entries than in
-- its bytes (docs/benchmarks.md, tenth session). A frame that comes without its partner (a CALL never answered, an
-- answer to a CALL logged before, a malformed frame) still has a row of its own, as every row before this did.
--
-- The answer's frame keeps an id of its own (answer_id, from the rows' sequence) and its own time; it travels in
-- the direction opposite to its CALL's. The audit log's writer stores an answer in its CALL's row only when it
-- was stamped within a minute after the CALL (AuditLog.MAX_ANSWER_DELAY_SECONDS; the OCPP verticle holds a CALL
-- 20 s at most), so a frame's time lies within [created_at, created_at + 1 minute] of its row, which lets a search
-- by time use the index on created_at (reading at most a minute of rows more than the range).
--
-- Added columns are null and the constraint is NOT VALID: no row is rewritten or scanned, so this is instant on a
-- log of any size (rows written before it have no answer, which the constraint allows).
ALTER TABLE ocpp_messages
    ADD COLUMN answer_id BIGINT,
    ADD COLUMN answer_type SMALLINT,
    ADD COLUMN answer_payload JSON,
    ADD COLUMN answered_at TIMESTAMPTZ,
    ADD CONSTRAINT ocpp_messages_answer CHECK (
        (answer_type IS NULL AND answer_id IS NULL AND answer_payload IS NULL AND answered_at IS NULL)
        OR (message_type = 2 AND answer_type IN (3, 4) AND answer_id IS NOT NULL AND answered_at IS NOT NULL))
        NOT VALID;

-- The log frame by frame, as the management API shows it: a row's CALL and, when it has one, its answer.
-- exchange_id and exchange_at are the row's: ordering by them walks the time index.
CREATE VIEW ocpp_frames AS
SELECT f.id, m.charge_point_id, f.direction, f.message_type, m.action, m.message_id, f.payload, f.created_at,
       m.id AS exchange_id, m.created_at AS exchange_at
  FROM ocpp_messages m
 CROSS JOIN LATERAL (VALUES (m.id, m.direction, m.message_type, m.payload, m.created_at),
                            (m.answer_id, CASE m.direction WHEN 'IN' THEN 'OUT' ELSE 'IN' END, m.answer_type,
                             m.answer_payload, m.answered_at))
       AS f(id, direction, message_type, payload, created_at)
 WHERE f.id IS NOT NULL;
