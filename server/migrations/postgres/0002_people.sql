-- People: accounts, browser sessions, personal access tokens, each design's
-- members with their role, and read-only share links. Secrets (session IDs
-- and tokens) are stored only as SHA-256 hashes, passwords as argon2id PHC
-- strings. Timestamps are RFC 3339 UTC text with milliseconds, as in 0001.
CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    is_admin      BIGINT NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE access_tokens (
    id           TEXT PRIMARY KEY NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
);

CREATE TABLE design_members (
    design_id TEXT NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'reviewer', 'viewer')),
    PRIMARY KEY (design_id, user_id)
);

CREATE INDEX design_members_by_user ON design_members (user_id);

CREATE TABLE share_links (
    id         TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    design_id  TEXT NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
    created_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
);

-- Who saved each revision (empty for revisions from before accounts).
ALTER TABLE revisions ADD COLUMN author_id TEXT REFERENCES users (id) ON DELETE SET NULL;

-- The first account: one row at most, so two first-visit setups racing
-- cannot both make an administrator.
CREATE TABLE first_account (
    id      INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE
);
