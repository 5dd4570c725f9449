package io.csms.persistence.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void theDelayDoublesFromTheBaseUntilTheCap() {
    RetryPolicy policy = new RetryPolicy(60, 3600, 24);
    long[] expected = {60, 120, 240, 480, 960, 1920, 3600, 3600};
    for (int attempt = 1; attempt <= expected.length; attempt++) {
      assertEquals(expected[attempt - 1], policy.delaySecondsAfter(attempt), "after attempt " + attempt);
    }
    assertEquals(3600, policy.delaySecondsAfter(1_000_000), "no overflow after many attempts");
  }

  @Test
  void absentSettingsTakeTheDefaultsAndNonsenseIsRefused() {
    assertEquals(new RetryPolicy(60, 3600, 24), RetryPolicy.of(new BusRequest(new JsonObject())));
    assertEquals(new RetryPolicy(5, 3600, 24), RetryPolicy.of(retry(new JsonObject().put("baseSeconds", 5))));
    assertEquals(new RetryPolicy(100, 100, 24), RetryPolicy.of(retry(new JsonObject().put("baseSeconds", 100).put("capSeconds", 10))));
    assertThrows(RequestRefused.class, () -> RetryPolicy.of(retry(new JsonObject().put("baseSeconds", 0))));
    assertThrows(RequestRefused.class, () -> RetryPolicy.of(retry(new JsonObject().put("giveUpHours", "soon"))));
    assertThrows(RequestRefused.class, () -> RetryPolicy.of(new BusRequest(new JsonObject().put("retry", 5))));
  }

  private static BusRequest retry(JsonObject retry) {
    return new BusRequest(new JsonObject().put("retry", retry));
  }
}
