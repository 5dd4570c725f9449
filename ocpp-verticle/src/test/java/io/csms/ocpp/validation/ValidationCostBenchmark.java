package io.csms.ocpp.validation;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.lang.management.ManagementFactory;

/**
 * Cost of one validation of a MeterValues request (4 samples) and of a Heartbeat answer: vertx-json-schema
 * against {@link CompiledSchema}, time and bytes allocated per validation, single thread. Not a test (no
 * wall-clock assertions); run it by hand:
 *
 * <pre>
 * ./mvnw -o -q -pl ocpp-verticle test-compile exec:exec -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath io.csms.ocpp.validation.ValidationCostBenchmark" -Dexec.classpathScope=test
 * </pre>
 * or with {@code java -cp} over the test classpath. Figures are recorded in docs/benchmarks.md.
 */
public final class ValidationCostBenchmark {
  private static final int ROUNDS = 5;
  private static final int PER_ROUND = 200_000;

  private ValidationCostBenchmark() {
  }

  public static void main(String[] args) {
    JsonObject meterValues = new JsonObject(CompiledSchemaDifferentialTest.meterValuesText(4));
    JsonObject heartbeatAnswer = new JsonObject().put("currentTime", "2026-11-24T10:15:30.123Z");
    SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT4)
        .setBaseUri("https://csms.io/ocpp16/").setOutputFormat(OutputFormat.Basic));
    for (String[] run : new String[][] {{"MeterValues", "request"}, {"HeartbeatResponse", "answer"}}) {
      JsonObject raw = SchemaCatalog.raw(run[0]);
      JsonObject payload = run[0].equals("MeterValues") ? meterValues : heartbeatAnswer;
      CompiledSchema compiled = CompiledSchema.compile(raw); // first: dereference() marks up the schema object
      repository.dereference(JsonSchema.of(raw));
      Validator reference = repository.validator(raw.getString("id"));
      measure(run[0] + " " + run[1] + ", vertx-json-schema", () -> {
        if (!reference.validate(payload).getValid()) {
          throw new IllegalStateException("invalid");
        }
      });
      measure(run[0] + " " + run[1] + ", CompiledSchema", () -> {
        if (compiled.check(payload) != null) {
          throw new IllegalStateException("invalid");
        }
      });
    }
  }

  private static void measure(String name, Runnable validation) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double bestNanos = Double.MAX_VALUE;
    double bytes = 0;
    for (int round = 0; round < ROUNDS; round++) {
      long allocated = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      for (int i = 0; i < PER_ROUND; i++) {
        validation.run();
      }
      long elapsed = System.nanoTime() - start;
      bytes = (threads.getCurrentThreadAllocatedBytes() - allocated) / (double) PER_ROUND;
      bestNanos = Math.min(bestNanos, elapsed / (double) PER_ROUND);
    }
    System.out.printf("%-45s %9.2f us/validation (best of %d rounds of %,d)  %,8.0f bytes allocated/validation%n",
        name, bestNanos / 1000, ROUNDS, PER_ROUND, bytes);
  }
}
