package io.csms.launcher;

import io.csms.api.auth.TokenIssuer;
import io.csms.launcher.config.CsmsConfiguration;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * Prints a token signed with the node's key (the one in {@code dataDir}, or {@code auth.signingKeyFile}),
 * alone on standard output so that scripts can capture it.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Print an API token signed with this node's key.")
public class TokenCommand implements Callable<Integer> {

  @Option(names = "--role", required = true, description = "ADMIN or USER.")
  String role;

  @Option(names = "--subject", required = true, description = "The user's external subject id.")
  String subject;

  @Option(names = "--ttl", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Lifetime: 90s, 30m, 8h, 7d or ISO-8601 (PT8H). Default auth.tokenTtlMinutes.")
  Duration ttl;

  @Option(names = "--config", paramLabel = "FILE", description = "A JSON file merged over the defaults.")
  Path configFile;

  @Override
  public Integer call() {
    JsonObject config = CsmsConfiguration.load(configFile, System.getenv());
    try {
      System.out.println(TokenIssuer.issueBlocking(config, role.toUpperCase(Locale.ROOT), subject, ttl));
      return 0;
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("token: " + e.getMessage());
      return 2;
    }
  }

  /** {@code 90s}, {@code 30m}, {@code 8h}, {@code 7d}, or ISO-8601. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.startsWith("p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.length() < 2) {
        throw new IllegalArgumentException("not a duration: " + value);
      }
      long amount = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        case 'd' -> Duration.ofDays(amount);
        default -> throw new IllegalArgumentException("not a duration: " + value + " (use 90s, 30m, 8h, 7d)");
      };
    }
  }
}
