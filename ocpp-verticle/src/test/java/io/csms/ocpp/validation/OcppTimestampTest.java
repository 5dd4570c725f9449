package io.csms.ocpp.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.csms.ocpp.framing.ErrorCode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timestamps reach the bus in UTC, written as Instant.toString() writes them, whichever way they came. */
class OcppTimestampTest {
  @Test
  void everyAcceptedFormReachesTheBusAsInstantToStringWritesIt() {
    for (String text : List.of("2026-11-24T10:15:30Z", "2026-11-24T10:15:30.123Z", "2026-11-24T10:15:30.120Z",
        "2026-11-24T10:15:30.000Z", "2026-11-24T10:15:30.5Z", "2026-11-24T10:15:30.123000Z",
        "2026-11-24T10:15:30.123456Z", "2026-11-24T10:15:30.123456000Z", "2026-11-24T10:15:30.000000001Z",
        "2026-11-24t10:15:30z", "2026-11-24T15:45:30+05:30", "2026-11-24T10:15:30.1-00:00",
        Instant.now().toString())) {
      String expected = java.time.OffsetDateTime.parse(text.toUpperCase()).toInstant().toString();
      assertEquals(expected, OcppTimestamp.toUtc("timestamp", text), text);
    }
  }

  @Test
  void aTimestampWithoutOffsetIsAPropertyConstraintViolation() {
    PayloadViolationException refused = assertThrows(PayloadViolationException.class,
        () -> OcppTimestamp.toUtc("timestamp", "2026-11-24T10:15:30"));
    assertEquals(ErrorCode.PropertyConstraintViolation, refused.violation().code());
  }
}
