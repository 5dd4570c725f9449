package io.csms.persistence;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A database location as operators write it ({@code postgresql://user[:password]@host[:port]/database}),
 * turned into what the reactive client and Flyway's JDBC driver each need.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  public static DatabaseUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("database.url is not set");
    }
    URI uri = URI.create(url.trim().replaceFirst("^jdbc:", "").replaceFirst("^postgres:", "postgresql:"));
    if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("database.url must look like postgresql://user@host:5432/db, not " + url);
    }
    String user = "postgres";
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String path = uri.getPath();
    String database = path == null || path.length() <= 1 ? "postgres" : path.substring(1);
    return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password);
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(host).setPort(port).setDatabase(database).setUser(user)
        // Pipelining lets one connection carry many OCPP writes in flight without waiting for each reply.
        .setPipeliningLimit(256)
        // Every statement is prepared (parsed and planned) once per connection. The client caches only
        // statements up to 2,048 characters by default; a longer one, like the MeterValues statement, was
        // parsed and planned again at every execution.
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheSqlLimit(16_384);
    if (password != null) {
      options.setPassword(password);
    }
    return options;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** For logs: never prints the password. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
