package vn.egov.gateway.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.impl.MicrometerMetrics;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates the Vert.x instance with Micrometer metrics into its own Prometheus registry, and finds
 * that registry again from the instance. HTTP server series are labelled by the matched route
 * template ({@code route}), never by the raw path, so an attacker's random URLs cannot grow the
 * series without bound.
 */
public final class MeteredVertx {
  private MeteredVertx() {
  }

  public static Vertx create(VertxOptions options) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        // Vert.x keeps registries in a static map by name: one name per instance keeps tests apart.
        .setRegistryName("egov-gateway-" + UUID.randomUUID())
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
            Label.CLIENT_NAME, Label.NAMESPACE))
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
    return Vertx.builder()
        .with(new VertxOptions(options).setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  /** The instance's Prometheus registry, when it was created by {@link #create}. */
  public static Optional<PrometheusMeterRegistry> registry(Vertx vertx) {
    if (vertx instanceof VertxInternal internal && internal.metrics() instanceof MicrometerMetrics m
        && m.registry() instanceof PrometheusMeterRegistry p) {
      return Optional.of(p);
    }
    return Optional.empty();
  }
}
