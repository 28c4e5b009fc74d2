package vn.egov.gateway.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A free loopback port, for components whose URL must be known before they listen (an issuer).
 *
 * <p>Never the same port twice in one JVM, and never one from the kernel's ephemeral range
 * (32768-60999 on Linux): a port handed out there could, before its component binds it, be taken
 * by a server listening on port 0 or by an outgoing connection, or be handed out again. Two Vert.x
 * servers given one port share its listener and split its connections between them: a plain
 * gateway and a TLS server once answered every other request of a test class that way.
 */
public final class FreePorts {
  private static final int FIRST = 20_000;
  private static final int LAST = 32_000;
  /** A random start per JVM, so that two test JVMs on one machine rarely walk the same ports. */
  private static final AtomicInteger NEXT = new AtomicInteger(FIRST + ThreadLocalRandom.current().nextInt(LAST - FIRST));

  private FreePorts() {
  }

  public static int next() {
    for (int tries = 0; tries < LAST - FIRST; tries++) {
      int port = NEXT.getAndUpdate(p -> p + 1 >= LAST ? FIRST : p + 1);
      if (bindable(port)) return port;
    }
    throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
