package io.csms.ocpp.handlers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vendor-specific DataTransfer handlers by vendorId. None is registered by default, so every DataTransfer
 * is answered UnknownVendorId; a vendor extension registers itself here before the verticle starts.
 */
public final class DataTransferVendors {
  /** Answers a DataTransfer of its vendor with a DataTransfer.conf payload ({@code {status, data?}}). */
  @FunctionalInterface
  public interface VendorHandler {
    Future<JsonObject> handle(String chargePointId, JsonObject request);
  }

  private final Map<String, VendorHandler> handlers = new ConcurrentHashMap<>();

  public DataTransferVendors register(String vendorId, VendorHandler handler) {
    handlers.put(vendorId, handler);
    return this;
  }

  VendorHandler find(String vendorId) {
    return handlers.get(vendorId);
  }
}
