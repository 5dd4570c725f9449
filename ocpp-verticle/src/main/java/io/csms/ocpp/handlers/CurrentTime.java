package io.csms.ocpp.handlers;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The CSMS's clock as OCPP answers carry it: UTC, millisecond precision. */
final class CurrentTime {
  private CurrentTime() {
  }

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
