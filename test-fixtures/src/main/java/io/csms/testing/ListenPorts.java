package io.csms.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for servers that a test starts later, often in another process: a node's OCPP and HTTP ports,
 * Hazelcast member ports, an embedded Redis.
 *
 * <p>{@code new ServerSocket(0)} hands out a port from the kernel's ephemeral range, the same range it
 * picks from for every outgoing connection. Between choosing such a port and a child process binding
 * it (seconds: a JVM start, a cluster join, migrations) a database or cluster connection could take it,
 * and the node then failed with "Address already in use". These ports come from just below that range,
 * where the kernel never places an outgoing connection, and one JVM never hands out the same port twice.
 */
public final class ListenPorts {
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LINUX_DEFAULT_EPHEMERAL_LOW = 32768;
  private static final int SPAN = 12_000;

  private static final int HIGH = Math.max(1024 + SPAN, ephemeralLow()) - 1;
  private static final int LOW = HIGH + 1 - SPAN;
  // A random start keeps two test JVMs on one machine (two checkouts) apart in all likelihood.
  private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(LOW, HIGH + 1));

  private ListenPorts() {
  }

  /** A port on 127.0.0.1 that was free when asked and is outside the ephemeral range. */
  public static int next() {
    for (int tries = 0; tries <= HIGH - LOW; tries++) {
      int port = LOW + Math.floorMod(NEXT.getAndIncrement() - LOW, HIGH - LOW + 1);
      if (bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int ephemeralLow() {
    // A line reader, not Files.readString: /proc files claim size 0, and some kernels (gVisor) then
    // hand over only the first byte.
    try (BufferedReader line = Files.newBufferedReader(EPHEMERAL_RANGE)) {
      return Integer.parseInt(line.readLine().trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return LINUX_DEFAULT_EPHEMERAL_LOW;
    }
  }
}
