/**
 * The event-bus contract between the CSMS verticles: every address, the JSON shape of its request and
 * reply, and the failure codes. Verticles talk to each other only through these addresses, on one node
 * or across a cluster, so this package is versioned like a public API: an incompatible change to a shape
 * gets a new address with the next version segment ({@code .v2.}) while the old one is kept until every
 * node of a cluster has been upgraded.
 *
 * <p>Conventions for every message:
 * <ul>
 *   <li>Bodies are {@link io.vertx.core.json.JsonObject}s with camelCase keys.</li>
 *   <li>Instants are ISO-8601 strings with an offset, written in UTC ({@code 2026-11-24T10:15:30.123Z}).</li>
 *   <li>Money and energy are decimal <em>strings</em> ({@code "12.50"}, {@code "1500.5"}) so that no
 *       binary floating point touches them; read them with {@code new BigDecimal(s)}.</li>
 *   <li>Energy on the bus is always in Wh; power in W.</li>
 *   <li>A request that cannot be served is answered with {@code message.fail(code, text)} where code is
 *       one of {@link io.csms.bus.BusFailure}; the text is a human-readable reason, never a stack trace.</li>
 * </ul>
 */
package io.csms.bus;
