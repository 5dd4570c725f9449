-- The audit log's indexes cost more than its rows (docs/benchmarks.md, eighth session): inserting 2.7 M frames
-- took 11 s of database CPU with the primary key alone, 34 s with the three indexes of V1/V20 and 29 s with
-- these (15% less WAL); in the benchmark's mix the audit insert took 9% less time and wrote 12% less WAL.
--
-- Ascending, not DESC: new frames carry the latest time, so they go to the right edge of an ascending index,
-- which splits leaving full pages behind; at the left edge of a DESC index pages split in half and stay half
-- empty (the time index was twice its size). PostgreSQL reads an ascending index backwards for the log's
-- ORDER BY created_at DESC.
DROP INDEX ocpp_messages_time;
CREATE INDEX ocpp_messages_time ON ocpp_messages (created_at);
DROP INDEX ocpp_messages_charger_time;
CREATE INDEX ocpp_messages_charger_time ON ocpp_messages (charge_point_id, created_at);

-- The action index serves a filter by action alone, which needs it only for the rarer actions: MeterValues
-- and Heartbeat, most of the frames, are found at once by walking the time index. Left out of it, they no
-- longer cost an insert into it (the index is an eighth of its former size in the benchmark's mix).
DROP INDEX ocpp_messages_action_time;
CREATE INDEX ocpp_messages_action_time ON ocpp_messages (action, created_at)
    WHERE action NOT IN ('MeterValues', 'Heartbeat');
