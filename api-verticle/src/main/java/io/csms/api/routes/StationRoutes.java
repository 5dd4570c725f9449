package io.csms.api.routes;

import static io.csms.api.routes.Endpoint.forward;
import static io.csms.api.routes.Endpoint.forwardPage;

import io.csms.bus.AdminStoreAddresses;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Stations: {@code /api/admin/stations}. */
public final class StationRoutes {
  private StationRoutes() {
  }

  public static void mount(RouterBuilder rb) {
    rb.getRoute("listStations").addHandler(forwardPage(AdminStoreAddresses.STATION_LIST));
    rb.getRoute("getStation").addHandler(forward(AdminStoreAddresses.STATION_GET, 200));
    rb.getRoute("createStation").addHandler(forward(AdminStoreAddresses.STATION_CREATE, 201, "Station created successfully"));
    rb.getRoute("updateStation").addHandler(forward(AdminStoreAddresses.STATION_UPDATE, 200, "Station updated successfully"));
    rb.getRoute("deleteStation").addHandler(forward(AdminStoreAddresses.STATION_DELETE, 200, "Station deleted successfully"));
  }
}
