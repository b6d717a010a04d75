-- Designs and their immutable revisions: every save appends one revision.
-- The same tables as migrations/sqlite/0001_designs.sql in PostgreSQL's
-- types: the packed design and findings are bytes.
CREATE TABLE designs (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    head_revision BIGINT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE revisions (
    design_id  TEXT NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
    revision   BIGINT NOT NULL,
    document   BYTEA NOT NULL,
    findings   BYTEA NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (design_id, revision)
);
