package io.csms.ocpp;

import io.csms.testing.Poll;
import io.csms.persistence.PersistenceVerticle;
import io.csms.testing.OcppTestClient;
import io.csms.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The OCPP verticle as a node runs it, for one test class: a fresh PostgreSQL database, the real
 * persistence verticle (which migrates it) and the OCPP verticle on a free port. Blocking helpers are for
 * the test thread only.
 */
final class OcppTestNode implements AutoCloseable {
  final Vertx vertx;
  final TestDatabase db;
  final OcppVerticle ocpp;
  private String persistenceDeployment;
  private String ocppDeployment;
  private JsonObject config;
  private final List<String> otherDeployments = new java.util.ArrayList<>();

  private OcppTestNode(Vertx vertx, TestDatabase db, OcppVerticle ocpp) {
    this.vertx = vertx;
    this.db = db;
    this.ocpp = ocpp;
  }

  /** {@code ocppSection} and {@code extra} are merged into a minimal configuration. */
  static OcppTestNode start(Vertx vertx, JsonObject ocppSection, JsonObject extra) {
    TestDatabase db = TestDatabase.create();
    JsonObject config = new JsonObject()
        .put("host", "127.0.0.1")
        .put("nodeId", "test-node")
        .put("database", new JsonObject().put("url", db.url()))
        .put("ocpp", new JsonObject().put("port", 0).mergeIn(ocppSection))
        .mergeIn(extra);
    OcppVerticle ocpp = new OcppVerticle();
    OcppTestNode node = new OcppTestNode(vertx, db, ocpp);
    node.config = config;
    node.startPersistence(config);
    node.ocppDeployment = await(vertx.deployVerticle(ocpp, new DeploymentOptions().setConfig(config)));
    return node;
  }

  static OcppTestNode start(Vertx vertx) {
    return start(vertx, new JsonObject(), new JsonObject());
  }

  void startPersistence(JsonObject config) {
    persistenceDeployment = await(vertx.deployVerticle(new PersistenceVerticle(),
        new DeploymentOptions().setConfig(config)));
  }

  /**
   * Another OCPP verticle on this Vert.x, standing for a second node: its own node id and port, the same
   * store, and (unclustered) the same shared session map. Undeployed with this node.
   */
  OcppVerticle deployAnotherNode(String nodeId) {
    OcppVerticle other = new OcppVerticle();
    otherDeployments.add(await(vertx.deployVerticle(other,
        new DeploymentOptions().setConfig(config.copy().put("nodeId", nodeId)))));
    return other;
  }

  void restartPersistence() {
    startPersistence(config);
  }

  void stopPersistence() {
    await(vertx.undeploy(persistenceDeployment));
  }

  String url() {
    return "ws://127.0.0.1:" + ocpp.actualPort() + "/ocpp";
  }

  OcppTestClient connect(String chargePointId) {
    return await(OcppTestClient.connect(vertx, url(), chargePointId));
  }

  /** Completes with the next event published at {@code address} about this charge point. */
  Future<JsonObject> nextEvent(String address, String chargePointId) {
    Promise<JsonObject> event = Promise.promise();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address);
    consumer.handler(message -> {
      if (chargePointId.equals(message.body().getString("chargePointId"))) {
        event.tryComplete(message.body());
        consumer.unregister();
      }
    });
    await(consumer.completion());
    return event.future();
  }

  /** Every event published at {@code address} from now on, as it arrives. */
  List<JsonObject> published(String address) {
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().<JsonObject>consumer(address, message -> events.add(message.body())).completion());
    return events;
  }

  /** Registers a charge point as an operator would. */
  void addCharger(String chargePointId) {
    sql("INSERT INTO chargers (charge_point_id) VALUES (?)", chargePointId);
  }

  /** The first column of the single row the query returns (null when none). */
  Object sql(String query, Object... params) {
    return db.value(query, params);
  }


  long count(String query, Object... params) {
    return ((Number) sql(query, params)).longValue();
  }

  /** For effects with no event to wait on (the batched audit log): see {@link Poll#until}. */
  void until(String what, java.util.function.BooleanSupplier condition) {
    Poll.until(what, condition);
  }


  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The failure of a future expected to fail. */
  static Throwable failureOf(Future<?> future) {
    return await(future.transform(ar -> ar.failed() ? Future.succeededFuture(ar.cause())
        : Future.failedFuture(new AssertionError("expected a failure, the future succeeded with " + ar.result()))));
  }

  @Override
  public void close() {
    try {
      for (String other : otherDeployments) {
        await(vertx.undeploy(other));
      }
      await(vertx.undeploy(ocppDeployment));
      if (vertx.deploymentIDs().contains(persistenceDeployment)) {
        stopPersistence();
      }
    } finally {
      db.close();
    }
  }
}
