package io.csms.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.simulator.responder.NoOpResponder;
import io.csms.simulator.responder.NoOpResponder.ReceivedCall;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The simulator against the no-op responder: what a CSMS would receive, checked against the OCPP schemas. */
@ExtendWith(VertxExtension.class)
class SimulatorAgainstResponderTest {

  private static ChargePointSettings settings(String url, Scenario scenario) {
    return new ChargePointSettings(url, 2, 200, 0, 1_500, 300, 800, 10_000, "SIMTAG0001", scenario, 0, 200);
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void everyScenarioCompletesSessionsWithSchemaValidMessages(Vertx vertx, VertxTestContext ctx) {
    CallLog log = new CallLog();
    int chargers = 20;
    NoOpResponder.start(vertx, "127.0.0.1", 0, 2, 1, log).compose(responder -> {
      SimulationPlan plan = new SimulationPlan(settings("ws://127.0.0.1:" + responder.port() + "/ocpp", Scenario.MIX),
          chargers, "T1-CP-", 1, 200, List.of(), true);
      Simulation simulation = new Simulation(vertx, plan);
      List<Future<ReceivedCall>> milestones = new ArrayList<>();
      for (int i = 0; i < chargers; i++) {
        String id = plan.chargePointId(i);
        milestones.add(log.next(CallLog.action(id, "StopTransaction")));
        Scenario scenario = Scenario.MIX.forChargePoint(i);
        if (scenario == Scenario.AVAILABILITY) {
          milestones.add(log.next(c -> c.chargePointId().equals(id) && c.action().equals("StatusNotification")
              && List.of("Faulted", "Unavailable").contains(c.payload().getString("status"))));
        } else if (scenario == Scenario.RECONNECT) {
          milestones.add(log.next(c -> c.chargePointId().equals(id) && c.connection() == 2
              && c.action().equals("StopTransaction")));
        }
      }
      return simulation.start()
          .compose(v -> Future.all(milestones))
          // A deadline, not a wait: an orderly shutdown takes well under a second on an idle machine.
          .compose(v -> simulation.shutdown(15_000))
          .map(v -> simulation);
    }).onComplete(ctx.succeeding(simulation -> ctx.verify(() -> {
      List<ReceivedCall> calls = log.all();
      List<String> violations = new ArrayList<>();
      for (ReceivedCall c : calls) {
        String v = OcppSchemaCheck.violations(c.action(), c.payload());
        if (v != null) {
          violations.add(c.chargePointId() + " " + v);
        }
      }
      assertEquals(List.of(), violations, "every CALL conforms to the OCPP 1.6 schema");
      assertEquals(0, simulation.stats().window().errors.sum(),
          "no errors: " + simulation.stats().window().errorsByKind());

      Map<String, ReceivedCall> firstByCharger = new HashMap<>();
      calls.forEach(c -> firstByCharger.putIfAbsent(c.chargePointId(), c));
      assertEquals(chargers, firstByCharger.size());
      firstByCharger.values().forEach(c -> assertEquals("BootNotification", c.action(), c.chargePointId()));

      assertTrue(calls.stream().anyMatch(c -> c.action().equals("BootNotification")
          && c.payload().getString("chargePointSerialNumber").length() == 25), "quirks: serial at schema max");
      assertTrue(calls.stream().anyMatch(c -> c.action().equals("MeterValues")
          && c.payload().encode().contains("\"Celcius\"")), "quirks: the Celcius spelling");

      assertSessionsConsistent(calls);
      assertReconnectReplaysInOrder(calls);
    }))).onComplete(ctx.succeedingThenComplete());
  }

  /** meterStop >= meterStart, and the energy register never runs backwards within a transaction. */
  private static void assertSessionsConsistent(List<ReceivedCall> calls) {
    Map<Integer, Integer> meterStart = new HashMap<>();
    Map<Integer, Double> lastRegister = new HashMap<>();
    for (ReceivedCall c : calls) {
      switch (c.action()) {
        case "StartTransaction" -> meterStart.put(c.answer().getInteger("transactionId"),
            c.payload().getInteger("meterStart"));
        case "MeterValues" -> {
          Integer tx = c.payload().getInteger("transactionId");
          if (tx == null) {
            continue;
          }
          for (Object mv : c.payload().getJsonArray("meterValue")) {
            for (Object sv : ((JsonObject) mv).getJsonArray("sampledValue")) {
              JsonObject sample = (JsonObject) sv;
              if ("Energy.Active.Import.Register".equals(sample.getString("measurand"))) {
                double wh = Double.parseDouble(sample.getString("value"))
                    * ("kWh".equals(sample.getString("unit")) ? 1000 : 1);
                Double previous = lastRegister.put(tx, wh);
                assertTrue(previous == null || wh >= previous - 1, "register grows in transaction " + tx);
                assertTrue(wh >= meterStart.get(tx) - 1, "register >= meterStart in transaction " + tx);
              }
            }
          }
        }
        case "StopTransaction" -> {
          int tx = c.payload().getInteger("transactionId");
          assertTrue(meterStart.containsKey(tx), "stop of a started transaction " + tx);
          assertTrue(c.payload().getInteger("meterStop") >= meterStart.get(tx), "meterStop >= meterStart");
          JsonArray data = c.payload().getJsonArray("transactionData");
          assertEquals(2, data.size(), "transactionData holds the begin and end readings");
        }
        default -> { }
      }
    }
  }

  /**
   * A session cut by the reconnect scenario goes on: readings taken while offline arrive on the next
   * connection, in the order taken, and the stop closes the transaction opened on the first connection.
   */
  private static void assertReconnectReplaysInOrder(List<ReceivedCall> calls) {
    Map<Integer, Integer> startedOnConnection = new HashMap<>();
    Map<Integer, String> lastTimestamp = new HashMap<>();
    boolean replayed = false;
    for (ReceivedCall c : calls) {
      if (c.action().equals("StartTransaction")) {
        startedOnConnection.put(c.answer().getInteger("transactionId"), c.connection());
      } else if (c.action().equals("MeterValues") && c.payload().containsKey("transactionId")) {
        int tx = c.payload().getInteger("transactionId");
        String at = c.payload().getJsonArray("meterValue").getJsonObject(0).getString("timestamp");
        String before = lastTimestamp.put(tx, at);
        assertTrue(before == null || OffsetDateTime.parse(before)
            .compareTo(OffsetDateTime.parse(at)) <= 0, "readings in the order taken");
        replayed |= c.connection() > startedOnConnection.get(tx);
      }
    }
    assertTrue(replayed, "some readings of a transaction arrived on a later connection");
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void transactionMessagesTheCsmsFailsToProcessAreSentAgainInOrder(Vertx vertx, VertxTestContext ctx) {
    CallLog log = new CallLog();
    String id = "T5-CP-00001";
    AtomicInteger startsSeen = new AtomicInteger();
    AtomicInteger stopsSeen = new AtomicInteger();
    NoOpResponder.start(vertx, "127.0.0.1", 0, 1, 300, log).compose(responder -> {
      // The CSMS fails on the first StartTransaction and on the first two StopTransactions.
      responder.refuseWhen(c -> c.action().equals("StartTransaction") ? startsSeen.incrementAndGet() == 1
          : c.action().equals("StopTransaction") && stopsSeen.incrementAndGet() <= 2);
      String url = "ws://127.0.0.1:" + responder.port() + "/ocpp";
      ChargePointSettings oneConnector = new ChargePointSettings(url, 1, 200, 0, 1_500, 300, 800, 10_000,
          "SIMTAG0001", Scenario.FULL_SESSION, 0, 500);
      Simulation simulation = new Simulation(vertx, new SimulationPlan(oneConnector, 1, "T5-CP-", 1, 10, List.of(), true));
      Future<ReceivedCall> stopAccepted = log.next(c -> c.action().equals("StopTransaction") && c.answer() != null);
      Future<ReceivedCall> nextSession = stopAccepted.compose(stop -> log.next(c -> c.action().equals("StartTransaction")
          && c.answer() != null && c.answer().getInteger("transactionId") != stop.payload().getInteger("transactionId")));
      return simulation.start()
          .compose(v -> nextSession)
          // A deadline, not a wait: an orderly shutdown takes well under a second on an idle machine.
          .compose(v -> simulation.shutdown(15_000))
          .map(v -> simulation);
    }).onComplete(ctx.succeeding(simulation -> ctx.verify(() -> {
      List<ReceivedCall> calls = log.all();
      List<ReceivedCall> starts = calls.stream().filter(c -> c.action().equals("StartTransaction")).toList();
      assertEquals(null, starts.get(0).answer(), "the first StartTransaction was refused");
      assertEquals(starts.get(0).payload(), starts.get(1).payload(), "and sent again unchanged");
      int tx = starts.get(1).answer().getInteger("transactionId");

      List<Integer> stopIndexes = new ArrayList<>();
      for (int i = 0; i < calls.size(); i++) {
        if (calls.get(i).action().equals("StopTransaction") && calls.get(i).payload().getInteger("transactionId") == tx) {
          stopIndexes.add(i);
        }
      }
      assertEquals(3, stopIndexes.size(), "TransactionMessageAttempts (3) transmissions of the stop");
      ReceivedCall firstStop = calls.get(stopIndexes.get(0));
      ReceivedCall acceptedStop = calls.get(stopIndexes.get(2));
      assertEquals(firstStop.payload(), acceptedStop.payload(), "the same stop each time");
      assertEquals(null, calls.get(stopIndexes.get(1)).answer());
      assertTrue(acceptedStop.answer() != null, "the third transmission was accepted");

      List<ReceivedCall> whileWaiting = calls.subList(stopIndexes.get(0) + 1, stopIndexes.get(2));
      assertTrue(whileWaiting.stream().anyMatch(c -> c.action().equals("StatusNotification")),
          "other messages go on while the stop waits: " + whileWaiting);
      assertTrue(whileWaiting.stream().noneMatch(c -> c.action().equals("StartTransaction")
          || c.action().equals("MeterValues")),
          "no transaction message overtakes the waiting stop: " + whileWaiting);
      assertTrue(calls.subList(0, stopIndexes.get(0)).stream().noneMatch(c -> c.action().equals("MeterValues")
          && !Integer.valueOf(tx).equals(c.payload().getInteger("transactionId"))
          && c.payload().containsKey("transactionId")), "readings carry the id the retried start got");

      assertEquals(3, simulation.stats().window().transactionRetries.sum());
      assertEquals(Map.of("CALLERROR:InternalError:StartTransaction", 1L, "CALLERROR:InternalError:StopTransaction", 2L),
          simulation.stats().window().errorsByKind(), "the refusals are the only errors; nothing was lost");
    }))).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void csmsInitiatedCallsAreAnsweredAsAChargerWould(Vertx vertx, VertxTestContext ctx) {
    CallLog log = new CallLog();
    String id = "T2-CP-00001";
    List<String> violations = new ArrayList<>();
    NoOpResponder.start(vertx, "127.0.0.1", 0, 1, 300, log).compose(responder -> {
      SimulationPlan plan = new SimulationPlan(settings("ws://127.0.0.1:" + responder.port() + "/ocpp", Scenario.IDLE),
          1, "T2-CP-", 1, 10, List.of(), true);
      Simulation simulation = new Simulation(vertx, plan);
      Exchange csms = new Exchange(responder, id, violations);
      return simulation.start()
          .compose(v -> log.next(c -> c.action().equals("StatusNotification") && c.payload().getInteger("connectorId") == 2))
          .compose(v -> csms.expect("GetConfiguration", new JsonObject(), answer ->
              assertTrue(answer.getJsonArray("configurationKey").size() >= 10)))
          .compose(v -> csms.expect("ChangeConfiguration", new JsonObject().put("key", "HeartbeatInterval").put("value", "120"),
              answer -> assertEquals("Accepted", answer.getString("status"))))
          .compose(v -> csms.expect("ChangeConfiguration", new JsonObject().put("key", "NumberOfConnectors").put("value", "4"),
              answer -> assertEquals("Rejected", answer.getString("status"))))
          .compose(v -> csms.expect("ChangeConfiguration", new JsonObject().put("key", "NoSuchKey").put("value", "1"),
              answer -> assertEquals("NotSupported", answer.getString("status"))))
          .compose(v -> csms.expect("GetConfiguration",
              new JsonObject().put("key", new JsonArray().add("HeartbeatInterval").add("NoSuchKey")), answer -> {
                assertEquals("120", answer.getJsonArray("configurationKey").getJsonObject(0).getString("value"));
                assertEquals(new JsonArray().add("NoSuchKey"), answer.getJsonArray("unknownKey"));
              }))
          .compose(v -> {
            Future<ReceivedCall> unavailable = log.upcoming(c -> c.action().equals("StatusNotification")
                && c.payload().getInteger("connectorId") == 2 && "Unavailable".equals(c.payload().getString("status")));
            return csms.expect("ChangeAvailability", new JsonObject().put("connectorId", 2).put("type", "Inoperative"),
                answer -> assertEquals("Accepted", answer.getString("status"))).compose(x -> unavailable);
          })
          .compose(v -> csms.expect("RemoteStartTransaction", new JsonObject().put("connectorId", 2).put("idTag", "REMOTE1"),
              answer -> assertEquals("Rejected", answer.getString("status"), "connector 2 is inoperative")))
          .compose(v -> {
            Future<ReceivedCall> started = log.upcoming(c -> c.action().equals("StartTransaction")
                && "REMOTE1".equals(c.payload().getString("idTag")) && c.payload().getInteger("connectorId") == 1);
            return csms.expect("RemoteStartTransaction", new JsonObject().put("connectorId", 1).put("idTag", "REMOTE1"),
                answer -> assertEquals("Accepted", answer.getString("status"))).compose(x -> started);
          })
          .compose(start -> {
            int tx = start.answer().getInteger("transactionId");
            Future<ReceivedCall> stopped = log.upcoming(c -> c.action().equals("StopTransaction")
                && c.payload().getInteger("transactionId") == tx && "Remote".equals(c.payload().getString("reason")));
            return log.next(c -> c.action().equals("MeterValues") && Integer.valueOf(tx).equals(c.payload().getInteger("transactionId")))
                .compose(x -> csms.expect("RemoteStopTransaction", new JsonObject().put("transactionId", 999_999),
                    answer -> assertEquals("Rejected", answer.getString("status"))))
                .compose(x -> csms.expect("RemoteStopTransaction", new JsonObject().put("transactionId", tx),
                    answer -> assertEquals("Accepted", answer.getString("status"))))
                .compose(x -> stopped);
          })
          .compose(v -> csms.expect("UnlockConnector", new JsonObject().put("connectorId", 1),
              answer -> assertEquals("Unlocked", answer.getString("status"))))
          .compose(v -> csms.expect("UnlockConnector", new JsonObject().put("connectorId", 9),
              answer -> assertEquals("NotSupported", answer.getString("status"))))
          .compose(v -> csms.expect("ClearCache", new JsonObject(), answer -> assertEquals("Accepted", answer.getString("status"))))
          .compose(v -> {
            Future<ReceivedCall> beat = log.upcoming(c -> c.action().equals("Heartbeat"));
            return csms.expect("TriggerMessage", new JsonObject().put("requestedMessage", "Heartbeat"),
                answer -> assertEquals("Accepted", answer.getString("status"))).compose(x -> beat);
          })
          .compose(v -> {
            Future<ReceivedCall> meter = log.upcoming(c -> c.action().equals("MeterValues")
                && "Trigger".equals(c.payload().getJsonArray("meterValue").getJsonObject(0)
                    .getJsonArray("sampledValue").getJsonObject(0).getString("context")));
            return csms.expect("TriggerMessage", new JsonObject().put("requestedMessage", "MeterValues").put("connectorId", 1),
                answer -> assertEquals("Accepted", answer.getString("status"))).compose(x -> meter);
          })
          .compose(v -> csms.expect("TriggerMessage", new JsonObject().put("requestedMessage", "StatusNotification").put("connectorId", 7),
              answer -> assertEquals("Rejected", answer.getString("status"))))
          .compose(v -> csms.expect("DataTransfer", new JsonObject().put("vendorId", "SimuCharge").put("data", "ping"),
              answer -> assertEquals(new JsonObject().put("status", "Accepted").put("data", "ping"), answer)))
          .compose(v -> csms.expect("DataTransfer", new JsonObject().put("vendorId", "OtherVendor"),
              answer -> assertEquals("UnknownVendorId", answer.getString("status"))))
          .compose(v -> csms.expectError("GetDiagnostics", new JsonObject().put("location", "ftp://diag.example/"), "NotImplemented"))
          .compose(v -> csms.expectError("RemoteStartTransaction", new JsonObject(), "OccurenceConstraintViolation"))
          .compose(v -> csms.expectError("Reset", new JsonObject().put("type", "Sideways"), "PropertyConstraintViolation"))
          .compose(v -> {
            Future<ReceivedCall> reboot = log.upcoming(c -> c.action().equals("BootNotification") && c.connection() == 2);
            Future<ReceivedCall> stillInoperative = log.upcoming(c -> c.connection() == 2
                && c.action().equals("StatusNotification") && c.payload().getInteger("connectorId") == 2);
            return csms.expect("Reset", new JsonObject().put("type", "Soft"),
                    answer -> assertEquals("Accepted", answer.getString("status")))
                .compose(x -> reboot)
                .compose(x -> stillInoperative)
                .onSuccess(status -> ctx.verify(() -> assertEquals("Unavailable", status.payload().getString("status"),
                    "availability survives a reboot")));
          })
          // A deadline, not a wait: an orderly shutdown takes well under a second on an idle machine.
          .compose(v -> simulation.shutdown(15_000));
    }).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertEquals(List.of(), violations, "every answer conforms to the OCPP 1.6 response schemas");
      List<String> invalidCalls = new ArrayList<>();
      for (ReceivedCall c : log.all()) {
        String bad = OcppSchemaCheck.violations(c.action(), c.payload());
        if (bad != null) {
          invalidCalls.add(bad);
        }
      }
      assertEquals(List.of(), invalidCalls, "every CALL of the charger conforms to the schemas");
      ctx.completeNow();
    })));
  }

  /** Sends CSMS-initiated CALLs to one charger and checks the answers against the response schemas. */
  private record Exchange(NoOpResponder responder, String chargePointId, List<String> violations) {
    Future<Void> expect(String action, JsonObject payload, Consumer<JsonObject> check) {
      return responder.call(chargePointId, action, payload).map(frame -> {
        assertEquals(3, frame.getInteger(0), action + " answered with " + frame.encode());
        JsonObject answer = frame.getJsonObject(2);
        String v = OcppSchemaCheck.violations(action + "Response", answer);
        if (v != null) {
          violations.add(v);
        }
        check.accept(answer);
        return null;
      });
    }

    Future<Void> expectError(String action, JsonObject payload, String errorCode) {
      return responder.call(chargePointId, action, payload).map(frame -> {
        assertEquals(4, frame.getInteger(0), action + " answered with " + frame.encode());
        assertEquals(5, frame.size(), "CALLERROR has five elements");
        assertEquals(errorCode, frame.getString(2));
        return null;
      });
    }
  }
}
