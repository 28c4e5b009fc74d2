package vn.egov.gateway.testing;

import java.io.IOException;
import java.net.ServerSocket;

/** A free loopback port, for components whose URL must be known before they listen (an issuer). */
public final class FreePorts {
  private FreePorts() {
  }

  public static int next() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
