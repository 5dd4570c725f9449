package io.csms.simulator;

import java.util.Locale;

/** What a simulated charge point does once booted. */
public enum Scenario {
  /** Sessions back to back on every connector: Authorize, Start, MeterValues, Stop, statuses. */
  FULL_SESSION,
  /** Connectors go Unavailable, Faulted and back to Available now and then, between sessions. */
  AVAILABILITY,
  /** Sessions, but the link drops in the middle of one; messages queued offline are replayed after reconnecting. */
  RECONNECT,
  /** Sessions from a charger with odd but valid habits: maximum-length serials, rare error codes, "Celcius", kWh registers, local offsets. */
  QUIRKS,
  /** Connected, booted, heartbeats and statuses only. */
  IDLE,
  /** Each charge point picks one of the above by its number: 60% full session, 10% availability, 15% reconnect, 15% quirks. */
  MIX;

  /** The scenario charge point number {@code index} (from 0) plays. */
  public Scenario forChargePoint(int index) {
    if (this != MIX) {
      return this;
    }
    int slot = Math.floorMod(index * 7 + 3, 20); // spreads the kinds evenly over small fleets too
    if (slot < 12) {
      return FULL_SESSION;
    } else if (slot < 14) {
      return AVAILABILITY;
    } else if (slot < 17) {
      return RECONNECT;
    }
    return QUIRKS;
  }

  /** Parses the command-line spelling: {@code full-session}, {@code availability}, ... */
  public static Scenario parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
