package io.csms.ocpp.handlers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Hands a DataTransfer to its vendor's handler; UnknownVendorId when no handler is registered. */
final class DataTransferHandler implements ActionHandler {
  private final DataTransferVendors vendors;

  DataTransferHandler(DataTransferVendors vendors) {
    this.vendors = vendors;
  }

  @Override
  public Future<JsonObject> handle(ChargePointRequest request) {
    DataTransferVendors.VendorHandler vendor = vendors.find(request.payload().getString("vendorId"));
    if (vendor == null) {
      return Future.succeededFuture(new JsonObject().put("status", "UnknownVendorId"));
    }
    return vendor.handle(request.chargePointId(), request.payload());
  }
}
