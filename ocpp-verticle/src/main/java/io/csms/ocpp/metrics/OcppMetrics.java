package io.csms.ocpp.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The OCPP endpoint's own Prometheus metrics, in the registry Vert.x metrics use (served at
 * {@code /metrics}): {@code csms_ocpp_messages_total{direction, type, action}},
 * {@code csms_ocpp_connected_chargers{node}} and {@code csms_ocpp_call_duration_seconds{action}}, how long the
 * node took to answer charge points' CALLs (a histogram, so percentiles can be computed over any window).
 * When the node runs without metrics (tests deploying the
 * verticle alone) every call is a no-op.
 */
public final class OcppMetrics {
  private static final String[] TYPES = {"", "", "CALL", "CALLRESULT", "CALLERROR"};
  private final MeterRegistry registry;
  // One counter per (direction, type, action): a few dozen at most, looked up without allocating a Meter.Id.
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> callDurations = new ConcurrentHashMap<>();

  private OcppMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Binds to the Vert.x metrics registry if metrics are enabled, else does nothing. */
  public static OcppMetrics create(String nodeId, IntSupplier connectedChargers) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry != null) {
      Gauge.builder("csms.ocpp.connected.chargers", connectedChargers::getAsInt)
          .description("Charge points with a live WebSocket on this node").tag("node", nodeId)
          .register(registry);
    }
    return new OcppMetrics(registry);
  }

  /** Counts one frame; {@code action} null for frames whose action is unknown (malformed ones). */
  public void frame(String direction, int messageType, String action) {
    if (registry == null) {
      return;
    }
    String type = messageType >= 2 && messageType <= 4 ? TYPES[messageType] : "INVALID";
    String name = action == null ? "unknown" : action;
    counters.computeIfAbsent(direction + '|' + type + '|' + name, key -> Counter.builder("csms.ocpp.messages")
        .description("OCPP-J frames by direction (IN from charge points, OUT to them), frame type and action")
        .tag("direction", direction).tag("type", type).tag("action", name)
        .register(registry)).increment();
  }

  /**
   * Records how long the node took to answer a charge point's CALL, from taking it up to writing the answer
   * (a CALLRESULT or a CALLERROR); {@code action} null for a CALL whose action is unknown.
   */
  public void answered(String action, long nanos) {
    if (registry == null) {
      return;
    }
    String name = action == null ? "unknown" : action;
    callDurations.computeIfAbsent(name, key -> Timer.builder("csms.ocpp.call.duration")
        .description("Time the node took to answer a charge point's CALL (after the commit of what it reported)")
        .tag("action", name)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }
}
