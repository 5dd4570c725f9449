package io.csms.api.routes;

import static io.csms.api.routes.Endpoint.answer;
import static io.csms.api.routes.Endpoint.ask;
import static io.csms.api.routes.Endpoint.request;

import io.csms.api.files.NodeFiles;
import io.csms.api.http.ApiException;
import io.csms.bus.AdminStoreAddresses;
import io.csms.bus.ProfileStoreAddresses;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Firmware Management: firmware images uploaded to the node, UpdateFirmware rolled out to a selection of
 * chargers (each charger's answer kept; one that cannot be reached does not stop the others), the
 * FirmwareStatusNotification history per charger and rollout, and GetDiagnostics with an upload location on
 * this node plus the DiagnosticsStatusNotification history.
 */
public final class FirmwareRoutes {
  private final CommandRoutes commands;
  private final NodeFiles files;

  private FirmwareRoutes(CommandRoutes commands, NodeFiles files) {
    this.commands = commands;
    this.files = files;
  }

  public static void mount(RouterBuilder rb, CommandRoutes commands, NodeFiles files) {
    FirmwareRoutes routes = new FirmwareRoutes(commands, files);
    rb.getRoute("uploadFirmwareFile").addHandler(routes::upload);
    rb.getRoute("listFirmwareFiles").addHandler(ctx -> ask(ctx, ProfileStoreAddresses.FIRMWARE_FILE_LIST,
        new JsonObject()).onSuccess(reply -> {
          reply.getJsonArray("data").forEach(f -> routes.withUrl(ctx, (JsonObject) f));
          answer(ctx, 200, reply);
        }).onFailure(ctx::fail));
    rb.getRoute("createFirmwareRollout").addHandler(routes::rollout);
    rb.getRoute("getFirmwareRollout").addHandler(ctx -> ask(ctx, ProfileStoreAddresses.FIRMWARE_ROLLOUT_GET,
            new JsonObject().put("rolloutId", request(ctx).getLong("id")))
        .onSuccess(reply -> answer(ctx, 200, reply)).onFailure(ctx::fail));
    rb.getRoute("getFirmwareStatusHistory").addHandler(ctx -> ask(ctx, AdminStoreAddresses.CHARGER_GET,
            new JsonObject().put("id", request(ctx).getLong("id")))
        .compose(found -> ask(ctx, ProfileStoreAddresses.FIRMWARE_HISTORY,
            new JsonObject().put("chargerId", request(ctx).getLong("id"))))
        .onSuccess(reply -> answer(ctx, 200, reply)).onFailure(ctx::fail));
    rb.getRoute("getDiagnostics").addHandler(routes::diagnostics);
    rb.getRoute("getDiagnosticsHistory").addHandler(ctx -> ask(ctx, AdminStoreAddresses.CHARGER_GET,
            new JsonObject().put("id", request(ctx).getLong("id")))
        .compose(found -> ask(ctx, ProfileStoreAddresses.DIAGNOSTICS_HISTORY,
            new JsonObject().put("chargerId", request(ctx).getLong("id"))))
        .onSuccess(reply -> answer(ctx, 200, reply)).onFailure(ctx::fail));
  }

  private JsonObject withUrl(RoutingContext ctx, JsonObject file) {
    return file.put("downloadUrl", files.firmwareUrl(ctx.request(), file.getString("storedName")));
  }

  private void upload(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      ctx.fail(new ApiException(422, "The firmware image is empty"));
      return;
    }
    String name = request(ctx).getString("name");
    String storedName = UUID.randomUUID() + extension(name);
    ctx.vertx().executeBlocking(() -> sha256(body))
        .compose(sha -> ctx.vertx().fileSystem().writeFile(files.firmware(storedName).toString(), body)
            .compose(written -> ask(ctx, ProfileStoreAddresses.FIRMWARE_FILE_CREATE, new JsonObject()
                .put("name", name).put("sizeBytes", body.length()).put("sha256", sha).put("storedName", storedName))))
        .onSuccess(reply -> answer(ctx, 201, new JsonObject()
            .put("firmwareFile", withUrl(ctx, reply.getJsonObject("firmwareFile")))))
        .onFailure(ctx::fail);
  }

  private void rollout(RoutingContext ctx) {
    JsonObject req = request(ctx);
    Future<String> location;
    Long fileId = req.getLong("firmwareFileId");
    if (fileId != null) {
      location = ask(ctx, ProfileStoreAddresses.FIRMWARE_FILE_GET, new JsonObject().put("id", fileId))
          .map(found -> files.firmwareUrl(ctx.request(), found.getJsonObject("firmwareFile").getString("storedName")));
    } else if (req.getString("location") != null) {
      location = Future.succeededFuture(req.getString("location"));
    } else {
      ctx.fail(new ApiException(422, "Give firmware_file_id or location"));
      return;
    }
    location.compose(url -> ask(ctx, ProfileStoreAddresses.FIRMWARE_ROLLOUT_CREATE, new JsonObject()
            .put("chargerIds", req.getJsonArray("chargerIds")).put("location", url).put("firmwareFileId", fileId)
            .put("retrieveDate", req.getString("retrieveDate", Instant.now().toString()))
            .put("retries", req.getInteger("retries")).put("retryInterval", req.getInteger("retryInterval"))))
        .compose(created -> {
          JsonObject rollout = created.getJsonObject("rollout");
          JsonObject payload = new JsonObject().put("location", rollout.getString("location"))
              .put("retrieveDate", rollout.getString("retrieveDate"));
          if (rollout.getValue("retries") != null) {
            payload.put("retries", rollout.getInteger("retries"));
          }
          if (rollout.getValue("retryInterval") != null) {
            payload.put("retryInterval", rollout.getInteger("retryInterval"));
          }
          List<Future<JsonObject>> sent = new ArrayList<>();
          for (Object t : created.getJsonArray("targets")) {
            sent.add(updateOne(ctx, rollout.getLong("id"), (JsonObject) t, payload));
          }
          return Future.join(sent).transform(all -> {
            JsonArray results = new JsonArray();
            sent.forEach(f -> results.add(f.result()));
            return ask(ctx, ProfileStoreAddresses.FIRMWARE_ROLLOUT_GET, new JsonObject().put("rolloutId",
                rollout.getLong("id"))).map(stored -> stored.put("results", results));
          });
        })
        .onSuccess(reply -> answer(ctx, 200, reply)).onFailure(ctx::fail);
  }

  /** One charger of a rollout: never fails, its outcome is stored and reported. */
  private Future<JsonObject> updateOne(RoutingContext ctx, long rolloutId, JsonObject target, JsonObject payload) {
    long chargerId = target.getLong("chargerId");
    return RecordedCommand.send(ctx, commands, target.getString("chargePointId"), "UpdateFirmware", payload,
            "target", answer -> ask(ctx, ProfileStoreAddresses.FIRMWARE_ROLLOUT_ANSWERED, new JsonObject()
                .put("rolloutId", rolloutId).put("chargerId", chargerId).put("answer", answer))
                .map(stored -> new JsonObject().put("chargerId", chargerId).put("answer", answer)))
        .map(result -> result.put("chargerId", chargerId))
        .recover(e -> Future.succeededFuture(new JsonObject().put("chargerId", chargerId).put("success", false)
            .put("message", e.getMessage())));
  }

  private void diagnostics(RoutingContext ctx) {
    JsonObject req = request(ctx);
    long chargerId = req.getLong("id");
    ask(ctx, ProfileStoreAddresses.DIAGNOSTICS_CREATE, new JsonObject().put("chargerId", chargerId)
            .put("uploadBaseUrl", files.diagnosticsUploadBase(ctx.request()))
            .put("startTime", req.getString("startTime")).put("stopTime", req.getString("stopTime"))
            .put("retries", req.getInteger("retries")).put("retryInterval", req.getInteger("retryInterval")))
        .compose(created -> {
          JsonObject stored = created.getJsonObject("diagnostics");
          JsonObject payload = new JsonObject().put("location", stored.getString("location"));
          for (String key : List.of("startTime", "stopTime", "retries", "retryInterval")) {
            if (stored.getValue(key) != null) {
              payload.put(key, stored.getValue(key));
            }
          }
          return commands.call(ctx, stored.getString("chargePointId"), "GetDiagnostics", payload).transform(sent -> {
            String answer = sent.succeeded() ? RecordedCommand.answerOf(sent.result())
                : RecordedCommand.failureWord(sent.cause());
            String fileName = sent.succeeded()
                ? sent.result().getJsonObject("ocppResponse").getString("fileName") : null;
            return ask(ctx, ProfileStoreAddresses.DIAGNOSTICS_ANSWERED, new JsonObject().put("id", stored.getLong("id"))
                    .put("answer", answer).put("fileName", fileName))
                .compose(recorded -> sent.succeeded()
                    ? Future.succeededFuture(sent.result().put("diagnostics", recorded.getJsonObject("diagnostics")))
                    : Future.failedFuture(sent.cause()));
          });
        })
        .onSuccess(reply -> answer(ctx, 200, reply)).onFailure(ctx::fail);
  }

  private static String extension(String name) {
    int dot = name == null ? -1 : name.lastIndexOf('.');
    if (dot < 0) {
      return "";
    }
    String ext = name.substring(dot);
    return ext.matches("\\.[A-Za-z0-9]{1,10}") ? ext : "";
  }

  private static String sha256(Buffer body) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes()));
  }
}
