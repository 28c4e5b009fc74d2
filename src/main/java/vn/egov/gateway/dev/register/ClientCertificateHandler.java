package vn.egov.gateway.dev.register;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
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
  static ClientCertificateHandler create(Set<String> allowedCommonNames) {
    return new Impl(Set.copyOf(allowedCommonNames));
  }

  /** The single CN of the subject, if there is exactly one, counting every value of multi-valued RDNs. */
  static Optional<String> commonName(X500Principal subject) {
    try {
      List<Object> cns = new ArrayList<>();
      for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
        Attribute cn = rdn.toAttributes().get("CN");
        if (cn == null) continue;
        for (NamingEnumeration<?> values = cn.getAll(); values.hasMore(); ) cns.add(values.next());
      }
      return cns.size() == 1 && cns.get(0) instanceof String cn ? Optional.of(cn) : Optional.empty();
    } catch (NamingException e) {
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
      String cn = commonName(peer.getSubjectX500Principal()).orElseThrow(
          () -> RegisterProblems.clientNotAllowed("The client certificate's subject has no single CN").exception());
      if (!allowed.contains(cn)) {
        throw RegisterProblems.clientNotAllowed("The client certificate CN=" + cn + " may not read the register").exception();
      }
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
