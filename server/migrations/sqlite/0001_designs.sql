-- Designs and their immutable revisions: every save appends one revision.
CREATE TABLE designs (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    head_revision INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE revisions (
    design_id  TEXT NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL,
    document   TEXT NOT NULL,
    findings   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (design_id, revision)
);
