package io.csms.simulator.benchmark;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The CSMS node's {@code /metrics} (Prometheus text), read before and after the window, with the load
 * generator's own Vert.x: the JDK's HTTP client, used for the first time at the window's start, took 3.4 s of a
 * core to set itself up there, and the first seconds of the window paid for it (docs/benchmarks.md).
 */
final class NodeMetrics {
  private NodeMetrics() {
  }

  static Future<String> fetch(Vertx vertx, int httpPort) {
    HttpClient client = vertx.createHttpClient();
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(httpPort)
            .setURI("/metrics").setConnectTimeout(5_000).setIdleTimeout(10_000))
        .compose(request -> request.send())
        .compose(response -> response.statusCode() == 200
            ? response.body().map(Buffer::toString)
            : Future.<String>failedFuture("/metrics answered " + response.statusCode()))
        .eventually(client::close);
  }
}
