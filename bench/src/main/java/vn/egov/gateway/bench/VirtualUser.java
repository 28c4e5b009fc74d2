package vn.egov.gateway.bench;

import io.vertx.core.Context;
import io.vertx.ext.web.client.WebClient;

/** One closed-loop client. It always runs on its lane's event-loop thread. */
final class VirtualUser {
  /** An event-loop thread of the generator, with its HTTP client and its own (lock-free) recorder. */
  static final class Lane {
    final Context context;
    final WebClient client;
    /** Mutual TLS to the mock population register (the register-direct baseline); null when not measured. */
    final WebClient register;
    Recorder recorder = new Recorder();

    Lane(Context context, WebClient client, WebClient register) {
      this.context = context;
      this.client = client;
      this.register = register;
    }
  }

  final Lane lane;
  final int index;
  /** The head of this user's refresh-token chain (refresh scenario). */
  String refreshToken;

  VirtualUser(Lane lane, int index) {
    this.lane = lane;
    this.index = index;
  }
}
