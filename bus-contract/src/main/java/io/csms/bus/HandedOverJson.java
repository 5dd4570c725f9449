package io.csms.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * A {@link JsonObject} body handed over to the receiver instead of deep-copied: on one node the consumer
 * gets the very object sent; across a cluster it travels as JSON text, like the default codec. The default
 * codec copies every body (and every nested object and array) on local delivery; on the OCPP hot path that
 * copy was half of all allocation. The price is a rule: <b>the sender does not touch the object after
 * sending it, and the receiver does not modify it</b> (both may read it).
 *
 * <p>Every node that sends or receives such bodies registers the codec once ({@link #register}, idempotent);
 * senders pass {@link #options()} or {@link #options(long)}.
 */
public final class HandedOverJson implements MessageCodec<JsonObject, JsonObject> {
  public static final String NAME = "csms.json.handed-over";

  private HandedOverJson() {
  }

  /** Registers the codec on this Vert.x instance, unless a verticle already did. */
  public static void register(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new HandedOverJson());
    } catch (IllegalStateException alreadyRegistered) {
      // Another verticle of this node registered it first.
    }
  }

  /** Delivery options that hand the body over. */
  public static DeliveryOptions options() {
    return new DeliveryOptions().setCodecName(NAME);
  }

  /** Delivery options that hand the body over, with a reply time-out. */
  public static DeliveryOptions options(long timeoutMillis) {
    return options().setSendTimeout(timeoutMillis);
  }

  @Override
  public void encodeToWire(Buffer buffer, JsonObject body) {
    Buffer encoded = body.toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject body) {
    return body;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
