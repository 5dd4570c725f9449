package io.csms.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A fresh, empty PostgreSQL database for one test class, on a real server: the one named by
 * {@code CSMS_TEST_DB_URL} ({@code postgresql://user[:password]@host:port/db}) when set, else a
 * Testcontainers PostgreSQL when a Docker engine answers, else an embedded PostgreSQL started once per
 * JVM. Each {@link #create()} makes its own database on that server, so test classes (and developers
 * running suites side by side) never see each other's rows. {@link #url()} is in the form the CSMS
 * takes in {@code CSMS_DB_URL}.
 */
public final class TestDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);
  private static Server server;

  private final String name;
  private final String url;

  private TestDatabase(String name, String url) {
    this.name = name;
    this.url = url;
  }

  /** Creates an empty database named after the calling test run. */
  public static synchronized TestDatabase create() {
    Server s = server();
    String name = "csms_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    s.execute("CREATE DATABASE " + name);
    return new TestDatabase(name, s.urlOf(name));
  }

  /** {@code postgresql://user[:password]@host:port/database}, as {@code CSMS_DB_URL} takes it. */
  public String url() {
    return url;
  }

  /** The same database as a JDBC URL with credentials, for assertions made with plain SQL. */
  public String jdbcUrl() {
    return server().jdbcUrlOf(name);
  }

  /** Opens a JDBC connection for assertions; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl());
  }

  /**
   * Runs one statement with its parameters and returns the rows it produced (none for an INSERT or
   * UPDATE without RETURNING), each as column label to value, for tests that set up and assert with SQL.
   */
  public List<Map<String, Object>> rows(String sql, Object... params) {
    try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      if (!st.execute()) {
        return List.of();
      }
      try (ResultSet rs = st.getResultSet()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnLabel(i), rs.getObject(i));
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The first column of the first row the statement returns, or null when it returns none. */
  public Object value(String sql, Object... params) {
    List<Map<String, Object>> rows = rows(sql, params);
    return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
  }

  @Override
  public void close() {
    try {
      server().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (RuntimeException e) {
      LOG.warn("Could not drop test database {}: {}", name, e.getMessage());
    }
  }

  private static synchronized Server server() {
    if (server == null) {
      server = startServer();
    }
    return server;
  }

  private static Server startServer() {
    String fromEnv = System.getenv("CSMS_TEST_DB_URL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      LOG.info("Test PostgreSQL: {} (CSMS_TEST_DB_URL)", fromEnv);
      return Server.parse(fromEnv);
    }
    if (DockerEngine.available()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      LOG.info("Test PostgreSQL: Testcontainers on port {}", container.getFirstMappedPort());
      return new Server(container.getHost(), container.getFirstMappedPort(), container.getUsername(),
          container.getPassword(), container.getDatabaseName());
    }
    try {
      EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (Exception ignored) {
          // the JVM is going away; the temporary data directory goes with it
        }
      }));
      LOG.info("Test PostgreSQL: embedded on port {}", embedded.getPort());
      return new Server("127.0.0.1", embedded.getPort(), "postgres", null, "postgres");
    } catch (Exception e) {
      throw new IllegalStateException("No PostgreSQL for the tests: set CSMS_TEST_DB_URL, run Docker, "
          + "or let the embedded server start", e);
    }
  }

  private record Server(String host, int port, String user, String password, String adminDatabase) {
    static Server parse(String url) {
      URI uri = URI.create(url.replaceFirst("^jdbc:", "").replaceFirst("^postgres:", "postgresql:"));
      String user = "postgres";
      String password = null;
      if (uri.getUserInfo() != null) {
        String[] parts = uri.getUserInfo().split(":", 2);
        user = parts[0];
        password = parts.length > 1 ? parts[1] : null;
      }
      String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
      return new Server(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, db);
    }

    String urlOf(String database) {
      String credentials = password == null ? user : user + ":" + password;
      return "postgresql://" + credentials + "@" + host + ":" + port + "/" + database;
    }

    String jdbcUrlOf(String database) {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + user
          + (password == null ? "" : "&password=" + password);
    }

    void execute(String sql) {
      try (Connection c = DriverManager.getConnection(jdbcUrlOf(adminDatabase)); Statement st = c.createStatement()) {
        st.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(sql + ": " + e.getMessage(), e);
      }
    }
  }
}
