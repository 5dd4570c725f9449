package io.csms.ocpp.session;

import io.csms.ocpp.bus.FrameAudit;
import io.csms.ocpp.metrics.OcppMetrics;
import io.csms.ocpp.validation.SchemaCatalog;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * What every {@link ChargerSession} of a node shares (one instance, so a session carries a single reference).
 * {@code onClosed} runs once when a session's socket has closed.
 */
public record SessionServices(Vertx vertx, CallDispatcher dispatcher, SchemaCatalog schemas, FrameAudit audit,
                              OcppMetrics metrics, int maxFrameBytes, int callQueueLimit,
                              Consumer<ChargerSession> onClosed) {
}
