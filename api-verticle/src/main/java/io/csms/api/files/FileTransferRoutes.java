package io.csms.api.files;

import io.csms.api.http.ApiException;
import io.csms.api.http.ErrorResponses;
import io.csms.bus.BusFailure;
import io.csms.bus.ProfileStoreAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's HTTP file exchange with chargers, outside the JWT-protected API (chargers have no token):
 * {@code GET /files/firmware/<storedName>} serves an uploaded firmware image for UpdateFirmware, and
 * {@code PUT|POST /files/diagnostics/<token>[/<fileName>]} accepts a GetDiagnostics upload (raw body, or
 * multipart/form-data with one file) for a token a stored request holds, and nothing else. Mounted ahead of
 * the API's body handler so uploads stream to disk.
 */
public final class FileTransferRoutes {
  private static final DeliveryOptions STORE = new DeliveryOptions().setSendTimeout(15_000);

  private final NodeFiles files;

  private FileTransferRoutes(NodeFiles files) {
    this.files = files;
  }

  public static void mount(Router root, NodeFiles files) {
    FileTransferRoutes routes = new FileTransferRoutes(files);
    root.get("/files/firmware/:name").handler(routes::firmware);
    root.route("/files/diagnostics/:token").method(HttpMethod.PUT).method(HttpMethod.POST).handler(routes::upload);
    root.route("/files/diagnostics/:token/:name").method(HttpMethod.PUT).method(HttpMethod.POST)
        .handler(routes::upload);
  }

  /**
   * The firmware upload's own body handler (up to {@link NodeFiles#MAX_FIRMWARE_BYTES}), ahead of the API's
   * 1 MB one; a request without a bearer token is answered 401 before its body is read.
   */
  public static void mountFirmwareUploadBody(Router root) {
    root.post("/api/admin/firmware-files").handler(ctx -> {
      String authorization = ctx.request().getHeader("Authorization");
      if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        ErrorResponses.send(ctx, 401, "A bearer token is required", null);
      } else {
        ctx.next();
      }
    });
    root.post("/api/admin/firmware-files").handler(BodyHandler.create().setBodyLimit(NodeFiles.MAX_FIRMWARE_BYTES)
        .setHandleFileUploads(false));
  }

  private void firmware(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!NodeFiles.STORED_NAME.matcher(name).matches()) {
      ErrorResponses.send(ctx, 404, "No such firmware file", null);
      return;
    }
    String path = files.firmware(name).toString();
    ctx.vertx().fileSystem().exists(path).onComplete(found -> {
      if (found.succeeded() && found.result()) {
        ctx.response().putHeader("Content-Type", "application/octet-stream").sendFile(path);
      } else {
        ErrorResponses.send(ctx, 404, "No such firmware file", null);
      }
    });
  }

  private void upload(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    String token = ctx.pathParam("token");
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > NodeFiles.MAX_DIAGNOSTICS_BYTES) {
      ErrorResponses.send(ctx, 413, "The upload is too large", null);
      return;
    }
    if (!NodeFiles.STORED_NAME.matcher(token).matches()) {
      ErrorResponses.send(ctx, 404, "No such diagnostics request", null);
      return;
    }
    ctx.vertx().eventBus().<JsonObject>request(ProfileStoreAddresses.DIAGNOSTICS_BY_TOKEN,
            new JsonObject().put("uploadToken", token), STORE)
        .recover(e -> Future.failedFuture(BusFailure.codeOf(e) == BusFailure.NOT_FOUND
            ? new ApiException(404, "No such diagnostics request") : e))
        .compose(found -> receive(ctx, token))
        .onSuccess(stored -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("uploaded_name", stored.getString("uploadedName"))
                .put("uploaded_bytes", stored.getLong("uploadedBytes")).encode()))
        .onFailure(e -> {
          request.resume();
          ctx.fail(e);
        });
  }

  /** Streams the body (or the multipart form's file) to disk, then records it. */
  private Future<JsonObject> receive(RoutingContext ctx, String token) {
    HttpServerRequest request = ctx.request();
    String contentType = request.getHeader("Content-Type");
    boolean multipart = contentType != null && contentType.toLowerCase().startsWith("multipart/form-data");
    String given = ctx.pathParam("name");
    AtomicLong bytes = new AtomicLong();
    Future<String> written;
    if (multipart) {
      request.setExpectMultipart(true);
      io.vertx.core.Promise<String> done = io.vertx.core.Promise.promise();
      java.util.concurrent.atomic.AtomicBoolean seen = new java.util.concurrent.atomic.AtomicBoolean();
      request.uploadHandler(upload -> {
        seen.set(true);
        String name = NodeFiles.cleaned(upload.filename());
        String stored = token + "-" + name;
        upload.streamToFileSystem(files.diagnostics(stored).toString())
            .onSuccess(v -> {
              bytes.set(upload.size());
              done.tryComplete(name);
            })
            .onFailure(done::tryFail);
      });
      request.endHandler(v -> {
        if (!seen.get()) {
          done.tryFail(new ApiException(400, "The form holds no file"));
        }
      });
      request.resume();
      written = done.future();
    } else {
      String name = NodeFiles.cleaned(given == null ? "diagnostics" : given);
      String stored = token + "-" + name;
      String path = files.diagnostics(stored).toString();
      written = ctx.vertx().fileSystem().open(path,
              new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
          .compose(request::pipeTo)
          .compose(piped -> ctx.vertx().fileSystem().props(path))
          .map(props -> {
            bytes.set(props.size());
            return name;
          });
    }
    return written.compose(name -> {
      if (bytes.get() > NodeFiles.MAX_DIAGNOSTICS_BYTES) {
        return Future.failedFuture(new ApiException(413, "The upload is too large"));
      }
      return ctx.vertx().eventBus().<JsonObject>request(ProfileStoreAddresses.DIAGNOSTICS_UPLOADED, new JsonObject()
              .put("uploadToken", token).put("uploadedName", name).put("uploadedBytes", bytes.get())
              .put("storedName", token + "-" + name), STORE)
          .map(reply -> reply.body().getJsonObject("diagnostics"));
    });
  }
}
