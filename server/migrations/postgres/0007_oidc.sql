-- Sign-in with the company's identity provider (OpenID Connect).
-- external_identities links a provider's account (its issuer and the
-- stable subject it gives the person) to a vpcraft account; accounts made
-- this way have an empty password_hash, so no password signs them in.
CREATE TABLE external_identities (
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
);

CREATE INDEX external_identities_by_user ON external_identities (user_id);

-- A sign-in on its way through the provider: the browser holds a random
-- ID in a short-lived cookie (stored here only as its SHA-256 hash), and
-- the row keeps what the callback checks: the state sent to the provider,
-- the nonce the ID token must carry and the PKCE verifier. A row is used
-- once (deleted when the callback reads it) and expires after minutes.
CREATE TABLE oidc_logins (
    id_hash       TEXT PRIMARY KEY NOT NULL,
    state         TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
