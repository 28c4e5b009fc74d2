package vn.egov.gateway.web;

/** Escaping and the shared page frame of the citizen pages. Every dynamic value goes through {@link #esc}. */
public final class Html {
  private Html() {
  }

  public static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}
      header{background:#a50e0e;color:#fff;padding:12px 20px;display:flex;justify-content:space-between;align-items:center}
      header a{color:#fff}
      main{max-width:560px;margin:24px auto;background:#fff;padding:24px;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
      h1{font-size:1.4rem;margin-top:0}
      label{display:block;margin-top:12px;font-weight:600}
      input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:10px;font-size:1rem;border:1px solid #6b7280;border-radius:4px}
      button{margin-top:16px;padding:10px 18px;font-size:1rem;border-radius:4px;border:1px solid #1b1f24;cursor:pointer}
      button.primary{background:#a50e0e;color:#fff;border-color:#a50e0e}
      .error{background:#fde8e8;border:1px solid #a50e0e;padding:10px;border-radius:4px}
      table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px;border-bottom:1px solid #d1d5db;vertical-align:top}
      .muted{color:#4b5563;font-size:.9rem}
      """;

  /** A complete page; {@code body} must already be escaped HTML. {@code switchHref} leads to the other language. */
  public static String page(Lang lang, String brand, String title, String body, String switchHref, String switchLabel) {
    return "<!DOCTYPE html><html lang=\"" + lang.tag() + "\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + esc(title) + "</title><style>" + STYLE + "</style></head><body>"
        + "<header><strong>" + esc(brand) + "</strong>"
        + (switchHref == null ? "" : "<a href=\"" + esc(switchHref) + "\" hreflang=\"" + (lang == Lang.VI ? "en" : "vi") + "\">"
        + esc(switchLabel) + "</a>")
        + "</header><main>" + body + "</main></body></html>";
  }
}
