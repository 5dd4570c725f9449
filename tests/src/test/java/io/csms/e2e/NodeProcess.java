package io.csms.e2e;

import io.csms.testing.ListenPorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A CSMS node as operators run one: {@code java -jar launcher/target/csms.jar ...} in its own JVM
 * process on 127.0.0.1, configured through environment variables. Its output is kept for failure
 * reports; {@link #start} returns once the node has printed that it is up.
 */
public final class NodeProcess implements AutoCloseable {
  private static final Path JAR = Path.of("..", "launcher", "target", "csms.jar").toAbsolutePath().normalize();

  public final String name;
  public final int ocppPort;
  public final int httpPort;
  private final Process process;
  private final List<String> output = new ArrayList<>();

  private NodeProcess(String name, int ocppPort, int httpPort, Process process) {
    this.name = name;
    this.ocppPort = ocppPort;
    this.httpPort = httpPort;
    this.process = process;
  }

  /**
   * {@code java -jar csms.jar ARGS} with this environment plus its own free OCPP and HTTP ports and
   * {@code CSMS_NODE_ID=name}.
   */
  public static NodeProcess start(String name, List<String> args, Map<String, String> environment) throws Exception {
    requireJar();
    int ocppPort = ListenPorts.next();
    int httpPort = ListenPorts.next();
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-jar", JAR.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    builder.environment().put("CSMS_NODE_ID", name);
    builder.environment().put("CSMS_HOST", "127.0.0.1");
    builder.environment().put("CSMS_OCPP_PORT", Integer.toString(ocppPort));
    builder.environment().put("CSMS_HTTP_PORT", Integer.toString(httpPort));
    NodeProcess node = new NodeProcess(name, ocppPort, httpPort, builder.start());
    node.awaitUp();
    return node;
  }

  /** Runs a one-shot command of the jar ({@code token ...}) and returns its standard output. */
  public static String run(List<String> args, Map<String, String> environment) throws Exception {
    requireJar();
    List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("csms.jar " + args + " failed: " + out);
    }
    return out;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void requireJar() {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: these tests run the packaged node; build it with the "
          + "README's test command (./mvnw -B verify), which packages launcher before the tests module runs");
    }
  }

  private void awaitUp() throws Exception {
    CompletableFuture<Void> up = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          synchronized (output) {
            output.add(line);
          }
          if (line.contains(" is up")) {
            up.complete(null);
          }
        }
      } catch (IOException ignored) {
        // the process went away; the exit below reports it
      }
      up.completeExceptionally(new IllegalStateException(name + " exited before it was up:\n" + output()));
    }, name + "-output");
    reader.setDaemon(true);
    reader.start();
    try {
      up.get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not come up:\n" + output(), e);
    }
  }

  /** The lines printed so far that contain {@code marker}. */
  public List<String> linesContaining(String marker) {
    synchronized (output) {
      return output.stream().filter(l -> l.contains(marker)).toList();
    }
  }

  public String ocppUrl() {
    return "ws://127.0.0.1:" + ocppPort + "/ocpp";
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** {@code kill -9}: no shutdown hook, no goodbye to the cluster. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
