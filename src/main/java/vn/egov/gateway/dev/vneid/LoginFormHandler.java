package vn.egov.gateway.dev.vneid;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.web.Lang;
import vn.egov.gateway.web.PageException;

/**
 * {@code GET /authorize/login?request_id=...&lang=...}: the form of a pending login again, in the
 * other language. The language switch link of the page leads here; nothing is changed.
 */
interface LoginFormHandler extends Handler<RoutingContext> {

  static LoginFormHandler create(EphemeralStore store, LoginPage page) {
    return new Impl(store, page);
  }

  final class Impl implements LoginFormHandler {
    private final EphemeralStore store;
    private final LoginPage page;

    Impl(EphemeralStore store, LoginPage page) {
      this.store = store;
      this.page = page;
    }

    @Override
    public void handle(RoutingContext ctx) {
      String requestId = ctx.request().getParam(LoginPage.REQUEST_ID);
      ctx.put(MockVneidFailureHandler.LANG_KEY, Lang.of(ctx, Lang.VI));
      if (requestId == null || requestId.isBlank()) throw new PageException(400, "login_expired", null);
      store.get(PendingLogin.key(requestId))
          .compose(json -> {
            if (json == null) return Future.failedFuture(new PageException(400, "login_expired", null));
            PendingLogin pending = PendingLogin.fromJson(json);
            Lang lang = Lang.of(ctx, pending.lang());
            return Future.succeededFuture(Reply.page(200,
                page.render(lang, requestId, pending.request().getClientID().getValue(), "", null)));
          })
          .onSuccess(reply -> reply.send(ctx))
          .onFailure(ctx::fail);
    }
  }
}
