package io.csms.api.routes;

import static io.csms.api.routes.Endpoint.forward;
import static io.csms.api.routes.Endpoint.forwardPage;

import io.csms.bus.AdminStoreAddresses;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Tariffs: {@code /api/admin/tariffs}. */
public final class TariffRoutes {
  private TariffRoutes() {
  }

  public static void mount(RouterBuilder rb) {
    rb.getRoute("listTariffs").addHandler(forwardPage(AdminStoreAddresses.TARIFF_LIST));
    rb.getRoute("getTariff").addHandler(forward(AdminStoreAddresses.TARIFF_GET, 200));
    rb.getRoute("createTariff").addHandler(forward(AdminStoreAddresses.TARIFF_CREATE, 201, "Tariff created successfully"));
    rb.getRoute("updateTariff").addHandler(forward(AdminStoreAddresses.TARIFF_UPDATE, 200, "Tariff updated successfully"));
    rb.getRoute("deleteTariff").addHandler(forward(AdminStoreAddresses.TARIFF_DELETE, 200, "Tariff deleted successfully"));
  }
}
