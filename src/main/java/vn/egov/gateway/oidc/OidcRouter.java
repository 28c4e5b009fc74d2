package vn.egov.gateway.oidc;

import io.vertx.ext.web.Router;

/** The OpenID Provider's route table. Handlers are built by the composition root and passed in. */
public final class OidcRouter {
  private OidcRouter() {
  }

  public record Handlers(
      String discoveryJson,
      String jwksJson,
      AuthorizeHandler authorize,
      ParHandler par,
      AuthorizationFlow flow,
      ConsentHandler consent,
      TokenHandler token,
      UserInfoHandler userInfo,
      IntrospectionHandler introspect,
      RevocationHandler revoke,
      LogoutHandler logout) {
  }

  public static void mount(Router router, Handlers h) {
    router.get("/.well-known/openid-configuration").handler(ctx -> json(ctx, h.discoveryJson(), "public, max-age=300"));
    router.get("/.well-known/oauth-authorization-server").handler(ctx -> json(ctx, h.discoveryJson(), "public, max-age=300"));
    router.get(Discovery.JWKS).handler(ctx -> json(ctx, h.jwksJson(), "public, max-age=300"));
    router.get(Discovery.AUTHORIZE).handler(h.authorize());
    router.post(Discovery.AUTHORIZE).handler(h.authorize());
    router.post(Discovery.PAR).handler(h.par());
    router.get(Discovery.CALLBACK).handler(ctx -> h.flow().callback(ctx).onFailure(ctx::fail));
    router.get("/consent").handler(h.consent()::page);
    router.post("/consent").handler(h.consent()::decide);
    router.post(Discovery.TOKEN).handler(h.token());
    router.get(Discovery.USERINFO).handler(h.userInfo());
    router.post(Discovery.USERINFO).handler(h.userInfo());
    router.post(Discovery.INTROSPECT).handler(h.introspect());
    router.post(Discovery.REVOKE).handler(h.revoke());
    router.get(Discovery.LOGOUT).handler(h.logout());
    router.post(Discovery.LOGOUT).handler(h.logout());
  }

  private static void json(io.vertx.ext.web.RoutingContext ctx, String body, String cache) {
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", cache)
        .putHeader("Access-Control-Allow-Origin", "*").end(body);
  }
}
