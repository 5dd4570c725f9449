package io.csms.simulator;

import io.csms.simulator.OcppChannel.Answer;
import io.csms.simulator.metrics.SimulationStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * One simulated OCPP 1.6J charge point, confined to one event loop. It connects, boots (retrying while
 * the CSMS answers Pending or Rejected, at the interval the CSMS returns), reports its connectors, sends
 * heartbeats, plays its {@link Scenario}, and answers CSMS-initiated CALLs as a real charger would.
 */
final class SimulatedChargePoint {
  static final String VENDOR = "SimuCharge";
  private static final long REBOOT_MILLIS = 2_000;
  private static final long UNPLUG_MILLIS = 1_000;
  private static final Set<String> AVAILABILITY_TYPES = Set.of("Inoperative", "Operative");
  private static final Set<String> RESET_TYPES = Set.of("Hard", "Soft");
  private static final Set<String> TRIGGERS = Set.of("BootNotification", "DiagnosticsStatusNotification",
      "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StatusNotification");

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String id;
  private final int index;
  private final String idTag;
  private final ChargePointSettings settings;
  private final Scenario scenario;
  private final boolean quirky;
  private final SimulationStats stats;
  private final Random random;
  private final OcppChannel channel;
  private final ChargerConfiguration configuration;
  private final List<Connector> connectors = new ArrayList<>();
  private final Runnable onFirstBoot;

  private WebSocket socket;
  private boolean needsBoot = true;
  private boolean everBooted;
  private boolean accepted;
  private boolean active;
  private boolean finishing;
  private boolean closed;
  private boolean offlineOnPurpose;
  private long heartbeatTimer = -1;
  private long pendingTimer = -1;
  private long meterIntervalMillis;
  private long transactionRetryMillis;
  private int reconnectAttempts;
  private final Promise<Void> shutdown = Promise.promise();

  private final class Connector {
    final int number;
    final EnergyMeter meter;
    String status = "Available";
    boolean inoperative;
    boolean inoperativeScheduled;
    boolean preparing;
    Transaction tx;
    long loopTimer = -1;
    int sessions;

    Connector(int number) {
      this.number = number;
      boolean dc = random.nextInt(4) == 0;
      this.meter = new EnergyMeter(random, dc ? 50_000 : 11_000, dc ? 1 : 3);
    }

    boolean free() {
      return tx == null && !preparing && !inoperative && "Available".equals(status);
    }
  }

  private static final class Transaction {
    final String idTag;
    final int meterStartWh;
    final String startedAt;
    final JsonArray beginSample;
    Integer transactionId;
    boolean startFailed;
    boolean stopping;
    long meterTimer = -1;
    long endTimer = -1;

    Transaction(String idTag, int meterStartWh, String startedAt, JsonArray beginSample) {
      this.idTag = idTag;
      this.meterStartWh = meterStartWh;
      this.startedAt = startedAt;
      this.beginSample = beginSample;
    }
  }

  SimulatedChargePoint(Vertx vertx, WebSocketClient client, String id, int index, String idTag,
                       ChargePointSettings settings, SimulationStats stats, boolean active, Runnable onFirstBoot) {
    this.vertx = vertx;
    this.client = client;
    this.id = id;
    this.index = index;
    this.idTag = idTag;
    this.onFirstBoot = onFirstBoot;
    this.settings = settings;
    this.scenario = settings.scenario().forChargePoint(index);
    this.quirky = scenario == Scenario.QUIRKS;
    this.stats = stats;
    this.active = active;
    this.random = new Random(id.hashCode() * 31L + System.nanoTime());
    this.meterIntervalMillis = settings.meterIntervalMillis();
    this.transactionRetryMillis = settings.transactionRetryMillis();
    this.configuration = new ChargerConfiguration(settings.connectors(),
        Math.max(0, settings.heartbeatMillis() / 1000), settings.meterIntervalMillis() / 1000,
        Math.max(1, (settings.transactionRetryMillis() + 999) / 1000));
    this.channel = new OcppChannel(vertx, stats, settings.callTimeoutMillis(), this::answer,
        () -> new OcppChannel.TransactionRetry(configuration.getLong("TransactionMessageAttempts", 3),
            transactionRetryMillis));
    for (int n = 1; n <= settings.connectors(); n++) {
      connectors.add(new Connector(n));
    }
  }

  String id() {
    return id;
  }

  Scenario scenario() {
    return scenario;
  }

  void start() {
    connect();
  }

  /** Begins the scenario (the benchmark holds it back until every charge point is connected). */
  void activate() {
    if (!active) {
      active = true;
      if (accepted) {
        startScenario();
      }
    }
  }

  /**
   * Ends the run like an operator switching chargers off in an orderly way: no new sessions, running
   * ones stopped, queued transaction messages delivered (reconnecting if needed), then the socket closed.
   * Completes when closed or when {@code graceMillis} is over.
   */
  Future<Void> shutdown(long graceMillis) {
    if (finishing) {
      return shutdown.future();
    }
    finishing = true;
    connectors.forEach(c -> cancelTimer(c.loopTimer));
    channel.retryNow(); // a message waiting for its retry gets one last try now rather than after the grace time
    List<Future<?>> stops = new ArrayList<>();
    for (Connector c : connectors) {
      if (c.tx != null) {
        stops.add(stopTransaction(c, "Local"));
      }
    }
    if (socket == null && channel.undeliveredTransactionMessages() > 0 && pendingTimer != -1) {
      cancelTimer(pendingTimer); // back online now, to deliver what was queued
      pendingTimer = -1;
      offlineOnPurpose = false;
      connect();
    }
    long deadline = vertx.setTimer(Math.max(1, graceMillis), t -> close());
    // Stops of sessions that ended just before are still in the queue: wait for those too.
    Future.join(stops).transform(v -> channel.transactionMessagesDelivered()).onComplete(v -> {
      vertx.cancelTimer(deadline);
      close();
    });
    return shutdown.future();
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    cancelTimer(heartbeatTimer);
    cancelTimer(pendingTimer);
    int unsent = channel.undeliveredTransactionMessages();
    for (int i = 0; i < unsent; i++) {
      stats.error("transaction-message-undelivered-at-end");
    }
    if (socket != null) {
      socket.close();
    }
    vertx.setTimer(2_000, t -> shutdown.tryComplete());
  }

  // ---------------------------------------------------------------- connection and boot

  private void connect() {
    if (closed) {
      shutdown.tryComplete();
      return;
    }
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setAbsoluteURI(settings.url() + "/" + id)
        .setSubProtocols(List.of("ocpp1.6"));
    client.connect(options).onComplete(ar -> {
      if (ar.failed()) {
        stats.error("connect:" + describe(ar.cause()));
        scheduleReconnect();
        return;
      }
      WebSocket ws = ar.result();
      if (closed) {
        ws.close();
        return;
      }
      socket = ws;
      reconnectAttempts = 0;
      stats.connected.increment();
      stats.window().connects.increment();
      if (!"ocpp1.6".equals(ws.subProtocol())) {
        stats.error("protocol:subprotocol-not-ocpp1.6");
      }
      ws.closeHandler(v -> onClosed(ws));
      ws.exceptionHandler(e -> { });
      channel.attach(ws, true);
      if (needsBoot) {
        boot();
      } else {
        online();
      }
    });
  }

  private static String describe(Throwable cause) {
    if (cause instanceof UpgradeRejectedException rejected) {
      return "rejected-" + rejected.getStatus();
    } else if (cause instanceof ConnectException) {
      return "refused";
    } else if (cause instanceof TimeoutException
        || String.valueOf(cause.getMessage()).toLowerCase().contains("timed out")) {
      return "timeout";
    }
    return cause.getClass().getSimpleName();
  }

  private void scheduleReconnect() {
    if (closed) {
      shutdown.tryComplete();
      return;
    }
    long backoff = Math.min(30_000, 1_000L << Math.min(5, reconnectAttempts++));
    pendingTimer = vertx.setTimer(backoff / 2 + random.nextInt((int) backoff / 2 + 1), t -> {
      pendingTimer = -1;
      connect();
    });
  }

  private void onClosed(WebSocket ws) {
    if (socket != ws) {
      return;
    }
    socket = null;
    accepted = false;
    stats.connected.decrement();
    channel.detach();
    cancelTimer(heartbeatTimer);
    heartbeatTimer = -1;
    if (closed) {
      shutdown.tryComplete();
    } else if (finishing && offlineOnPurpose && channel.undeliveredTransactionMessages() > 0) {
      // Dropped on purpose just as the shutdown began (it saw the socket still open): come back now to
      // deliver the stops rather than after the planned time offline.
      cancelTimer(pendingTimer);
      pendingTimer = -1;
      offlineOnPurpose = false;
      connect();
    } else if (!offlineOnPurpose) {
      stats.error("disconnected-by-csms");
      scheduleReconnect();
    }
  }

  private void boot() {
    channel.callFirst("BootNotification", bootPayload()).onComplete(ar -> {
      if (socket == null) {
        return; // the close handler reconnects
      }
      if (ar.failed()) {
        pendingTimer = vertx.setTimer(10_000, t -> boot());
        return;
      }
      JsonObject answer = ar.result();
      String status = answer.getString("status");
      long interval = answer.getValue("interval") instanceof Number n ? n.longValue() : 0;
      if ("Accepted".equals(status)) {
        needsBoot = false;
        boolean first = !everBooted;
        if (first) {
          everBooted = true;
          stats.booted.increment();
        }
        long heartbeat = settings.heartbeatMillis() > 0 ? settings.heartbeatMillis()
            : interval > 0 ? interval * 1000 : 300_000;
        configuration.change("HeartbeatInterval", Long.toString(Math.max(1, heartbeat / 1000)));
        online();
        if (first) {
          onFirstBoot.run();
        }
      } else {
        stats.error("boot-" + status);
        pendingTimer = vertx.setTimer((interval > 0 ? interval : 30) * 1000, t -> boot());
      }
    });
  }

  /** Connected (and booted): deliver what waited, report every connector, beat, play the scenario. */
  private void online() {
    accepted = true;
    channel.release();
    if (quirky) {
      sendStatus(0, "Available", "OtherError", new JsonObject().put("vendorId", "com.simucharge.firmware")
          .put("vendorErrorCode", "0x1F4A").put("info", "RCD self-test passed after power loss"));
    } else {
      sendStatus(0, "Available", "NoError", null);
    }
    connectors.forEach(c -> sendStatus(c.number, c.status, "NoError", null));
    startHeartbeat();
    if (active && !finishing) {
      startScenario();
    }
  }

  private void startHeartbeat() {
    cancelTimer(heartbeatTimer);
    long every = Math.max(1_000, configuration.getLong("HeartbeatInterval", 300) * 1000);
    heartbeatTimer = vertx.setPeriodic(1 + random.nextInt((int) Math.min(every, Integer.MAX_VALUE)), every, t -> {
      if (accepted) {
        channel.call("Heartbeat", JsonObject::new, false);
      }
    });
  }

  private JsonObject bootPayload() {
    String number = String.format("%06d", index + 1);
    JsonObject boot = new JsonObject()
        .put("chargePointVendor", VENDOR)
        .put("chargePointModel", quirky ? "SC-QX22-T2S-4G-RFID2" : "SC-22-AC")
        .put("firmwareVersion", quirky ? padTo("4.2.17-rc3+build.20251031.g1a2b3c4d-hotfix", 50) : "1.4.2");
    if (quirky) {
      // Every identity field at the schema's maximum length.
      boot.put("chargePointSerialNumber", padTo("SCQX2025110400000" + number, 25))
          .put("chargeBoxSerialNumber", padTo("BOX-SCQX-0000000" + number, 25))
          .put("iccid", padTo("8991101200003204" + number, 20))
          .put("imsi", padTo("40410987654" + number, 20))
          .put("meterType", padTo("EASTRON SDM630-MODBUS-V2", 25))
          .put("meterSerialNumber", padTo("MTR-0000000000000" + number, 25));
    } else {
      boot.put("chargePointSerialNumber", "SN-" + number)
          .put("meterType", "SDM630")
          .put("meterSerialNumber", "M-" + number);
    }
    return boot;
  }

  private static String padTo(String text, int length) {
    StringBuilder b = new StringBuilder(text);
    while (b.length() < length) {
      b.append('0');
    }
    return b.substring(b.length() - length);
  }

  // ---------------------------------------------------------------- scenarios

  private void startScenario() {
    if (scenario == Scenario.IDLE) {
      return;
    }
    for (Connector c : connectors) {
      if (c.loopTimer == -1 && c.tx == null && !c.preparing) {
        // Spread first sessions so a ramped fleet does not start in lockstep.
        long spread = settings.firstSessionSpreadMillis() > 0 ? settings.firstSessionSpreadMillis()
            : Math.min(settings.pauseMillis(), 60_000);
        scheduleSession(c, 1 + (long) (random.nextDouble() * Math.max(1, spread)));
      }
    }
  }

  private void scheduleSession(Connector c, long delayMillis) {
    cancelTimer(c.loopTimer);
    if (scenario == Scenario.IDLE) {
      return; // sessions only when the CSMS starts them
    }
    c.loopTimer = vertx.setTimer(Math.max(1, delayMillis), t -> {
      c.loopTimer = -1;
      if (finishing || !active) {
        return;
      }
      if (!accepted || !c.free()) {
        scheduleSession(c, Math.max(1_000, settings.pauseMillis()));
      } else if (scenario == Scenario.AVAILABILITY && c.sessions % 2 == 1) {
        availabilityEpisode(c);
      } else {
        beginSession(c, idTag, false);
      }
    });
  }

  /** The connector goes out of service for a while (maintenance, or a fault that clears), then back. */
  private void availabilityEpisode(Connector c) {
    c.sessions++;
    String[][] episodes = {
        {"Unavailable", "NoError"}, {"Faulted", "GroundFailure"}, {"Faulted", "OverCurrentFailure"},
        {"Faulted", "HighTemperature"}, {"Unavailable", "UnderVoltage"}};
    String[] episode = episodes[random.nextInt(episodes.length)];
    c.status = episode[0];
    sendStatus(c.number, episode[0], episode[1], null);
    c.loopTimer = vertx.setTimer(Math.max(1, settings.pauseMillis()), t -> {
      c.loopTimer = -1;
      if (!c.inoperative) {
        setStatus(c, "Available");
      }
      scheduleSession(c, settings.pauseMillis());
    });
  }

  private void beginSession(Connector c, String idTag, boolean remote) {
    cancelTimer(c.loopTimer);
    c.loopTimer = -1;
    c.preparing = true;
    c.meter.plugIn();
    setStatus(c, "Preparing");
    Future<String> authorized = remote && !configuration.getBoolean("AuthorizeRemoteTxRequests")
        ? Future.succeededFuture("Accepted") : authorize(idTag);
    authorized.onComplete(ar -> {
      c.preparing = false;
      if (finishing) {
        setStatus(c, "Available");
      } else if (ar.succeeded() && "Accepted".equals(ar.result())) {
        startTransaction(c, idTag);
      } else {
        if (ar.succeeded()) {
          stats.error("authorize-" + ar.result());
        }
        setStatus(c, "Available");
        scheduleSession(c, settings.pauseMillis());
      }
    });
  }

  private Future<String> authorize(String idTag) {
    return channel.call("Authorize", () -> new JsonObject().put("idTag", idTag), false)
        .map(answer -> answer.getJsonObject("idTagInfo", new JsonObject()).getString("status", "Invalid"))
        .recover(e -> e instanceof OcppCallError err && "Disconnected".equals(err.errorCode())
            && configuration.getBoolean("LocalAuthorizeOffline")
            ? Future.succeededFuture("Accepted") : Future.failedFuture(e));
  }

  private void startTransaction(Connector c, String idTag) {
    c.meter.startCharging();
    Transaction tx = new Transaction(idTag, c.meter.registerWh(), now(), c.meter.registerSample("Transaction.Begin"));
    c.tx = tx;
    c.sessions++;
    stats.sessionsRunning.increment();
    stats.window().sessionsStarted.increment();
    JsonObject start = new JsonObject().put("connectorId", c.number).put("idTag", idTag)
        .put("meterStart", tx.meterStartWh).put("timestamp", tx.startedAt);
    channel.call("StartTransaction", () -> start, true).onComplete(ar -> {
      if (ar.failed()) {
        tx.startFailed = true;
        endSessionLocally(c, tx);
        return;
      }
      Object txId = ar.result().getValue("transactionId");
      String status = ar.result().getJsonObject("idTagInfo", new JsonObject()).getString("status", "Invalid");
      if (!(txId instanceof Number n)) {
        tx.startFailed = true;
        stats.error("protocol:no-transactionId");
        endSessionLocally(c, tx);
        return;
      }
      tx.transactionId = n.intValue();
      if (!"Accepted".equals(status) && configuration.getBoolean("StopTransactionOnInvalidId")) {
        stats.error("start-" + status);
        stopTransaction(c, "DeAuthorized");
      }
    });
    setStatus(c, "Charging");
    scheduleMeterValues(c, tx);
    // Drivers differ: +-20% around the nominal length, which also keeps a fleet from stopping in lockstep.
    long length = Math.round(settings.sessionMillis() * (0.8 + 0.4 * random.nextDouble()));
    tx.endTimer = vertx.setTimer(Math.max(1, length), t -> {
      tx.endTimer = -1;
      stopTransaction(c, c.meter.batteryFull() ? "EVDisconnected" : "Local");
    });
    if (scenario == Scenario.RECONNECT && socket != null) {
      // Drop the link a third into the session; offline long enough to queue several readings.
      long at = Math.max(1, settings.sessionMillis() / 3);
      c.loopTimer = vertx.setTimer(at, t -> {
        c.loopTimer = -1;
        dropLink(settings.offlineMillis());
      });
    } else if (quirky) {
      c.loopTimer = vertx.setTimer(Math.max(1, settings.sessionMillis() / 2), t -> {
        c.loopTimer = -1;
        if (c.tx == tx && !tx.stopping) {
          setStatus(c, "SuspendedEV"); // the car pauses charging for a moment
          vertx.setTimer(Math.max(1, Math.min(5_000, settings.sessionMillis() / 10)), u -> {
            if (c.tx == tx && !tx.stopping) {
              setStatus(c, "Charging");
            }
          });
        }
      });
    }
  }

  /** A session the CSMS never accepted: the charger gives up on it without a StopTransaction. */
  private void endSessionLocally(Connector c, Transaction tx) {
    if (c.tx != tx) {
      return;
    }
    tx.stopping = true;
    cancelTimer(tx.meterTimer);
    cancelTimer(tx.endTimer);
    c.meter.stopCharging();
    c.tx = null;
    stats.sessionsRunning.decrement();
    setStatus(c, "Available");
    if (!finishing) {
      scheduleSession(c, settings.pauseMillis());
    }
  }

  private void scheduleMeterValues(Connector c, Transaction tx) {
    long interval = meterIntervalMillis;
    if (!channel.isConnected()) {
      interval = Math.max(1_000, interval); // offline readings are recorded at a sane pace
    }
    tx.meterTimer = vertx.setTimer(Math.max(1, interval), t -> {
      tx.meterTimer = -1;
      if (c.tx != tx || tx.stopping) {
        return;
      }
      Future<JsonObject> sent = sendMeterValues(c, tx, "Sample.Periodic");
      if (channel.isConnected()) {
        // Paced by the answers: a slow CSMS is not flooded beyond one reading in flight per connector.
        sent.onComplete(ar -> {
          if (c.tx == tx && !tx.stopping) {
            scheduleMeterValues(c, tx);
          }
        });
      } else {
        scheduleMeterValues(c, tx);
      }
    });
  }

  private Future<JsonObject> sendMeterValues(Connector c, Transaction tx, String context) {
    c.meter.advance();
    JsonObject reading = new JsonObject().put("timestamp", now())
        .put("sampledValue", c.meter.sampledValues(context, quirky));
    int connectorId = c.number;
    if (tx == null) {
      return channel.call("MeterValues", () -> new JsonObject().put("connectorId", connectorId)
          .put("meterValue", new JsonArray().add(reading)), false);
    }
    return channel.call("MeterValues", () -> {
      if (tx.transactionId == null) {
        throw new IllegalStateException("transaction never started");
      }
      return new JsonObject().put("connectorId", connectorId).put("transactionId", tx.transactionId)
          .put("meterValue", new JsonArray().add(reading));
    }, true);
  }

  private Future<JsonObject> stopTransaction(Connector c, String reason) {
    Transaction tx = c.tx;
    if (tx == null || tx.stopping) {
      return Future.succeededFuture();
    }
    tx.stopping = true;
    cancelTimer(tx.meterTimer);
    cancelTimer(tx.endTimer);
    c.meter.stopCharging();
    c.tx = null;
    stats.sessionsRunning.decrement();
    int meterStop = c.meter.registerWh();
    String stoppedAt = now();
    JsonArray endSample = c.meter.registerSample("Transaction.End");
    Future<JsonObject> stopped = channel.call("StopTransaction", () -> {
      if (tx.transactionId == null) {
        throw new IllegalStateException("transaction never started");
      }
      return new JsonObject().put("transactionId", tx.transactionId).put("idTag", tx.idTag)
          .put("meterStop", meterStop).put("timestamp", stoppedAt).put("reason", reason)
          .put("transactionData", new JsonArray()
              .add(new JsonObject().put("timestamp", tx.startedAt).put("sampledValue", tx.beginSample))
              .add(new JsonObject().put("timestamp", stoppedAt).put("sampledValue", endSample)));
    }, true);
    stopped.onSuccess(v -> stats.window().sessionsCompleted.increment());
    if (!reason.endsWith("Reset")) {
      setStatus(c, "Finishing");
      vertx.setTimer(UNPLUG_MILLIS, t -> {
        if (c.tx == null && !c.preparing) {
          afterUnplug(c);
        }
      });
    }
    return stopped;
  }

  private void afterUnplug(Connector c) {
    if (c.inoperativeScheduled) {
      c.inoperativeScheduled = false;
      c.inoperative = true;
      setStatus(c, "Unavailable");
    } else if (!c.inoperative) {
      setStatus(c, "Available");
    }
    if (!finishing && active) {
      scheduleSession(c, settings.pauseMillis());
    }
  }

  /** The reconnect scenario: the link goes down (not by the CSMS) and comes back later. */
  private void dropLink(long offlineMillis) {
    if (socket == null || finishing) {
      return;
    }
    offlineOnPurpose = true;
    socket.close();
    pendingTimer = vertx.setTimer(Math.max(1, offlineMillis), t -> {
      pendingTimer = -1;
      offlineOnPurpose = false;
      connect();
    });
  }

  private void setStatus(Connector c, String status) {
    c.status = status;
    sendStatus(c.number, status, "NoError", null);
  }

  private void sendStatus(int connectorId, String status, String errorCode, JsonObject extra) {
    if (!accepted) {
      return; // reported again after the next boot or reconnection
    }
    String at = now();
    channel.call("StatusNotification", () -> {
      JsonObject p = new JsonObject().put("connectorId", connectorId).put("errorCode", errorCode)
          .put("status", status).put("timestamp", at);
      return extra == null ? p : p.mergeIn(extra);
    }, false);
  }

  private String now() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // Quirky firmware reports local time with its offset, as some chargers in India do.
    return quirky ? OffsetDateTime.ofInstant(now, ZoneOffset.ofHoursMinutes(5, 30)).toString() : now.toString();
  }

  private void cancelTimer(long timer) {
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
  }

  // ---------------------------------------------------------------- CSMS-initiated CALLs

  private Answer answer(String action, JsonObject payload) {
    IncomingPayload in = new IncomingPayload(payload);
    return switch (action) {
      case "RemoteStartTransaction" -> remoteStart(in);
      case "RemoteStopTransaction" -> remoteStop(in);
      case "ChangeAvailability" -> changeAvailability(in);
      case "Reset" -> reset(in);
      case "GetConfiguration" -> getConfiguration(payload);
      case "ChangeConfiguration" -> changeConfiguration(in);
      case "UnlockConnector" -> unlock(in);
      case "ClearCache" -> Answer.of(status("Accepted"));
      case "TriggerMessage" -> trigger(in);
      case "DataTransfer" -> dataTransfer(in);
      default -> throw new OcppCallError("NotImplemented", action + " is not implemented by this charge point");
    };
  }

  private static JsonObject status(String status) {
    return new JsonObject().put("status", status);
  }

  private Connector connector(Integer number) {
    return number == null || number < 1 || number > connectors.size() ? null : connectors.get(number - 1);
  }

  private Answer remoteStart(IncomingPayload in) {
    String idTag = in.requiredString("idTag");
    if (idTag.isEmpty() || idTag.length() > 20) {
      throw new OcppCallError("PropertyConstraintViolation", "idTag must have 1 to 20 characters");
    }
    Integer number = in.optionalInt("connectorId");
    Connector chosen = number == null
        ? connectors.stream().filter(Connector::free).findFirst().orElse(null)
        : connector(number);
    if (chosen == null || !chosen.free() || !accepted || finishing) {
      return Answer.of(status("Rejected"));
    }
    chosen.preparing = true; // reserved from now, so a local session cannot take it first
    return new Answer(status("Accepted"), () -> beginSession(chosen, idTag, true));
  }

  private Answer remoteStop(IncomingPayload in) {
    int transactionId = in.requiredInt("transactionId");
    for (Connector c : connectors) {
      if (c.tx != null && !c.tx.stopping && c.tx.transactionId != null && c.tx.transactionId == transactionId) {
        return new Answer(status("Accepted"), () -> stopTransaction(c, "Remote"));
      }
    }
    return Answer.of(status("Rejected"));
  }

  private Answer changeAvailability(IncomingPayload in) {
    int number = in.requiredInt("connectorId");
    String type = in.requiredEnum("type", AVAILABILITY_TYPES);
    List<Connector> targets = number == 0 ? connectors : connector(number) == null ? List.of()
        : List.of(connector(number));
    if (targets.isEmpty()) {
      return Answer.of(status("Rejected"));
    }
    boolean inoperative = "Inoperative".equals(type);
    boolean scheduled = false;
    List<Runnable> reports = new ArrayList<>();
    for (Connector c : targets) {
      if (inoperative && (c.tx != null || c.preparing)) {
        c.inoperativeScheduled = true; // takes effect when the session ends
        scheduled = true;
      } else {
        c.inoperativeScheduled = false;
        c.inoperative = inoperative;
        if (c.tx == null && !c.preparing) {
          String next = inoperative ? "Unavailable" : "Available";
          reports.add(() -> setStatus(c, next));
        }
      }
    }
    if (number == 0 && !scheduled) {
      reports.add(() -> sendStatus(0, inoperative ? "Unavailable" : "Available", "NoError", null));
    }
    return new Answer(status(scheduled ? "Scheduled" : "Accepted"), () -> reports.forEach(Runnable::run));
  }

  private Answer reset(IncomingPayload in) {
    String type = in.requiredEnum("type", RESET_TYPES);
    return new Answer(status("Accepted"), () -> reboot("Hard".equals(type)));
  }

  /**
   * Soft: running sessions are stopped and their StopTransaction delivered before the reboot. Hard: the
   * power goes at once; the StopTransactions stay queued and are delivered after the next boot.
   */
  private void reboot(boolean hard) {
    connectors.forEach(c -> {
      cancelTimer(c.loopTimer);
      c.loopTimer = -1;
    });
    List<Future<?>> stops = new ArrayList<>();
    for (Connector c : connectors) {
      if (c.tx != null) {
        stops.add(stopTransaction(c, hard ? "HardReset" : "SoftReset"));
      }
    }
    Future<?> ready = hard ? Future.succeededFuture() : Future.join(stops);
    ready.onComplete(v -> {
      if (closed) {
        return;
      }
      needsBoot = true;
      offlineOnPurpose = true;
      if (socket != null) {
        socket.close();
      }
      cancelTimer(pendingTimer);
      pendingTimer = vertx.setTimer(REBOOT_MILLIS, t -> {
        pendingTimer = -1;
        offlineOnPurpose = false;
        for (Connector c : connectors) {
          c.preparing = false;
          c.status = c.inoperative ? "Unavailable" : "Available"; // availability survives a reboot
        }
        connect();
      });
    });
  }

  private Answer getConfiguration(JsonObject payload) {
    List<String> keys = new ArrayList<>();
    Object requested = payload.getValue("key");
    if (requested != null) {
      if (!(requested instanceof JsonArray array)) {
        throw new OcppCallError("TypeConstraintViolation", "key must be an array of strings");
      }
      for (Object key : array) {
        if (!(key instanceof String s)) {
          throw new OcppCallError("TypeConstraintViolation", "key must be an array of strings");
        }
        keys.add(s);
      }
    }
    return Answer.of(configuration.read(keys));
  }

  private Answer changeConfiguration(IncomingPayload in) {
    String key = in.requiredString("key");
    String value = in.requiredString("value");
    String result = configuration.change(key, value);
    Runnable then = null;
    if ("Accepted".equals(result) && "HeartbeatInterval".equals(key)) {
      then = () -> {
        if (accepted) {
          startHeartbeat();
        }
      };
    } else if ("Accepted".equals(result) && "MeterValueSampleInterval".equals(key)) {
      meterIntervalMillis = Long.parseLong(value) * 1000;
    } else if ("Accepted".equals(result) && "TransactionMessageRetryInterval".equals(key)) {
      transactionRetryMillis = Math.max(1, Long.parseLong(value)) * 1000;
    }
    return new Answer(status(result), then);
  }

  private Answer unlock(IncomingPayload in) {
    Connector c = connector(in.requiredInt("connectorId"));
    if (c == null) {
      return Answer.of(status("NotSupported"));
    }
    return new Answer(status("Unlocked"), c.tx == null ? null : () -> stopTransaction(c, "UnlockCommand"));
  }

  private Answer trigger(IncomingPayload in) {
    String message = in.requiredEnum("requestedMessage", TRIGGERS);
    Integer number = in.optionalInt("connectorId");
    if (number != null && connector(number) == null && !(number == 0 && !"MeterValues".equals(message))) {
      return Answer.of(status("Rejected"));
    }
    Runnable send = switch (message) {
      case "BootNotification" -> () -> channel.call("BootNotification", this::bootPayload, false);
      case "Heartbeat" -> () -> channel.call("Heartbeat", JsonObject::new, false);
      case "DiagnosticsStatusNotification" ->
          () -> channel.call("DiagnosticsStatusNotification", () -> status("Idle"), false);
      case "FirmwareStatusNotification" ->
          () -> channel.call("FirmwareStatusNotification", () -> status("Idle"), false);
      case "StatusNotification" -> () -> {
        if (number == null || number == 0) {
          sendStatus(0, "Available", "NoError", null);
        }
        for (Connector c : connectors) {
          if (number == null || number == c.number) {
            sendStatus(c.number, c.status, "NoError", null);
          }
        }
      };
      default -> () -> {
        for (Connector c : connectors) {
          if (number == null || number == c.number) {
            sendMeterValues(c, c.tx != null && c.tx.transactionId != null ? c.tx : null, "Trigger");
          }
        }
      };
    };
    return new Answer(status("Accepted"), send);
  }

  private Answer dataTransfer(IncomingPayload in) {
    String vendorId = in.requiredString("vendorId");
    if (!VENDOR.equals(vendorId)) {
      return Answer.of(status("UnknownVendorId"));
    }
    String messageId = in.optionalString("messageId");
    String data = in.optionalString("data");
    JsonObject answer = status("Accepted");
    if (data != null) {
      answer.put("data", data);
    } else if (messageId != null) {
      answer.put("data", "ack:" + messageId);
    }
    return Answer.of(answer);
  }
}
