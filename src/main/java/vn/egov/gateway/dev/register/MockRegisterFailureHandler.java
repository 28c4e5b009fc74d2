package vn.egov.gateway.dev.register;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.web.Problem;
import vn.egov.gateway.web.ProblemException;
import vn.egov.gateway.web.RequestIdHandler;

/**
 * Renders every failure of the mock register once, as problem+json (RFC 9457) whose
 * {@code instance} is the request id. Anything that is not a {@link ProblemException} or a Vert.x
 * {@link HttpException} is our bug: a 500 whose details go to the log, never to the client.
 */
interface MockRegisterFailureHandler extends Handler<RoutingContext> {

  static MockRegisterFailureHandler create() {
    return new Impl();
  }

  final class Impl implements MockRegisterFailureHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MockRegisterFailureHandler.class);

    @Override
    public void handle(RoutingContext ctx) {
      if (ctx.response().headWritten()) {
        ctx.request().connection().close();
        return;
      }
      Throwable failure = ctx.failure();
      Problem problem;
      if (failure instanceof ProblemException e) {
        problem = e.problem();
      } else if (failure instanceof HttpException e) {
        problem = RegisterProblems.generic(e.getStatusCode());
      } else if (failure == null && ctx.statusCode() >= 400) {
        problem = RegisterProblems.generic(ctx.statusCode());
      } else {
        LOG.error("unhandled failure requestId={} {} {}", RequestIdHandler.of(ctx), ctx.request().method(), ctx.request().path(), failure);
        problem = RegisterProblems.generic(500);
      }
      ctx.response().headers().remove("Content-Length").remove("Last-Modified");
      ctx.response().setStatusCode(problem.status())
          .putHeader("Content-Type", "application/problem+json")
          .putHeader("Cache-Control", "no-store")
          .end(problem.toJson(RequestIdHandler.of(ctx)).toBuffer());
    }
  }
}
