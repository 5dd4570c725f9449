package io.csms.persistence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL settings that cost a node dearly, looked at once at start: each one found is logged as a warning,
 * since the node works with them but an operator would want to know (docs/operations.md, "Sizing PostgreSQL").
 * The check never stops a start: a server that cannot answer it only loses the warnings.
 */
final class ServerSettingsCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSettingsCheck.class);

  static final String AUTOVACUUM_OFF = "PostgreSQL runs with autovacuum = off: the tables that grow (sessions, meter "
      + "readings, the audit log) are then not analyzed or vacuumed as they grow, and the same OCPP traffic needs up to "
      + "twice the database's CPU (docs/operations.md, Sizing PostgreSQL). Turn it on, or schedule VACUUM (ANALYZE).";

  private ServerSettingsCheck() {
  }

  /** The warnings for this server, already logged; none when it could not be asked. */
  static Future<List<String>> warnings(Pool pool) {
    return pool.query("SELECT current_setting('autovacuum')").execute()
        .map(rows -> {
          List<String> warnings = new ArrayList<>();
          if ("off".equals(rows.iterator().next().getString(0))) {
            warnings.add(AUTOVACUUM_OFF);
          }
          warnings.forEach(LOG::warn);
          return warnings;
        })
        .recover(e -> {
          LOG.debug("Server settings not checked: {}", e.getMessage());
          return Future.succeededFuture(List.of());
        });
  }
}
