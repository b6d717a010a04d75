// Where the browser tests' identity provider (oidc/provider.mjs) listens and
// the client it knows the vpcraft server as.
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? Number(process.env.E2E_PORT ?? 18765) + 2000);
export const OIDC_URL = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_CLIENT_ID = "vpcraft";
export const OIDC_CLIENT_SECRET = "e2e-client-secret";
/** The provider's name on the sign-in button. */
export const OIDC_NAME = "Test SSO";
