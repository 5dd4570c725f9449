package io.csms.launcher;

import io.csms.api.auth.TokenIssuer;
import io.csms.launcher.config.CsmsConfiguration;
import io.csms.launcher.config.EnvironmentOverrides;
import io.csms.launcher.node.CsmsNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts a node and keeps it running until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start a CSMS node (the default command).")
public class ServeCommand implements Callable<Integer> {

  @Mixin
  Options options = new Options();

  @Override
  public Integer call() throws Exception {
    return options.serve();
  }

  /** The serve options, shared by {@code csms serve} and plain {@code csms}. */
  static final class Options {
    @Option(names = "--config", paramLabel = "FILE",
        description = "A JSON file merged over the defaults (also CSMS_CONFIG).")
    Path configFile;

    @Option(names = "--demo", description = "Seed a demo station, chargers, tariff and driver; print an ADMIN token.")
    boolean demo;

    @Option(names = "--cluster", description = "Join the Hazelcast cluster configured under cluster.* (also CSMS_CLUSTER_ENABLED).")
    boolean cluster;

    int serve() throws Exception {
      JsonObject config = CsmsConfiguration.load(configFile, System.getenv());
      if (demo) {
        config.put("demo", true);
      }
      if (cluster) {
        EnvironmentOverrides.set(config, "cluster.enabled", true);
      }
      CsmsNode node = CsmsNode.start(config);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        node.close();
        stopped.countDown();
      }, "csms-shutdown"));
      // Demo only: a ready ADMIN token so a newcomer can call the API at once.
      String demoToken = config.getBoolean("demo", false)
          ? TokenIssuer.issue(node.vertx(), config, "ADMIN", "demo-admin", null).toCompletionStage().toCompletableFuture().get()
          : null;
      System.out.println(StartupBanner.of(node, demoToken));
      System.out.flush();
      stopped.await();
      return 0;
    }
  }
}
