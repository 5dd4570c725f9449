-- meter_readings and ocpp_messages only grow, and autovacuum visits them for their inserts (PostgreSQL 13's
-- autovacuum_vacuum_insert_threshold): each pass marks the pages written since the last one all-visible, which
-- dirties them and writes them out again. At autovacuum's default pace (autovacuum_vacuum_cost_delay 2 ms) one
-- such pass over meter_readings kept a two-core machine fully busy for five seconds and slowed every answer of
-- those seconds (docs/benchmarks.md). At a fifth of that pace the same work is spread over five times as long.
-- The pace applies to every autovacuum of these two tables; what they need, visibility and freezing, can wait.
ALTER TABLE meter_readings SET (autovacuum_vacuum_cost_delay = 10);
ALTER TABLE ocpp_messages SET (autovacuum_vacuum_cost_delay = 10);
