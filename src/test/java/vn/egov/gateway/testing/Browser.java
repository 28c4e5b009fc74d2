package vn.egov.gateway.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A minimal browser for tests over real HTTP: keeps cookies, never follows redirects by itself
 * (tests look at each hop), and reads HTML forms with jsoup. Runs on the test thread, never on
 * an event loop.
 */
public final class Browser {
  private final HttpClient http;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

  public Browser() {
    // HTTP/1.1 as browsers speak to these servers; no h2c upgrade dance in tests.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  public CookieManager cookies() {
    return cookies;
  }

  public HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  public HttpResponse<String> get(URI url) {
    return get(url.toString());
  }

  public HttpResponse<String> postForm(String url, Map<String, String> form) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The absolute Location of a redirect, resolved against the request URI. */
  public static URI location(HttpResponse<?> r) {
    String loc = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location header; status " + r.statusCode()));
    return r.uri().resolve(loc);
  }

  /** Follows redirects while they stay on hosts other than {@code stopAtPrefix}; returns the last response. */
  public HttpResponse<String> followUntil(HttpResponse<String> r, String stopAtPrefix) {
    int hops = 0;
    while (r.statusCode() / 100 == 3) {
      URI next = location(r);
      if (next.toString().startsWith(stopAtPrefix)) return r;
      if (++hops > 10) throw new AssertionError("too many redirects");
      r = get(next);
    }
    return r;
  }

  /** Submits the page's only form with the given fields added to its own (hidden) inputs. */
  public HttpResponse<String> submitForm(HttpResponse<String> page, Map<String, String> fields) {
    Document doc = Jsoup.parse(page.body(), page.uri().toString());
    var forms = doc.select("form[method=post]");
    if (forms.size() != 1) throw new AssertionError("expected exactly one POST form, found " + forms.size() + " in " + page.body());
    Element form = forms.first();
    Map<String, String> data = new LinkedHashMap<>();
    for (Element input : form.select("input[name]")) {
      if (!input.attr("type").equals("submit")) data.put(input.attr("name"), input.attr("value"));
    }
    data.putAll(fields);
    String action = form.absUrl("action").isEmpty() ? page.uri().toString() : form.absUrl("action");
    return postForm(action, data);
  }

  public static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    if (uri.getRawQuery() == null) return out;
    for (String part : uri.getRawQuery().split("&")) {
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : part.substring(eq + 1);
      out.put(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8), java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  public static String encode(Map<String, String> form) {
    StringJoiner j = new StringJoiner("&");
    form.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return j.toString();
  }
}
