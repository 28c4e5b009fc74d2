package vn.egov.gateway.ops;

import io.vertx.ext.web.Router;

/** The ops API under {@code /ops/v1}: every route behind {@link OpsAuth}. */
public final class OpsRouter {
  private OpsRouter() {
  }

  public static void mount(Router router, OpsAuth auth, DeliveryOpsHandler delivery) {
    router.route("/ops/*").handler(auth);
    router.get("/ops/v1/dead-letters").handler(delivery::deadLetters);
    router.post("/ops/v1/dossiers/:receiptCode/redrive").handler(delivery::redrive);
  }
}
