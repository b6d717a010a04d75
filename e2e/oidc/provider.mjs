// The test identity provider: panva's `oidc-provider` (a certified OpenID
// Connect implementation) on a loopback port, for the server's tests
// (server/tests/oidc.rs) and the browser test (e2e/tests/oidc.spec.ts).
// Nothing here is fetched from the network.
//
// Environment: OIDC_PORT (the port on 127.0.0.1), OIDC_CLIENT_ID,
// OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (comma-separated).
//
// Sign-in uses the library's development interactions: a login form that
// accepts any login name (password ignored) and a consent form. The login
// name is the subject; its email is NAME@example.test, verified unless the
// name starts with "unverified" (`email_verified: false`) or "silent" (no
// `email_verified` claim at all, as some providers do).
//
// For the negative tests, `GET /__test/mode?set=MODE` makes the token
// endpoint hand out a tampered ID token from then on: `wrong-audience`,
// `wrong-issuer` and `expired` re-sign changed claims with the provider's
// own key (so only the changed claim is wrong), `bad-signature` signs with
// another key under the same key ID; `normal` stops tampering.

import Provider from 'oidc-provider';
import * as jose from 'jose';

const port = Number(process.env.OIDC_PORT || 0);
const clientId = process.env.OIDC_CLIENT_ID || 'vpcraft';
const clientSecret = process.env.OIDC_CLIENT_SECRET || 'test-client-secret';
const redirectUris = (process.env.OIDC_REDIRECT_URIS || '').split(',').filter(Boolean);
const issuer = `http://127.0.0.1:${port}`;
const kid = 'test-key';

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await jose.exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
const { privateKey: otherKey } = await jose.generateKeyPair('RS256');

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: ['vpcraft-test-provider-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The ID token carries the email claims (the client reads no user info).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: `${id}@example.test`,
          ...(id.startsWith('silent') ? {} : { email_verified: !id.startsWith('unverified') }),
          name: id,
        };
      },
    };
  },
});

let mode = 'normal';

async function tamper(idToken) {
  const claims = jose.decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  let key = privateKey;
  switch (mode) {
    case 'wrong-audience':
      claims.aud = 'another-client';
      break;
    case 'wrong-issuer':
      claims.iss = 'http://127.0.0.1:9/not-the-issuer';
      break;
    case 'expired':
      claims.iat = now - 7200;
      claims.exp = now - 3600;
      break;
    case 'bad-signature':
      key = otherKey;
      break;
    default:
      return idToken;
  }
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test/mode') {
    mode = String(ctx.query.set || 'normal');
    ctx.body = { mode };
    return;
  }
  await next();
  if (ctx.path === '/token' && mode !== 'normal' && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await tamper(ctx.body.id_token) };
  }
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`test identity provider listening on ${issuer}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
