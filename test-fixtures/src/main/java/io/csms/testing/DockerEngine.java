package io.csms.testing;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, asked once per JVM (the probe logs an error block when none does). */
final class DockerEngine {
  private static volatile Boolean available;

  private DockerEngine() {
  }

  static boolean available() {
    Boolean known = available;
    if (known == null) {
      boolean answer;
      try {
        answer = DockerClientFactory.instance().isDockerAvailable();
      } catch (Throwable e) {
        answer = false;
      }
      available = known = answer;
    }
    return known;
  }
}
