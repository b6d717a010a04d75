-- Live co-editing: every accepted edit of a design's room is one row of
-- design_edits, numbered by the design's edit sequence. A revision records
-- the last edit it includes (seq), so the current design is the head
-- revision with the edits after its seq applied. A save through the REST
-- API is a row too, with reset_revision naming the revision that replaced
-- the design, so that every server process's room learns of it.
ALTER TABLE designs ADD COLUMN edit_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE revisions ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE design_edits (
    design_id      TEXT NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    session        TEXT NOT NULL,
    client_seq     INTEGER NOT NULL,
    author_id      TEXT REFERENCES users (id) ON DELETE SET NULL,
    author         TEXT NOT NULL,
    patch          TEXT NOT NULL,
    reset_revision INTEGER,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (design_id, seq)
);
