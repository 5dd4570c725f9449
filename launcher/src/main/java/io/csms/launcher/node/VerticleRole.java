package io.csms.launcher.node;

import io.csms.api.ApiVerticle;
import io.csms.billing.BillingVerticle;
import io.csms.ocpp.OcppVerticle;
import io.csms.persistence.PersistenceVerticle;
import io.vertx.core.Deployable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The verticles a node can run, in deployment order: persistence first (it migrates the schema), the API
 * last (it should only answer once the rest is up). {@code verticles} in the configuration picks a subset.
 */
public enum VerticleRole {
  PERSISTENCE(PersistenceVerticle::new),
  BILLING(BillingVerticle::new),
  OCPP(OcppVerticle::new),
  API(ApiVerticle::new);

  private final Supplier<Deployable> factory;

  VerticleRole(Supplier<Deployable> factory) {
    this.factory = factory;
  }

  Deployable create() {
    return factory.get();
  }

  /** Parses {@code "ocpp,api"}; the result is in deployment order, whatever the order written. */
  public static List<VerticleRole> parse(String list) {
    List<String> names = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> s.toUpperCase(Locale.ROOT)).toList();
    for (String name : names) {
      try {
        valueOf(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Unknown verticle '" + name.toLowerCase(Locale.ROOT)
            + "' in verticles; known: persistence, billing, ocpp, api");
      }
    }
    return Arrays.stream(values()).filter(r -> names.contains(r.name())).toList();
  }
}
