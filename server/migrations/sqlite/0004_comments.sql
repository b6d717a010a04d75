-- Comments on designs: threads of comments, each anchored to a resource
-- (by its stable ID) or to a point of the canvas. A thread is its first
-- comment: thread_id is the comment's own ID there, and the anchor and the
-- resolved state live on that row; a reply names its thread and has no
-- anchor. n orders a design's comments (oldest first) where created_at
-- ties. Timestamps are RFC 3339 UTC text with milliseconds, as in 0001.
CREATE TABLE comments (
    id              TEXT PRIMARY KEY NOT NULL,
    design_id       TEXT NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
    thread_id       TEXT NOT NULL,
    n               INTEGER NOT NULL,
    author_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
    body            TEXT NOT NULL,
    anchor_resource TEXT,
    anchor_x        REAL,
    anchor_y        REAL,
    resolved        INTEGER NOT NULL DEFAULT 0,
    resolved_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    resolved_at     TEXT,
    created_at      TEXT NOT NULL
);

CREATE INDEX comments_by_design ON comments (design_id, n);
