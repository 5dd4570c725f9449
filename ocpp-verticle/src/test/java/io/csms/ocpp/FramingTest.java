package io.csms.ocpp;

import static io.csms.ocpp.OcppTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.testing.OcppTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every class of broken frame gets the CALLERROR of OCPP-J 1.6 section 4.2.3 (table in docs/ocpp.md), over a
 * real socket, and the connection keeps working afterwards.
 */
@ExtendWith(VertxExtension.class)
class FramingTest {
  private static OcppTestNode node;
  private OcppTestClient cp;

  @BeforeAll
  static void start(Vertx vertx) {
    node = OcppTestNode.start(vertx, new JsonObject().put("maxFrameBytes", 4096), new JsonObject());
    node.addCharger("CP-FRAMES");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @BeforeEach
  void connect() {
    cp = node.connect("CP-FRAMES");
  }

  @AfterEach
  void disconnect() {
    assertEquals(List.of(), cp.protocolViolations());
    await(cp.close());
  }

  /** The connection still answers a well-formed CALL. */
  private void assertStillUsable() {
    assertFalse(cp.isClosed());
    JsonObject answer = await(cp.call("DataTransfer", new JsonObject().put("vendorId", "nobody")));
    assertEquals("UnknownVendorId", answer.getString("status"));
  }

  private void assertCallError(JsonArray frame, String messageId, String errorCode) {
    assertEquals(5, frame.size(), frame.encode());
    assertEquals(4, frame.getInteger(0), frame.encode());
    assertEquals(messageId, frame.getString(1), frame.encode());
    assertEquals(errorCode, frame.getString(2), frame.encode());
    assertFalse(frame.getString(3).contains("Exception"), "no stack trace or exception name: " + frame.encode());
    frame.getJsonObject(4);
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "this is not JSON                                   | -1  | FormationViolation",
      "{\"hello\":1}                                       | -1  | FormationViolation",
      "[]                                                 | -1  | FormationViolation",
      "[\"2\",\"m1\",\"Heartbeat\",{}]                     | m1  | FormationViolation",
      "[2,17,\"Heartbeat\",{}]                            | -1  | FormationViolation",
      "[2,\"m2\",\"Heartbeat\"]                            | m2  | ProtocolError",
      "[2,\"m3\",\"Heartbeat\",{},{}]                      | m3  | FormationViolation",
      "[2,\"m4\",\"Heartbeat\",\"payload\"]                | m4  | FormationViolation",
      "[2,\"m5\",42,{}]                                   | m5  | FormationViolation",
      "[9,\"m6\",\"Heartbeat\",{}]                        | m6  | FormationViolation",
      "[2,\"0123456789012345678901234567890123456\",\"Heartbeat\",{}] | 0123456789012345678901234567890123456 | FormationViolation",
      "[2,\"m7\",\"FlyToTheMoon\",{}]                      | m7  | NotImplemented",
      "[2,\"m8\",\"Reset\",{\"type\":\"Hard\"}]            | m8  | NotSupported",
      "[2,\"m9\",\"Authorize\",{}]                         | m9  | OccurenceConstraintViolation",
      "[2,\"m10\",\"Authorize\",{\"idTag\":42}]            | m10 | TypeConstraintViolation",
      "[2,\"m11\",\"Authorize\",{\"idTag\":\"ABCDEFGHIJKLMNOPQRSTU\"}] | m11 | PropertyConstraintViolation",
      "[2,\"m12\",\"StatusNotification\",{\"connectorId\":1,\"status\":\"Sleeping\",\"errorCode\":\"NoError\"}] | m12 | PropertyConstraintViolation",
      "[2,\"m13\",\"Authorize\",{\"idTag\":\"TAG\",\"colour\":\"red\"}] | m13 | FormationViolation",
      "[2,\"m14\",\"StartTransaction\",{\"connectorId\":1,\"idTag\":\"TAG\",\"meterStart\":0,\"timestamp\":\"2026-11-24T10:00:00\"}] | m14 | PropertyConstraintViolation",
      "[2,\"m15\",\"MeterValues\",{\"connectorId\":1,\"meterValue\":[{\"timestamp\":\"2026-11-24T10:00:00\",\"sampledValue\":[{\"value\":\"1\"}]}]}] | m15 | PropertyConstraintViolation",
  })
  void aBrokenFrameGetsItsCallErrorAndTheConnectionStaysUsable(String text, String messageId, String errorCode) {
    assertCallError(await(cp.sendRaw(text.strip())), messageId, errorCode);
    assertStillUsable();
  }

  @Test
  void aFrameOverTheLimitIsAnsweredWithItsMessageId() {
    String big = "[2,\"big-1\",\"DataTransfer\",{\"vendorId\":\"v\",\"data\":\"" + "x".repeat(5000) + "\"}]";
    assertCallError(await(cp.sendRaw(big)), "big-1", "FormationViolation");
    assertStillUsable();
  }

  @Test
  void aFrameJustUnderTheLimitIsServed() {
    String data = "é".repeat(1900); // 3,800 bytes of UTF-8 in a 4,096-byte limit
    JsonObject answer = await(cp.call("DataTransfer", new JsonObject().put("vendorId", "v").put("data", data)));
    assertEquals("UnknownVendorId", answer.getString("status"));
  }

  @Test
  void multiByteCharactersCountAsBytes() {
    String data = "é".repeat(2100); // 2,100 characters but 4,200 bytes
    String frame = "[2,\"utf8\",\"DataTransfer\",{\"vendorId\":\"v\",\"data\":\"" + data + "\"}]";
    assertCallError(await(cp.sendRaw(frame)), "utf8", "FormationViolation");
    assertStillUsable();
  }

  @Test
  void aBinaryFrameIsRefused() {
    assertCallError(await(cp.sendBinary(Buffer.buffer(new byte[] {2, 3, 4}))), "-1", "FormationViolation");
    assertStillUsable();
  }

  @Test
  void anAnswerToNothingIsDroppedWithoutReply() {
    // Stray and broken answers: OCPP-J answers only CALLs, so none of these gets a reply...
    await(cp.send("[3,\"never-sent\",{}]"));
    await(cp.send("[4,\"never-sent\",\"GenericError\",\"\",{}]"));
    await(cp.send("[3,\"broken\"]"));
    // ...and the first reply that comes back is the one to the garbage sent after them.
    assertCallError(await(cp.sendRaw("garbage")), "-1", "FormationViolation");
    assertStillUsable();
  }

  @Test
  void callsAreAnsweredInOrder() {
    var first = cp.call("DataTransfer", new JsonObject().put("vendorId", "a"));
    var second = cp.call("Heartbeat", new JsonObject());
    var third = cp.call("DataTransfer", new JsonObject().put("vendorId", "c"));
    assertEquals("UnknownVendorId", await(first).getString("status"));
    assertTrue(await(second).containsKey("currentTime"));
    assertEquals("UnknownVendorId", await(third).getString("status"));
  }
}
