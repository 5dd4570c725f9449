package io.csms.api.files;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the node keeps the files chargers exchange with it over HTTP, and the URLs chargers reach them at.
 * Configuration (read from the whole CSMS configuration, no new section needed):
 * <ul>
 *   <li>{@code dataDir}: firmware images go to {@code <dataDir>/files/firmware}, diagnostics uploads to
 *       {@code <dataDir>/files/diagnostics}. Default {@code ./data}.</li>
 *   <li>{@code http.publicUrl}: the base URL chargers reach this node's HTTP server at, e.g.
 *       {@code https://csms.example.com}. Default none: the scheme and host of the API request that sent the
 *       command (right when the operator and the chargers reach the node by the same name).</li>
 * </ul>
 */
public final class NodeFiles {
  /** Biggest firmware image accepted through the API (buffered in memory once). */
  public static final long MAX_FIRMWARE_BYTES = 64L * 1024 * 1024;
  /** Biggest diagnostics upload accepted from a charger. */
  public static final long MAX_DIAGNOSTICS_BYTES = 64L * 1024 * 1024;
  /** The names we store files under (ours: a UUID or a token with a cleaned extension), never a client's. */
  static final Pattern STORED_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

  private final Path firmwareDir;
  private final Path diagnosticsDir;
  private final String publicUrl;

  public NodeFiles(JsonObject config) {
    Path root = Path.of(config.getString("dataDir", "./data"), "files");
    this.firmwareDir = root.resolve("firmware");
    this.diagnosticsDir = root.resolve("diagnostics");
    JsonObject http = config.getJsonObject("http", new JsonObject());
    String url = http.getString("publicUrl");
    this.publicUrl = url == null ? null : url.replaceAll("/+$", "");
  }

  /** Creates the directories; call at start. */
  public Future<Void> prepare(Vertx vertx) {
    return vertx.fileSystem().mkdirs(firmwareDir.toString())
        .compose(v -> vertx.fileSystem().mkdirs(diagnosticsDir.toString()));
  }

  public Path firmware(String storedName) {
    return firmwareDir.resolve(storedName);
  }

  public Path diagnostics(String storedName) {
    return diagnosticsDir.resolve(storedName);
  }

  /** The base URL chargers reach this node at, as seen from {@code request} unless configured. */
  public String baseUrl(HttpServerRequest request) {
    if (publicUrl != null) {
      return publicUrl;
    }
    var authority = request.authority();
    return request.scheme() + "://" + authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
  }

  public String firmwareUrl(HttpServerRequest request, String storedName) {
    return baseUrl(request) + "/files/firmware/" + storedName;
  }

  public String diagnosticsUploadBase(HttpServerRequest request) {
    return baseUrl(request) + "/files/diagnostics";
  }

  /** A file name from outside reduced to something safe to keep as part of ours. */
  static String cleaned(String name) {
    String base = name == null ? "" : name.replaceAll(".*[/\\\\]", "");
    String safe = base.replaceAll("[^A-Za-z0-9._-]", "_");
    safe = safe.replaceAll("^[._-]+", "");
    return safe.isEmpty() ? "upload" : safe.length() > 100 ? safe.substring(safe.length() - 100) : safe;
  }
}
