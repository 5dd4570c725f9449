package io.csms.simulator.benchmark;

import io.csms.simulator.metrics.SimulationStats;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's own view of its answer times: {@code csms_ocpp_call_duration_seconds} (a Prometheus histogram per
 * action) read from {@code /metrics} before and after the window. Set against the simulator's latencies it tells
 * time spent in the node (up to the commit and the answer written) from time spent on the way and in the load
 * generator. A percentile is the upper bound of the histogram bucket it falls in (buckets about 10% apart).
 */
final class ServerLatency {
  static final String ALL_ACTIONS = SimulationStats.ALL_ACTIONS;
  private static final Pattern BUCKET = Pattern.compile(
      "^csms_ocpp_call_duration_seconds_bucket\\{(?:.*,)?action=\"([^\"]*)\"(?:,.*)?,le=\"([^\"]+)\"}\\s+(\\S+)$");

  /** Per action: cumulative counts by upper bound in seconds, as Prometheus publishes them. */
  private final Map<String, TreeMap<Double, Long>> buckets;

  private ServerLatency(Map<String, TreeMap<Double, Long>> buckets) {
    this.buckets = buckets;
  }

  static ServerLatency parse(String prometheusText) {
    Map<String, TreeMap<Double, Long>> buckets = new HashMap<>();
    for (String line : prometheusText.split("\n")) {
      Matcher m = BUCKET.matcher(line);
      if (m.matches()) {
        double le = m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
        long count = (long) Double.parseDouble(m.group(3));
        buckets.computeIfAbsent(m.group(1), a -> new TreeMap<>()).merge(le, count, Long::sum);
      }
    }
    return new ServerLatency(buckets);
  }

  /** What was recorded after {@code earlier}, with every action summed into {@value #ALL_ACTIONS}. */
  ServerLatency since(ServerLatency earlier) {
    Map<String, TreeMap<Double, Long>> delta = new HashMap<>();
    TreeMap<Double, Long> all = new TreeMap<>();
    buckets.forEach((action, now) -> {
      TreeMap<Double, Long> before = earlier.buckets.getOrDefault(action, new TreeMap<>());
      TreeMap<Double, Long> d = new TreeMap<>();
      now.forEach((le, count) -> d.put(le, count - before.getOrDefault(le, 0L)));
      if (d.lastEntry().getValue() > 0) {
        delta.put(action, d);
        d.forEach((le, count) -> all.merge(le, count, Long::sum));
      }
    });
    if (!all.isEmpty()) {
      delta.put(ALL_ACTIONS, all);
    }
    return new ServerLatency(delta);
  }

  /** The {@code percentile} of {@code action} in ms (bucket upper bound); -1 when nothing was recorded. */
  double percentileMillis(String action, double percentile) {
    TreeMap<Double, Long> b = buckets.get(action);
    if (b == null || b.isEmpty() || b.lastEntry().getValue() == 0) {
      return -1;
    }
    double rank = Math.ceil(b.lastEntry().getValue() * percentile / 100.0);
    for (Map.Entry<Double, Long> e : b.entrySet()) {
      if (e.getValue() >= rank) {
        return e.getKey() * 1000;
      }
    }
    return -1;
  }
}
