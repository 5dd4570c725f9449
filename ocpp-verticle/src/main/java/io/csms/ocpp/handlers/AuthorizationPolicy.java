package io.csms.ocpp.handlers;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The one place that turns an idTag lookup ({@link io.csms.bus.PersistenceAddresses#IDTAG_LOOKUP}) into an
 * OCPP idTagInfo, for Authorize, StartTransaction and StopTransaction alike.
 *
 * <p>Order of the checks: unknown tag: Invalid; inactive user: Blocked; expiry date past: Expired; prepaid
 * gate (Authorize and StartTransaction only) with a wallet balance below the minimum: Blocked; a running
 * transaction (Authorize only: a start or stop is that transaction itself): ConcurrentTx; else Accepted.
 *
 * <p>The prepaid gate is read from the billing section: {@code billing.prepaidGate} (default false) and
 * {@code billing.prepaidMinimumBalance} (decimal string, default "0.00"); a user without a wallet has a
 * balance of zero.
 */
public final class AuthorizationPolicy {
  /** What the idTag is being checked for. */
  public enum Purpose { AUTHORIZE, START, STOP }

  private final boolean prepaidGate;
  private final BigDecimal prepaidMinimumBalance;

  public AuthorizationPolicy(boolean prepaidGate, BigDecimal prepaidMinimumBalance) {
    this.prepaidGate = prepaidGate;
    this.prepaidMinimumBalance = prepaidMinimumBalance;
  }

  public static AuthorizationPolicy from(JsonObject config) {
    JsonObject billing = config.getJsonObject("billing", new JsonObject());
    return new AuthorizationPolicy(billing.getBoolean("prepaidGate", false),
        new BigDecimal(billing.getString("prepaidMinimumBalance", "0.00")));
  }

  /** The idTagInfo to answer, with expiryDate and parentIdTag when the lookup knows them. */
  public JsonObject idTagInfo(JsonObject lookup, Purpose purpose, Instant now) {
    JsonObject info = new JsonObject().put("status", status(lookup, purpose, now));
    if (lookup.getBoolean("known", false)) {
      String expiry = lookup.getString("expiryDate");
      if (expiry != null) {
        info.put("expiryDate", expiry);
      }
      String parent = lookup.getString("parentIdTag");
      if (parent != null) {
        info.put("parentIdTag", parent);
      }
    }
    return info;
  }

  private String status(JsonObject lookup, Purpose purpose, Instant now) {
    if (!lookup.getBoolean("known", false)) {
      return "Invalid";
    }
    if (!lookup.getBoolean("active", true)) {
      return "Blocked";
    }
    String expiry = lookup.getString("expiryDate");
    if (expiry != null && expired(expiry, now)) {
      return "Expired";
    }
    if (prepaidGate && purpose != Purpose.STOP && balance(lookup).compareTo(prepaidMinimumBalance) < 0) {
      return "Blocked";
    }
    if (purpose == Purpose.AUTHORIZE && lookup.getInteger("runningTransactions", 0) > 0) {
      return "ConcurrentTx";
    }
    return "Accepted";
  }

  private static boolean expired(String expiry, Instant now) {
    try {
      return !OffsetDateTime.parse(expiry).toInstant().isAfter(now);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static BigDecimal balance(JsonObject lookup) {
    String balance = lookup.getString("walletBalance");
    return balance == null ? BigDecimal.ZERO : new BigDecimal(balance);
  }
}
