package io.csms.ocpp.transport;

import io.csms.bus.BusFailure;
import io.csms.bus.PersistenceAddresses;
import io.csms.ocpp.bus.PersistenceGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCPP-J endpoint {@code ws://host:port/ocpp/{chargePointId}}. Every decision is taken at the HTTP
 * upgrade, before a WebSocket exists: another path is 404, a handshake that does not offer the
 * {@code ocpp1.6} subprotocol is 400, a charge point the store does not know is 404, a store that does not
 * answer is 503. Plain HTTP requests are 404.
 */
public final class OcppWebSocketServer {
  public static final String SUBPROTOCOL = "ocpp1.6";
  private static final String PATH_PREFIX = "/ocpp/";
  private static final Logger LOG = LoggerFactory.getLogger(OcppWebSocketServer.class);

  private final Vertx vertx;
  private final PersistenceGateway store;
  private final BiConsumer<String, ServerWebSocket> onAccepted;
  private HttpServer server;

  /** {@code onAccepted} receives each accepted socket with its charge point id, on the socket's event loop. */
  public OcppWebSocketServer(Vertx vertx, PersistenceGateway store, BiConsumer<String, ServerWebSocket> onAccepted) {
    this.vertx = vertx;
    this.store = store;
    this.onAccepted = onAccepted;
  }

  /**
   * Listens. Netty's own frame and message limits sit well above {@code maxFrameBytes} so that a message
   * a little too big reaches the session, which answers it with a CALLERROR; only a message beyond
   * {@link #nettyMessageLimit(int)} makes Netty close the connection (status 1009).
   */
  public Future<HttpServer> listen(String host, int port, int maxFrameBytes) {
    int nettyLimit = nettyMessageLimit(maxFrameBytes);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setWebSocketSubProtocols(List.of(SUBPROTOCOL))
        .setMaxWebSocketFrameSize(nettyLimit)
        .setMaxWebSocketMessageSize(nettyLimit)
        .setRegisterWebSocketWriteHandlers(false);
    server = vertx.createHttpServer(options)
        .webSocketHandshakeHandler(this::onHandshake)
        .webSocketHandler(socket -> {
          // Sockets are taken over in onHandshake's accept(); nothing to do here.
        })
        .requestHandler(request -> request.response().setStatusCode(404).end());
    return server.listen();
  }

  /** Four times the OCPP limit, at least 1 MiB. */
  public static int nettyMessageLimit(int maxFrameBytes) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1L << 20, maxFrameBytes * 4L));
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void onHandshake(ServerWebSocketHandshake handshake) {
    String chargePointId = chargePointIdOf(handshake.path());
    if (chargePointId == null) {
      handshake.reject(404);
      return;
    }
    if (!offersOcpp16(handshake)) {
      LOG.info("{}: handshake refused, subprotocol {} not offered", chargePointId, SUBPROTOCOL);
      handshake.reject(400);
      return;
    }
    store.request(PersistenceAddresses.CHARGER_LOOKUP, new JsonObject().put("chargePointId", chargePointId))
        .onSuccess(charger -> handshake.accept()
            .onSuccess(socket -> onAccepted.accept(chargePointId, socket))
            .onFailure(e -> LOG.info("{}: upgrade failed: {}", chargePointId, e.toString())))
        .onFailure(e -> {
          int code = BusFailure.codeOf(e);
          if (code == BusFailure.NOT_FOUND) {
            LOG.info("{}: handshake refused, unknown charge point", chargePointId);
            handshake.reject(404);
          } else {
            LOG.warn("{}: handshake refused, charger lookup failed: {}", chargePointId, e.toString());
            handshake.reject(503);
          }
        });
  }

  /** The charge point id of {@code /ocpp/{id}}, percent-decoded; null for any other path. */
  static String chargePointIdOf(String path) {
    if (path == null || !path.startsWith(PATH_PREFIX)) {
      return null;
    }
    String raw = path.substring(PATH_PREFIX.length());
    if (raw.isEmpty() || raw.indexOf('/') >= 0) {
      return null;
    }
    try {
      // URLDecoder decodes form encoding: keep '+' literal as a path segment does.
      String id = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
      return id.isBlank() || id.length() > 64 || id.indexOf('/') >= 0 ? null : id;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean offersOcpp16(ServerWebSocketHandshake handshake) {
    for (String header : handshake.headers().getAll("Sec-WebSocket-Protocol")) {
      for (String offered : header.split(",")) {
        if (SUBPROTOCOL.equals(offered.trim())) {
          return true;
        }
      }
    }
    return false;
  }
}
