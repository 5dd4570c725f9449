package io.csms.launcher.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real PostgreSQL server run by the node itself, its data under
 * {@code <dataDir>/postgres} so that it survives restarts. Used when no {@code database.url} is set.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private final EmbeddedPostgres server;

  private EmbeddedDatabase(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Blocking: call it before the event loops start or through executeBlocking. */
  public static EmbeddedDatabase start(Path dataDir) throws IOException {
    Path directory = dataDir.resolve("postgres").toAbsolutePath();
    Files.createDirectories(directory);
    EmbeddedPostgres server;
    try {
      server = EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(false)
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "200")
          .start();
    } catch (IllegalStateException e) {
      if (String.valueOf(e.getMessage()).contains("could not lock")) {
        throw new IllegalStateException("The data directory " + dataDir.toAbsolutePath()
            + " is in use by another running node: stop it, or give this one its own CSMS_DATA_DIR", e);
      }
      throw e;
    }
    LOG.info("Embedded PostgreSQL started on 127.0.0.1:{}, data in {}", server.getPort(), directory);
    return new EmbeddedDatabase(server);
  }

  /** In the form {@code database.url} takes. */
  public String url() {
    return "postgresql://postgres@127.0.0.1:" + server.getPort() + "/postgres";
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
