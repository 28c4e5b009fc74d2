// An independent OpenID Connect relying party, built only on openid-client's public API, that logs
// in through the gateway knowing nothing but its issuer URL (everything else comes from discovery).
// Test tooling for the interop test (OpenIdClientInteropTest); never part of the product.
//
// Usage: node interop/rp.mjs <issuer>
// Talks to its caller over stdin/stdout, one JSON object per line:
//   out: {"authorizationUrl": "..."}
//   in:  {"callbackUrl": "..."}      (where the gateway finally redirected the browser)
//   out: {"ok": true, "sub", "acr", "claims", "userinfo", "refreshed"}   exit 0
//    or: {"ok": false, "error": "..."}                                   exit 1
// Nothing else is ever written to stdout; diagnostics go to stderr.

import * as readline from 'node:readline';
import * as client from 'openid-client';

const CLIENT_ID = 'demo-portal';
const CLIENT_SECRET = 'demo-portal-secret';
const REDIRECT_URI = 'http://localhost:8081/callback';
const SCOPE = 'openid profile identity_number offline_access';

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function describe(err) {
  const parts = [];
  for (let e = err, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e !== 'object') {
      parts.push(String(e));
      break;
    }
    if (!(e instanceof Error)) {
      // openid-client attaches plain objects as causes (e.g. the offending values): show them as JSON.
      parts.push(JSON.stringify(e));
      break;
    }
    let s = `${e.name ?? 'Error'}: ${e.message ?? String(e)}`;
    if (e.code) s += ` [${e.code}]`;
    if (e.error) s += ` (error=${e.error}${e.error_description ? `: ${e.error_description}` : ''})`;
    if (typeof e.status === 'number') s += ` (HTTP ${e.status})`;
    parts.push(s);
  }
  return parts.join(' <- caused by: ');
}

async function readOneLine() {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of rl) {
      if (line.trim() !== '') return line;
    }
    throw new Error('stdin closed before a callbackUrl line arrived');
  } finally {
    rl.close();
  }
}

async function main() {
  const issuer = process.argv[2];
  if (!issuer) throw new Error('usage: node rp.mjs <issuer>');

  // discovery() fetches <issuer>/.well-known/openid-configuration and checks that the document's
  // `issuer` equals the one we asked for. client_secret_basic, as the demo portal is registered.
  //
  // allowInsecureRequests: ONLY because the dev gateway's issuer is plain http on loopback
  // (http://localhost:<port>) in this test. A real portal talks to an https issuer and must never
  // use this option.
  //
  // enableNonRepudiationChecks: makes the library verify the ID token's JWS signature against the
  // keys at the discovered jwks_uri (by default it relies on TLS to the token endpoint instead,
  // which plain http does not give us, and we want the signature checked anyway).
  const config = await client.discovery(
    new URL(issuer),
    CLIENT_ID,
    CLIENT_SECRET,
    client.ClientSecretBasic(CLIENT_SECRET),
    { execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks] },
  );

  const codeVerifier = client.randomPKCECodeVerifier();
  const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
  const state = client.randomState();
  const nonce = client.randomNonce();

  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: SCOPE,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  emit({ authorizationUrl: authorizationUrl.href });

  const input = JSON.parse(await readOneLine());
  if (typeof input.callbackUrl !== 'string') throw new Error('expected {"callbackUrl": "..."} on stdin');

  // Checks the authorization response (iss per RFC 9207 since discovery advertises
  // authorization_response_iss_parameter_supported, state, error), redeems the code with the PKCE
  // verifier, then validates the ID token: signature (see above), iss, aud, azp, exp, iat, nonce.
  const tokens = await client.authorizationCodeGrant(config, new URL(input.callbackUrl), {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('no ID token in the token response');

  // The userinfo response's `sub` must equal the ID token's.
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);

  if (!tokens.refresh_token) throw new Error('no refresh_token although offline_access was requested');
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  if (!refreshed.access_token) throw new Error('refresh returned no access_token');
  const refreshedClaims = refreshed.claims();
  if (refreshedClaims && refreshedClaims.sub !== claims.sub) throw new Error('refreshed ID token has another sub');

  emit({
    ok: true,
    sub: claims.sub,
    acr: claims.acr,
    claims,
    userinfo,
    refreshed: true,
    refreshTokenRotated: typeof refreshed.refresh_token === 'string' && refreshed.refresh_token !== tokens.refresh_token,
  });
}

try {
  await main();
  process.exitCode = 0;
} catch (err) {
  process.stderr.write(`rp.mjs: ${err?.stack ?? err}\n`);
  emit({ ok: false, error: describe(err) });
  process.exitCode = 1;
}
