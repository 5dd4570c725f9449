package io.csms.simulator;

import java.util.List;

/**
 * A fleet to simulate.
 *
 * @param chargePoint     how each charge point behaves
 * @param chargers        how many charge points
 * @param idPrefix        charge point ids are this prefix followed by a zero-padded number
 * @param firstNumber     the number of the first charge point
 * @param rampPerSecond   how many charge points connect per second
 * @param localAddresses  source addresses to spread connections over (empty: the system's choice), which
 *                        multiplies the ephemeral ports available towards one server
 * @param startActive     false holds scenarios back until {@link Simulation#activate()}
 */
public record SimulationPlan(ChargePointSettings chargePoint, int chargers, String idPrefix, int firstNumber,
                             double rampPerSecond, List<String> localAddresses, boolean startActive) {
  public SimulationPlan {
    if (chargers < 1) {
      throw new IllegalArgumentException("chargers must be >= 1");
    }
    if (rampPerSecond <= 0) {
      throw new IllegalArgumentException("ramp-per-second must be > 0");
    }
    localAddresses = List.copyOf(localAddresses);
  }

  /** The id of charge point {@code index} (from 0). */
  public String chargePointId(int index) {
    return idPrefix + String.format("%05d", firstNumber + index);
  }

  /** The RFID tag charge point {@code index} (from 0) presents. */
  public String idTag(int index) {
    return chargePoint.idTagFor(firstNumber + index);
  }
}
