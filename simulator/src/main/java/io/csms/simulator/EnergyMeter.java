package io.csms.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;

/**
 * The meter of one connector and the car plugged into it: a lifetime energy register that only grows,
 * a charging power that tapers as the battery fills, and the voltage, current, SoC and temperature a
 * real meter reports. Time advances by wall clock between samples.
 */
final class EnergyMeter {
  private static final double NOMINAL_VOLTS = 230.0;

  private final Random random;
  private final double maxPowerW;
  private final int phases;
  private double registerWh;
  private double powerW;
  private double socPercent;
  private double batteryWh;
  private double temperatureC;
  private long lastAdvanceNanos = System.nanoTime();
  private boolean charging;

  EnergyMeter(Random random, double maxPowerW, int phases) {
    this.random = random;
    this.maxPowerW = maxPowerW;
    this.phases = phases;
    this.registerWh = 1_000 + random.nextInt(5_000_000);
    this.temperatureC = 24 + random.nextInt(8);
  }

  /** A new car arrives: battery between 40 and 100 kWh, 10% to 60% full. */
  void plugIn() {
    advance();
    batteryWh = 40_000 + random.nextInt(60_001);
    socPercent = 10 + random.nextInt(51);
  }

  void startCharging() {
    advance();
    charging = true;
  }

  void stopCharging() {
    advance();
    charging = false;
    powerW = 0;
  }

  /** Integrates the power over the time since the last call. */
  void advance() {
    long now = System.nanoTime();
    double hours = (now - lastAdvanceNanos) / 3.6e12;
    lastAdvanceNanos = now;
    if (!charging) {
      temperatureC += (25 - temperatureC) * 0.05;
      return;
    }
    double taper = socPercent < 80 ? 1.0 : Math.max(0.1, (100 - socPercent) / 20.0);
    powerW = maxPowerW * taper * (0.96 + random.nextDouble() * 0.04);
    double energy = powerW * hours;
    registerWh += energy;
    socPercent = Math.min(100, socPercent + energy / batteryWh * 100);
    temperatureC = Math.min(70, temperatureC + powerW / maxPowerW * 0.2);
  }

  /** The register in whole Wh, as meterStart/meterStop take it. */
  int registerWh() {
    return (int) Math.min(Integer.MAX_VALUE, Math.round(Math.floor(registerWh)));
  }

  boolean batteryFull() {
    return socPercent >= 100;
  }

  /**
   * The sampled values of one reading. {@code quirky} reports the register in kWh, the temperature in
   * "Celcius" (the misspelling the OCPP 1.6 schema itself allows) and a per-phase current.
   */
  JsonArray sampledValues(String context, boolean quirky) {
    double volts = NOMINAL_VOLTS + (random.nextDouble() * 6 - 3);
    double amps = powerW / (volts * phases);
    JsonArray values = new JsonArray();
    if (quirky) {
      values.add(sample(decimal(registerWh / 1000, 3), context,
          "Energy.Active.Import.Register", "kWh"));
    } else {
      values.add(sample(Long.toString((long) registerWh), context, "Energy.Active.Import.Register", "Wh"));
    }
    values.add(sample(decimal(powerW, 1), context, "Power.Active.Import", "W"));
    JsonObject current = sample(decimal(amps, 2), context, "Current.Import", "A");
    if (quirky) {
      current.put("phase", "L1");
    }
    values.add(current);
    values.add(sample(decimal(volts, 1), context, "Voltage", "V"));
    if (batteryWh > 0) {
      values.add(sample(decimal(socPercent, 0), context, "SoC", "Percent")
          .put("location", "EV"));
    }
    JsonObject temperature = sample(decimal(temperatureC, 1), context, "Temperature",
        quirky ? "Celcius" : "Celsius").put("location", "Body");
    values.add(temperature);
    return values;
  }

  /** {@code value} with {@code scale} decimals, rounded half up: String.format cost a formatter per sample. */
  static String decimal(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  /** Only the register, as transactionData's begin and end readings carry it. */
  JsonArray registerSample(String context) {
    return new JsonArray().add(sample(Long.toString((long) registerWh), context,
        "Energy.Active.Import.Register", "Wh"));
  }

  private static JsonObject sample(String value, String context, String measurand, String unit) {
    return new JsonObject().put("value", value).put("context", context).put("measurand", measurand)
        .put("unit", unit);
  }
}
