package vn.egov.gateway.web;

import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * Who is on the other end of a mutual-TLS connection. The handshake has already proved that the
 * client holds the key of a certificate from the trusted CA; these read the name it proved.
 */
public final class ClientCertificates {
  private ClientCertificates() {
  }

  /** The verified client certificate of the request's connection, if there is one. */
  public static Optional<X509Certificate> peer(RoutingContext ctx) {
    try {
      if (!ctx.request().isSSL()) return Optional.empty();
      List<Certificate> chain = ctx.request().connection().peerCertificates();
      if (chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate leaf) return Optional.of(leaf);
    } catch (SSLPeerUnverifiedException e) {
      // no verified peer
    }
    return Optional.empty();
  }

  /** The single subject CN of the verified client certificate, if there is exactly one. */
  public static Optional<String> commonName(RoutingContext ctx) {
    return peer(ctx).flatMap(cert -> commonName(cert.getSubjectX500Principal()));
  }

  /**
   * The single CN of the subject, if there is exactly one, counting every value of multi-valued
   * RDNs: a subject with no CN, or with several, names nobody.
   */
  public static Optional<String> commonName(X500Principal subject) {
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
}
