package io.csms.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quick reading of the bus's instants gives what the general ISO parser gives, and refuses the same. */
class BusInstantTest {
  @Test
  void instantsAsTheBusWritesThemReadAsTheIsoParserReadsThem() {
    List<String> texts = List.of("2026-11-24T10:15:30Z", "2026-11-24T10:15:30.123Z", "2026-11-24T10:15:30.123456Z",
        "2026-11-24T10:15:30.123456789Z", "2026-11-24T10:15:30.5Z", "2024-02-29T23:59:59Z", "0001-01-01T00:00:00Z",
        Instant.now().toString(), Instant.ofEpochMilli(1_700_000_000_000L).toString());
    for (String text : texts) {
      assertNotNull(BusRequest.utcInstant(text), text);
      assertEquals(OffsetDateTime.parse(text), BusRequest.parseInstant("at", text), text);
    }
  }

  @Test
  void otherFormsTakeTheGeneralWay() {
    assertNull(BusRequest.utcInstant("2026-11-24T10:15:30+05:30"));
    assertEquals(OffsetDateTime.parse("2026-11-24T10:15:30+05:30"),
        BusRequest.parseInstant("at", "2026-11-24T10:15:30+05:30"));
  }

  @Test
  void impossibleOrLocalInstantsAreRefused() {
    for (String text : List.of("2026-02-30T10:15:30Z", "2026-11-24T24:15:30Z", "2026-13-24T10:15:30Z",
        "2026-11-24T10:15:30", "2026-11-24T10:15:30.1234567890Z", "2026-11-24 10:15:30Z",
        "yesterday")) {
      assertThrows(RequestRefused.class, () -> BusRequest.parseInstant("at", text), text);
    }
  }
}
