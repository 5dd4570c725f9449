package io.csms.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.testing.OcppTestClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Firmware Management against a whole node: an image uploaded through the API and downloaded by real
 * WebSocket chargers from the node over HTTP, a rollout to three connected chargers (one of which fails to
 * install) and one offline, the status histories through the API, and GetDiagnostics uploaded to the node.
 */
class FirmwareProfileTest {
  static RunningNode node;
  static AdminApi api;
  static WebClient http;
  static final List<OcppTestClient> chargers = new ArrayList<>();
  static Map<String, Long> ids;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start();
    api = new AdminApi(node);
    http = WebClient.create(node.node.vertx());
    for (String cp : List.of("FW-1", "FW-2", "FW-3", "FW-OFFLINE")) {
      Sql.execute(node.db, "INSERT INTO chargers (charge_point_id) VALUES (?)", cp);
    }
    ids = Sql.rows(node.db, "SELECT id, charge_point_id FROM chargers").stream()
        .collect(Collectors.toMap(r -> (String) r.get("charge_point_id"), r -> (Long) r.get("id")));
    for (String cp : List.of("FW-1", "FW-2", "FW-3")) {
      OcppTestClient client = Await.result(OcppTestClient.connect(node.node.vertx(), node.ocppUrl(), cp));
      client.onCall("UpdateFirmware", p -> Future.succeededFuture(new JsonObject()));
      client.onCall("GetDiagnostics", p -> Future.succeededFuture(new JsonObject().put("fileName", "diag-" + cp + ".log")));
      chargers.add(client);
    }
  }

  @AfterAll
  static void stop() {
    chargers.forEach(c -> Await.result(c.close()));
    node.close();
  }

  private static JsonObject lastCall(OcppTestClient cp, String action) {
    return cp.receivedCalls().stream().filter(c -> c.getString("action").equals(action)).reduce((a, b) -> b)
        .orElseThrow().getJsonObject("payload");
  }

  private static void report(OcppTestClient cp, String action, String... statuses) {
    for (String status : statuses) {
      assertEquals(new JsonObject(), Await.result(cp.call(action, new JsonObject().put("status", status))));
    }
  }

  @Test
  void aRolloutToThreeChargersWithOneFailing() {
    byte[] image = new byte[300_000];
    for (int i = 0; i < image.length; i++) {
      image[i] = (byte) (i * 31);
    }
    AdminApi.Reply uploaded = api.send(HttpMethod.POST, "/api/admin/firmware-files?name=acme-2.0.bin",
        Buffer.buffer(image), "application/octet-stream");
    assertEquals(201, uploaded.status(), uploaded.body().encode());
    JsonObject file = uploaded.body().getJsonObject("firmware_file");
    assertEquals(image.length, file.getInteger("size_bytes"));
    assertTrue(file.getString("download_url").endsWith(".bin"));

    JsonObject rollout = api.post("/api/admin/firmware-rollouts", new JsonObject()
        .put("charger_ids", new JsonArray().add(ids.get("FW-1")).add(ids.get("FW-2")).add(ids.get("FW-3"))
            .add(ids.get("FW-OFFLINE")))
        .put("firmware_file_id", file.getLong("id")).put("retries", 3).put("retry_interval", 60)).ok();
    long rolloutId = rollout.getJsonObject("rollout").getLong("id");
    Map<Long, JsonObject> results = rollout.getJsonArray("results").stream().map(r -> (JsonObject) r)
        .collect(Collectors.toMap(r -> r.getLong("charger_id"), r -> r));
    assertTrue(results.get(ids.get("FW-1")).getBoolean("success"));
    assertFalse(results.get(ids.get("FW-OFFLINE")).getBoolean("success"), "an offline charger is reported, not fatal");

    // Each connected charger downloads the image from the node, without any token.
    for (OcppTestClient cp : chargers) {
      JsonObject update = lastCall(cp, "UpdateFirmware");
      assertEquals(file.getString("download_url"), update.getString("location"));
      assertEquals(3, update.getInteger("retries"));
      HttpResponse<Buffer> download = Await.result(http.getAbs(update.getString("location")).send());
      assertEquals(200, download.statusCode());
      assertArrayEquals(image, download.body().getBytes());
    }
    report(chargers.get(0), "FirmwareStatusNotification", "Downloading", "Downloaded", "Installing", "Installed");
    report(chargers.get(1), "FirmwareStatusNotification", "Downloading", "Downloaded", "Installing", "Installed");
    report(chargers.get(2), "FirmwareStatusNotification", "Downloading", "Downloaded", "InstallationFailed");

    JsonObject stored = api.get("/api/admin/firmware-rollouts/" + rolloutId).ok();
    Map<String, JsonObject> targets = stored.getJsonArray("targets").stream().map(t -> (JsonObject) t)
        .collect(Collectors.toMap(t -> t.getString("charge_point_id"), t -> t));
    assertEquals("Installed", targets.get("FW-1").getString("latest_status"));
    assertEquals("Installed", targets.get("FW-2").getString("latest_status"));
    assertEquals("InstallationFailed", targets.get("FW-3").getString("latest_status"));
    assertEquals("Answered", targets.get("FW-3").getString("answer"));
    assertEquals("NotConnected", targets.get("FW-OFFLINE").getString("answer"));
    assertNull(targets.get("FW-OFFLINE").getValue("latest_status"));
    assertEquals(11, stored.getJsonArray("history").size());

    JsonArray history = api.get("/api/admin/chargers/" + ids.get("FW-3") + "/firmware-status").ok().getJsonArray("data");
    assertEquals(List.of("InstallationFailed", "Downloaded", "Downloading"), history.stream()
        .map(h -> ((JsonObject) h).getString("status")).toList());
    assertEquals(rolloutId, history.getJsonObject(0).getLong("rollout_id"));

    // Unknown files are not served; the upload needs an operator.
    assertEquals(404, Await.result(http.getAbs(file.getString("download_url").replace(".bin", ".zip")).send())
        .statusCode());
    assertEquals(401, Await.result(WebClient.create(node.node.vertx())
        .post(node.httpPort(), "127.0.0.1", "/api/admin/firmware-files?name=x.bin")
        .putHeader("Content-Type", "application/octet-stream").sendBuffer(Buffer.buffer("x"))).statusCode());
    chargers.forEach(cp -> assertTrue(cp.protocolViolations().isEmpty(), cp.protocolViolations().toString()));
  }

  @Test
  void diagnosticsAreUploadedToTheNodeAndTheirStatusStored() throws Exception {
    OcppTestClient cp = chargers.get(0);
    long chargerId = ids.get("FW-1");
    JsonObject asked = api.post("/api/admin/chargers/" + chargerId + "/get-diagnostics", new JsonObject()
        .put("retries", 1)).ok();
    assertTrue(asked.getBoolean("success"));
    assertEquals("diag-FW-1.log", asked.getJsonObject("ocpp_response").getString("fileName"));
    String location = lastCall(cp, "GetDiagnostics").getString("location");
    assertEquals(asked.getJsonObject("diagnostics").getString("location"), location);

    report(cp, "DiagnosticsStatusNotification", "Uploading");
    byte[] log = "boot ok\nrelay fault at 12:00\n".getBytes();
    HttpResponse<Buffer> upload = Await.result(http.putAbs(location + "/diag-FW-1.log").sendBuffer(Buffer.buffer(log)));
    assertEquals(201, upload.statusCode(), upload.bodyAsString());
    report(cp, "DiagnosticsStatusNotification", "Uploaded");

    JsonObject stored = api.get("/api/admin/chargers/" + chargerId + "/diagnostics").ok();
    JsonObject request = stored.getJsonArray("requests").getJsonObject(0);
    assertEquals("Uploaded", request.getString("latest_status"));
    assertEquals("diag-FW-1.log", request.getString("uploaded_name"));
    assertEquals(log.length, request.getInteger("uploaded_bytes"));
    assertArrayEquals(log, Files.readAllBytes(node.dataDir().resolve("files/diagnostics")
        .resolve(request.getString("stored_name"))));
    assertEquals(List.of("Uploaded", "Uploading"), stored.getJsonArray("history").stream()
        .map(h -> ((JsonObject) h).getString("status")).toList());

    // A charger may post a multipart form instead.
    api.post("/api/admin/chargers/" + chargerId + "/get-diagnostics", null).ok();
    String second = lastCall(cp, "GetDiagnostics").getString("location");
    HttpResponse<Buffer> form = Await.result(http.postAbs(second).sendMultipartForm(MultipartForm.create()
        .binaryFileUpload("file", "second.log", Buffer.buffer("second"), "text/plain")));
    assertEquals(201, form.statusCode(), form.bodyAsString());
    assertEquals("second.log", form.bodyAsJsonObject().getString("uploaded_name"));

    // Only a location the node handed out accepts uploads.
    assertEquals(404, Await.result(http.putAbs(location.replaceAll("[0-9a-f]{32}$", "0".repeat(32)))
        .sendBuffer(Buffer.buffer("x"))).statusCode());
  }
}
