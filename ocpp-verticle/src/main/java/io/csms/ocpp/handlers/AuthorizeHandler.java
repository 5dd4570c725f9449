package io.csms.ocpp.handlers;

import io.csms.bus.PersistenceAddresses;
import io.csms.ocpp.bus.PersistenceGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Looks the idTag up (IDTAG_LOOKUP) and answers the {@link AuthorizationPolicy}'s idTagInfo. */
final class AuthorizeHandler implements ActionHandler {
  private final PersistenceGateway store;
  private final AuthorizationPolicy policy;

  AuthorizeHandler(PersistenceGateway store, AuthorizationPolicy policy) {
    this.store = store;
    this.policy = policy;
  }

  @Override
  public Future<JsonObject> handle(ChargePointRequest request) {
    String idTag = request.payload().getString("idTag");
    return store.request(PersistenceAddresses.IDTAG_LOOKUP, new JsonObject().put("idTag", idTag))
        .map(lookup -> new JsonObject().put("idTagInfo",
            policy.idTagInfo(lookup, AuthorizationPolicy.Purpose.AUTHORIZE, request.receivedAt())));
  }
}
