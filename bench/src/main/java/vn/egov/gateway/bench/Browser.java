package vn.egov.gateway.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One virtual browser: a cookie jar per origin (scheme://host:port) and nothing else. Redirects are
 * never followed by the client; the scenario reads each {@code Location} and decides. A new
 * browser is a new jar: no SSO session carries over between logins.
 */
final class Browser {
  private final WebClient client;
  private final Map<String, Map<String, String>> jars = new HashMap<>(4);

  Browser(WebClient client) {
    this.client = client;
  }

  Future<HttpResponse<Buffer>> get(String url) {
    return send(client.requestAbs(HttpMethod.GET, url), url, null);
  }

  Future<HttpResponse<Buffer>> postForm(String url, String formBody) {
    var req = client.requestAbs(HttpMethod.POST, url).putHeader("Content-Type", "application/x-www-form-urlencoded");
    return send(req, url, formBody);
  }

  private Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> req, String url, String body) {
    String origin = origin(url);
    Map<String, String> jar = jars.get(origin);
    if (jar != null && !jar.isEmpty()) {
      StringBuilder c = new StringBuilder();
      jar.forEach((k, v) -> {
        if (c.length() > 0) c.append("; ");
        c.append(k).append('=').append(v);
      });
      req.putHeader("Cookie", c.toString());
    }
    Future<HttpResponse<Buffer>> f = body == null ? req.send() : req.sendBuffer(Buffer.buffer(body));
    return f.map(r -> {
      for (String setCookie : r.cookies()) store(origin, setCookie);
      return r;
    });
  }

  private void store(String origin, String setCookie) {
    int semi = setCookie.indexOf(';');
    String pair = semi < 0 ? setCookie : setCookie.substring(0, semi);
    int eq = pair.indexOf('=');
    if (eq <= 0) return;
    String name = pair.substring(0, eq).trim();
    String value = pair.substring(eq + 1).trim();
    String attrs = semi < 0 ? "" : setCookie.substring(semi).toLowerCase();
    Map<String, String> jar = jars.computeIfAbsent(origin, k -> new HashMap<>(4));
    if (value.isEmpty() || attrs.contains("max-age=0")) jar.remove(name);
    else jar.put(name, value);
  }

  static String origin(String url) {
    int scheme = url.indexOf("://");
    int slash = url.indexOf('/', scheme + 3);
    return slash < 0 ? url : url.substring(0, slash);
  }

  /** The {@code Location} of a redirect, resolved against the request's origin when relative. */
  static String location(HttpResponse<Buffer> r, String requestUrl) {
    String loc = r.getHeader("Location");
    if (loc == null) return null;
    return loc.startsWith("/") ? origin(requestUrl) + loc : loc;
  }

  /** The value of the input named {@code name} in an HTML page we generated ourselves (no parser needed). */
  static String inputValue(String html, String name) {
    int at = html.indexOf("name=\"" + name + "\"");
    if (at < 0) return null;
    int tagEnd = html.indexOf('>', at);
    int v = html.indexOf("value=\"", at);
    if (v < 0 || (tagEnd >= 0 && v > tagEnd)) {
      // value may stand before name inside the same tag
      int tagStart = html.lastIndexOf('<', at);
      v = html.indexOf("value=\"", tagStart);
      if (v < 0 || v > tagEnd) return null;
    }
    int start = v + 7;
    int end = html.indexOf('"', start);
    return end < 0 ? null : unescape(html.substring(start, end));
  }

  private static String unescape(String s) {
    if (s.indexOf('&') < 0) return s;
    return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  static Map<String, String> query(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    int q = url.indexOf('?');
    if (q < 0) return out;
    for (String part : url.substring(q + 1).split("&")) {
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : part.substring(eq + 1);
      out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  static String form(String... namesAndValues) {
    StringBuilder b = new StringBuilder(256);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (b.length() > 0) b.append('&');
      b.append(enc(namesAndValues[i])).append('=').append(enc(namesAndValues[i + 1]));
    }
    return b.toString();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A top-level string field of a small JSON object, without a JSON library; null when absent. */
  static String jsonString(String json, String field) {
    int at = json.indexOf("\"" + field + "\"");
    if (at < 0) return null;
    int colon = json.indexOf(':', at + field.length() + 2);
    int q1 = json.indexOf('"', colon + 1);
    if (colon < 0 || q1 < 0) return null;
    int q2 = json.indexOf('"', q1 + 1);
    return q2 < 0 ? null : json.substring(q1 + 1, q2);
  }
}
