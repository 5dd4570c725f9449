package io.csms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** A CSV export larger than one store page arrives whole, in order, without duplicates. */
class TransactionExportTest extends ApiSliceTest {

  @Test
  void anExportOfManyPagesHoldsEveryRowOnce() throws Exception {
    long chargerId = ok(api.post("/api/admin/chargers", admin, new JsonObject().put("charge_point_id", "CP-EXPORT")), 201)
        .getJsonObject("charger").getLong("id");
    api.sql("INSERT INTO charging_transactions (charger_id, connector_id, id_tag, meter_start_wh, start_time, status)"
        + " SELECT " + chargerId + ", 1, 'TAG-' || n, 0, timestamptz '2026-01-01T00:00:00Z' + n * interval '1 minute',"
        + " 'RUNNING' FROM generate_series(1, 2500) AS n");
    HttpResponse<Buffer> csv = api.get("/api/admin/transactions/export?charger_id=" + chargerId, admin);
    assertEquals(200, csv.statusCode());
    String[] lines = csv.bodyAsString().split("\r\n");
    assertEquals(2501, lines.length);
    assertTrue(lines[1].contains(",TAG-2500,"), lines[1]);
    assertTrue(lines[2500].contains(",TAG-1,"), lines[2500]);
    assertEquals(2500, java.util.Arrays.stream(lines).skip(1).map(l -> l.split(",")[0]).distinct().count());
  }
}
