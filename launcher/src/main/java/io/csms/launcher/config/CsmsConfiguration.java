package io.csms.launcher.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the node's configuration, each layer overriding the one before:
 * <ol>
 *   <li>the defaults, {@code conf/csms.json} of the source tree, packed into the jar at the same path
 *       ({@value #DEFAULTS_RESOURCE});</li>
 *   <li>an operator's JSON file ({@code --config FILE} or {@code CSMS_CONFIG}), merged deeply;</li>
 *   <li>environment variables ({@link EnvironmentOverrides});</li>
 *   <li>command-line flags (applied by the command after this).</li>
 * </ol>
 * Every verticle receives the whole result as its {@code config()}.
 */
public final class CsmsConfiguration {
  public static final String DEFAULTS_RESOURCE = "conf/csms.json";

  private CsmsConfiguration() {
  }

  /** The defaults shipped in the jar. */
  public static JsonObject defaults() {
    try (InputStream in = CsmsConfiguration.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + DEFAULTS_RESOURCE, e);
    }
  }

  /** Defaults, then {@code file} (may be null), then the environment. */
  public static JsonObject load(Path file, Map<String, String> environment) {
    JsonObject config = defaults();
    String fromEnv = environment.get("CSMS_CONFIG");
    Path chosen = file != null ? file : fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : null;
    if (chosen != null) {
      try {
        config.mergeIn(new JsonObject(Files.readString(chosen)), true);
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot read configuration file " + chosen + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("Configuration file " + chosen + " is not valid JSON: " + e.getMessage(), e);
      }
    }
    EnvironmentOverrides.apply(config, environment);
    return config;
  }
}
