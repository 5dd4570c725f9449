-- ANALYZE computed element statistics for each of meter_readings' ten arrays (most common elements, their
-- frequencies and a histogram of array lengths), which no query uses: the table is looked up by transaction and
-- by charger, never by what its arrays hold. Autovacuum analyzes the table over and over as it grows, and with
-- these statistics each pass cost a core for 1.3-1.6 s; without them, 0.3 s (docs/benchmarks.md).
ALTER TABLE meter_readings
    ALTER COLUMN measurands SET STATISTICS 0,
    ALTER COLUMN phases SET STATISTICS 0,
    ALTER COLUMN units SET STATISTICS 0,
    ALTER COLUMN contexts SET STATISTICS 0,
    ALTER COLUMN locations SET STATISTICS 0,
    ALTER COLUMN formats SET STATISTICS 0,
    ALTER COLUMN raw_values SET STATISTICS 0,
    ALTER COLUMN numeric_values SET STATISTICS 0,
    ALTER COLUMN normalized_values SET STATISTICS 0,
    ALTER COLUMN normalized_units SET STATISTICS 0;
