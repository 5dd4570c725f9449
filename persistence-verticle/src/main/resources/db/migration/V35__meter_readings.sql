-- Meter values stored one row per reading (the sampled values a report carries for one instant) instead of one
-- row per sampled value: a MeterValues report of six measurands wrote six rows and eighteen index entries, now
-- one row and three (docs/benchmarks.md). Each reading keeps its sampled values as parallel arrays, in the order
-- reported; element i of every array belongs to the i-th sampled value. Numbers stay NUMERIC.
CREATE TABLE meter_readings (
    id                BIGSERIAL   PRIMARY KEY,
    charger_id        BIGINT      NOT NULL,
    connector_id      INTEGER     NOT NULL,
    transaction_id    BIGINT,
    sampled_at        TIMESTAMPTZ NOT NULL,
    measurands        TEXT[]      NOT NULL,
    phases            TEXT[]      NOT NULL,
    units             TEXT[]      NOT NULL,
    contexts          TEXT[]      NOT NULL,
    locations         TEXT[]      NOT NULL,
    formats           TEXT[]      NOT NULL,
    raw_values        TEXT[]      NOT NULL,
    numeric_values    NUMERIC[]   NOT NULL,
    normalized_values NUMERIC[]   NOT NULL,
    normalized_units  TEXT[]      NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT meter_readings_parallel CHECK (
        cardinality(measurands) > 0
        AND cardinality(phases) = cardinality(measurands) AND cardinality(units) = cardinality(measurands)
        AND cardinality(contexts) = cardinality(measurands) AND cardinality(locations) = cardinality(measurands)
        AND cardinality(formats) = cardinality(measurands) AND cardinality(raw_values) = cardinality(measurands)
        AND cardinality(numeric_values) = cardinality(measurands)
        AND cardinality(normalized_values) = cardinality(measurands)
        AND cardinality(normalized_units) = cardinality(measurands))
);

-- What was stored before, grouped into readings: the samples one statement wrote for one charger, connector,
-- transaction and instant, in the order they were written.
INSERT INTO meter_readings (charger_id, connector_id, transaction_id, sampled_at, measurands, phases, units, contexts,
                            locations, formats, raw_values, numeric_values, normalized_values, normalized_units,
                            created_at)
SELECT charger_id, connector_id, transaction_id, sampled_at,
       array_agg(measurand ORDER BY id), array_agg(phase ORDER BY id), array_agg(unit ORDER BY id),
       array_agg(context ORDER BY id), array_agg(location ORDER BY id), array_agg(format ORDER BY id),
       array_agg(raw_value ORDER BY id), array_agg(value ORDER BY id), array_agg(normalized_value ORDER BY id),
       array_agg(normalized_unit ORDER BY id), created_at
  FROM meter_values
 GROUP BY charger_id, connector_id, transaction_id, sampled_at, created_at
 ORDER BY min(id);

CREATE INDEX meter_readings_transaction ON meter_readings (transaction_id, sampled_at);
CREATE INDEX meter_readings_charger ON meter_readings (charger_id, sampled_at DESC);

DROP TABLE meter_values;

-- The sampled values one per row, as before: what reports, exports and operators' queries read. A reading's
-- values keep their order (reading_id, position).
CREATE VIEW meter_values AS
SELECT r.id AS reading_id, s.position::integer AS position, r.charger_id, r.connector_id, r.transaction_id,
       r.sampled_at, s.measurand, s.phase, s.unit, s.context, s.location, s.format, s.raw_value, s.value,
       s.normalized_value, s.normalized_unit, r.created_at
  FROM meter_readings r,
       unnest(r.measurands, r.phases, r.units, r.contexts, r.locations, r.formats, r.raw_values, r.numeric_values,
              r.normalized_values, r.normalized_units) WITH ORDINALITY
         AS s(measurand, phase, unit, context, location, format, raw_value, value, normalized_value, normalized_unit,
              position);
