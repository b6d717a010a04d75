-- Review requests, as migrations/sqlite/0006_reviews.sql in PostgreSQL's
-- types: an owner or editor submits one revision of a design to named
-- reviewers (review_verdicts, one row per reviewer), each of whom approves
-- it or requests changes with a message. state is the request's state from
-- its verdicts ('in_review', 'approved', 'changes_requested'), kept up to
-- date by each verdict. n orders a design's requests (the highest is the
-- latest, which gives the design its review state).
CREATE TABLE review_requests (
    id           TEXT PRIMARY KEY NOT NULL,
    design_id    TEXT NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
    n            BIGINT NOT NULL,
    revision     BIGINT NOT NULL,
    requested_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    message      TEXT NOT NULL,
    state        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (design_id, n)
);

-- position keeps the reviewers in the order they were named; verdict is
-- 'pending', 'approved' or 'changes_requested'; message and decided_at
-- are NULL while pending.
CREATE TABLE review_verdicts (
    request_id  TEXT NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
    reviewer_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    verdict     TEXT NOT NULL,
    message     TEXT,
    decided_at  TEXT,
    PRIMARY KEY (request_id, reviewer_id)
);
