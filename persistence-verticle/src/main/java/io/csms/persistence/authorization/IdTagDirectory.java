package io.csms.persistence.authorization;

import io.csms.bus.PersistenceAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.BusFormat;
import io.csms.persistence.BusRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PersistenceAddresses#IDTAG_LOOKUP}: an idTag is a user's RFID card ({@code users.rfid_id_tag}),
 * matched without regard to case as OCPP's CiString20 requires. The reply gives what an authorisation
 * decision needs in one query: the user, whether active, the card's expiry and parent, how many of the
 * user's sessions are RUNNING or PENDING_RECONCILIATION, and the wallet balance ("0.00" without a wallet).
 */
public final class IdTagDirectory implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(IdTagDirectory.class);

  private static final String LOOKUP = """
      SELECT u.id, u.active, u.id_tag_expires_at, u.parent_id_tag, w.balance,
             (SELECT count(*) FROM charging_transactions t
               WHERE t.user_id = u.id AND t.status IN ('RUNNING', 'PENDING_RECONCILIATION')) AS running
        FROM users u LEFT JOIN wallets w ON w.user_id = u.id
       WHERE lower(u.rfid_id_tag) = lower($1)
      """;

  private final Pool pool;

  public IdTagDirectory(Pool pool) {
    this.pool = pool;
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(BusEndpoint.serve(vertx, PersistenceAddresses.IDTAG_LOOKUP, LOG, this::lookup));
  }

  Future<JsonObject> lookup(BusRequest request) {
    String idTag = request.text("idTag");
    return pool.preparedQuery(LOOKUP).execute(Tuple.of(idTag)).map(rows -> {
      if (rows.size() == 0) {
        return new JsonObject().put("known", false);
      }
      Row row = rows.iterator().next();
      BigDecimal balance = row.getBigDecimal("balance");
      return new JsonObject()
          .put("known", true)
          .put("userId", row.getLong("id"))
          .put("active", row.getBoolean("active"))
          .put("expiryDate", BusFormat.instant(row.getOffsetDateTime("id_tag_expires_at")))
          .put("parentIdTag", row.getString("parent_id_tag"))
          .put("runningTransactions", row.getLong("running").intValue())
          .put("walletBalance", BusFormat.decimal(balance == null ? new BigDecimal("0.00") : balance));
    });
  }
}
