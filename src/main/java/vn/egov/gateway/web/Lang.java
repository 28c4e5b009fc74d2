package vn.egov.gateway.web;

import io.vertx.ext.web.RoutingContext;

/** The two languages of citizen pages. Vietnamese unless the citizen or the portal asks for English. */
public enum Lang {
  VI("vi"), EN("en");

  private final String tag;

  Lang(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }

  /** First supported tag of a space-separated list such as OIDC's {@code ui_locales}; Vietnamese otherwise. */
  public static Lang fromTags(String tags) {
    if (tags == null) return VI;
    for (String t : tags.trim().split("\\s+")) {
      String lower = t.toLowerCase(java.util.Locale.ROOT);
      if (lower.equals("vi") || lower.startsWith("vi-")) return VI;
      if (lower.equals("en") || lower.startsWith("en-")) return EN;
    }
    return VI;
  }

  /** {@code ?lang=} wins (the language switch on every page), then the given default. */
  public static Lang of(RoutingContext ctx, Lang fallback) {
    String q = ctx.request().getParam("lang");
    if (q != null) return fromTags(q);
    return fallback;
  }
}
