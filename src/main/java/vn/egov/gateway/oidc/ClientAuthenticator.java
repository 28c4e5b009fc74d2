package vn.egov.gateway.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientAuthenticationVerifier;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientCredentialsSelector;
import com.nimbusds.oauth2.sdk.auth.verifier.Context;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.auth.verifier.JWTAudienceCheck;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import vn.egov.gateway.config.ClientAuthMethod;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.web.OAuthException;

/**
 * Authenticates portals at the token, PAR, introspection and revocation endpoints with the method
 * each one registered: {@code client_secret_basic} or {@code private_key_jwt} (RFC 7523). Client
 * assertions must be asymmetric (ES256, RS256, PS256), short-lived, and are single use: their
 * {@code jti} goes into a replay cache until they expire.
 */
public final class ClientAuthenticator {
  private static final Set<JWSAlgorithm> ASSERTION_ALGS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256);
  /** Longest accepted assertion lifetime; bounds the replay cache too. */
  private static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);

  private final Function<String, ClientConfig> clients;
  private final EphemeralStore store;
  private final Clock clock;
  private final ClientAuthenticationVerifier<ClientConfig> jwtVerifier;

  public ClientAuthenticator(Function<String, ClientConfig> clients, EphemeralStore store, Clock clock, String issuer, List<String> endpoints) {
    this.clients = clients;
    this.store = store;
    this.clock = clock;
    Set<Audience> audiences = new java.util.HashSet<>();
    audiences.add(new Audience(issuer));
    for (String e : endpoints) audiences.add(new Audience(e));
    this.jwtVerifier = new ClientAuthenticationVerifier<>(new KeySelector(), audiences, JWTAudienceCheck.LEGACY);
  }

  /** The authenticated client, or a failed future with {@code invalid_client}. */
  public Future<ClientConfig> authenticate(HTTPRequest request) {
    ClientAuthentication auth;
    try {
      auth = ClientAuthentication.parse(request);
    } catch (ParseException e) {
      return Future.failedFuture(OAuthException.invalidClient("malformed client authentication: " + e.getMessage()));
    }
    if (auth == null) return Future.failedFuture(OAuthException.invalidClient("client authentication required"));
    ClientConfig client = clients.apply(auth.getClientID().getValue());
    if (client == null) return Future.failedFuture(OAuthException.invalidClient("unknown client"));
    if (auth instanceof ClientSecretBasic basic) {
      if (client.authMethod() != ClientAuthMethod.CLIENT_SECRET_BASIC) {
        return Future.failedFuture(OAuthException.invalidClient("this client must authenticate with " + client.authMethod().value()));
      }
      if (!secretMatches(client.secret(), basic.getClientSecret())) {
        return Future.failedFuture(OAuthException.invalidClient("client authentication failed"));
      }
      return Future.succeededFuture(client);
    }
    if (auth instanceof PrivateKeyJWT jwt) {
      if (client.authMethod() != ClientAuthMethod.PRIVATE_KEY_JWT) {
        return Future.failedFuture(OAuthException.invalidClient("this client must authenticate with " + client.authMethod().value()));
      }
      return verifyAssertion(client, jwt);
    }
    return Future.failedFuture(OAuthException.invalidClient("unsupported client authentication method " + auth.getMethod()));
  }

  private Future<ClientConfig> verifyAssertion(ClientConfig client, PrivateKeyJWT jwt) {
    JWTClaimsSet claims;
    try {
      if (!ASSERTION_ALGS.contains(jwt.getClientAssertion().getHeader().getAlgorithm())) {
        return Future.failedFuture(OAuthException.invalidClient("client assertion algorithm not allowed"));
      }
      Context<ClientConfig> context = new Context<>();
      context.set(client);
      jwtVerifier.verify(jwt, null, context);
      claims = jwt.getClientAssertion().getJWTClaimsSet();
    } catch (InvalidClientException e) {
      return Future.failedFuture(OAuthException.invalidClient("client assertion rejected: " + e.getMessage()));
    } catch (JOSEException | java.text.ParseException e) {
      return Future.failedFuture(OAuthException.invalidClient("client assertion cannot be verified"));
    }
    Instant now = clock.instant();
    Instant exp = claims.getExpirationTime().toInstant();
    if (!exp.isAfter(now)) return Future.failedFuture(OAuthException.invalidClient("client assertion expired"));
    if (exp.isAfter(now.plus(MAX_ASSERTION_LIFETIME).plusSeconds(30))) {
      return Future.failedFuture(OAuthException.invalidClient("client assertion lives longer than " + MAX_ASSERTION_LIFETIME.toMinutes() + " minutes"));
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isBlank()) return Future.failedFuture(OAuthException.invalidClient("client assertion has no jti"));
    Duration ttl = Duration.between(now, exp).plusSeconds(30);
    return store.putIfAbsent("jti:" + client.clientId() + ":" + jti, "1", ttl).compose(fresh -> fresh
        ? Future.succeededFuture(client)
        : Future.failedFuture(OAuthException.invalidClient("client assertion replayed (jti already used)")));
  }

  /** Compares digests so the time taken does not reveal how much of the secret matched. */
  static boolean secretMatches(String registered, Secret presented) {
    if (registered == null || presented == null) return false;
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] a = sha.digest(registered.getBytes(StandardCharsets.UTF_8));
      byte[] b = sha.digest(presented.getValueBytes());
      return MessageDigest.isEqual(a, b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Supplies the portal's registered public keys to the Nimbus verifier, for private_key_jwt only. */
  private static final class KeySelector implements ClientCredentialsSelector<ClientConfig> {
    @Override
    public List<Secret> selectClientSecrets(ClientID id, ClientAuthenticationMethod method, Context<ClientConfig> ctx)
        throws InvalidClientException {
      throw new InvalidClientException("client secret JWTs are not accepted");
    }

    @Override
    public List<? extends PublicKey> selectPublicKeys(ClientID id, ClientAuthenticationMethod method,
        com.nimbusds.jose.JWSHeader header, boolean forceRefresh, Context<ClientConfig> ctx) throws InvalidClientException {
      ClientConfig client = ctx.get();
      if (client == null || !client.clientId().equals(id.getValue()) || client.jwks() == null) {
        throw new InvalidClientException("no registered keys for this client");
      }
      List<JWK> keys = new JWKSelector(JWKMatcher.forJWSHeader(header)).select(client.jwks());
      if (keys.isEmpty()) throw new InvalidClientException("no registered key matches the assertion's kid and algorithm");
      return KeyConverter.toJavaKeys(keys).stream().filter(k -> k instanceof PublicKey).map(k -> (PublicKey) k).toList();
    }
  }
}
