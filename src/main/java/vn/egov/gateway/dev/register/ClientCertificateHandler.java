package vn.egov.gateway.dev.register;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * Authorization by client certificate. The TLS handshake has already proved that the client holds
 * the key of a certificate from the trusted CA; this decides whether that client may read records,
 * by the certificate's subject CN. A subject with no CN, or with several, names nobody.
 */
interface ClientCertificateHandler extends Handler<RoutingContext> {
  /** Routing-context key of the authorized client's CN, for handlers and logs. */
  String CLIENT_KEY = "register.client";

  static ClientCertificateHandler create(Set<String> allowedCommonNames) {
    return new Impl(Set.copyOf(allowedCommonNames));
  }

  /** The single CN of the subject, if there is exactly one. */
  static Optional<String> commonName(X509Certificate certificate) {
    try {
      LdapName name = new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253));
      List<Rdn> cns = name.getRdns().stream().filter(rdn -> rdn.getType().equalsIgnoreCase("CN")).toList();
      if (cns.size() != 1 || !(cns.get(0).getValue() instanceof String cn)) return Optional.empty();
      return Optional.of(cn);
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }

  final class Impl implements ClientCertificateHandler {
    private final Set<String> allowed;

    Impl(Set<String> allowed) {
      this.allowed = allowed;
    }

    @Override
    public void handle(RoutingContext ctx) {
      X509Certificate peer = peer(ctx);
      String cn = commonName(peer).orElseThrow(
          () -> RegisterProblems.clientNotAllowed("The client certificate's subject has no single CN").exception());
      if (!allowed.contains(cn)) {
        throw RegisterProblems.clientNotAllowed("The client certificate CN=" + cn + " may not read the register").exception();
      }
      ctx.put(CLIENT_KEY, cn);
      ctx.next();
    }

    /** The server requires a client certificate, so its absence here means a plain-HTTP listener: refuse. */
    private static X509Certificate peer(RoutingContext ctx) {
      try {
        List<Certificate> chain = ctx.request().connection().peerCertificates();
        if (chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate leaf) return leaf;
      } catch (SSLPeerUnverifiedException e) {
        // fall through: no verified peer
      }
      throw RegisterProblems.clientNotAllowed("No verified client certificate").exception();
    }
  }
}
