package io.csms.simulator.benchmark;

/** Autovacuum's passes over the benchmark database's tables that have ended: vacuums and analyzes. */
record AutovacuumPasses(long vacuums, long analyzes) {

  /** The passes after {@code earlier}. */
  AutovacuumPasses since(AutovacuumPasses earlier) {
    return new AutovacuumPasses(vacuums - earlier.vacuums, analyzes - earlier.analyzes);
  }
}
