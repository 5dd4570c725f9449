package io.csms.api.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/** {@code /docs}: Swagger UI (from its webjar, no CDN) browsing {@code /openapi.yaml}. */
public final class ApiDocs {
  // Keep in step with swagger-ui.version in the parent pom.
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/5.17.14";
  private static final String PAGE = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>CSMS management API</title>
        <link rel="stylesheet" href="/docs/swagger-ui.css">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="/docs/swagger-ui-bundle.js"></script>
        <script>
          window.ui = SwaggerUIBundle({ url: "/openapi.yaml", dom_id: "#swagger-ui", persistAuthorization: true });
        </script>
      </body>
      </html>
      """;

  private ApiDocs() {
  }

  public static void mount(Router router) {
    router.get("/docs").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(PAGE));
    router.get("/docs/").handler(ctx -> ctx.redirect("/docs"));
    router.get("/docs/*").handler(StaticHandler.create(WEBJAR).setCachingEnabled(true));
  }
}
