package io.csms.launcher;

import io.csms.launcher.node.CsmsNode;
import io.vertx.core.json.JsonObject;

/** What an operator needs to see once the node is up: where it listens and how to connect. */
final class StartupBanner {
  private StartupBanner() {
  }

  static String of(CsmsNode node, String demoToken) {
    JsonObject config = node.config();
    String host = config.getString("host", "0.0.0.0");
    String shown = "0.0.0.0".equals(host) ? "localhost" : host;
    StringBuilder s = new StringBuilder();
    s.append("CSMS node ").append(config.getString("nodeId")).append('\n');
    s.append("  OCPP 1.6J : ws://").append(shown).append(':').append(config.getJsonObject("ocpp").getInteger("port"))
        .append("/ocpp/{chargePointId}  (subprotocol ocpp1.6)\n");
    s.append("  REST API  : http://").append(shown).append(':').append(config.getJsonObject("http").getInteger("port"))
        .append("  (contract at /openapi.yaml, docs at /docs, health at /health)\n");
    s.append("  Database  : ").append(redacted(config.getJsonObject("database").getString("url")));
    if (config.getBoolean("demo", false)) {
      s.append("\n  Demo      : charge points DEMO-CP-1 and DEMO-CP-2, RFID tag DEMO-TAG-1 (wallet 500.00)");
    }
    if (demoToken != null) {
      s.append("\n  Demo ADMIN token (").append(config.getJsonObject("auth").getInteger("tokenTtlMinutes"))
          .append(" min): ").append(demoToken);
    }
    // Last, so that whoever waits for it (scripts, tests) has the lines above already.
    s.append("\nCSMS node ").append(config.getString("nodeId")).append(" is up");
    return s.toString();
  }

  private static String redacted(String url) {
    return url == null ? "none" : url.replaceAll("://([^:@/]+):[^@/]*@", "://$1:***@");
  }
}
