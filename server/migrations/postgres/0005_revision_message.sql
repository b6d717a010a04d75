-- Design history, as migrations/sqlite/0005_revision_message.sql in
-- PostgreSQL's types: a revision's optional message and its counts of
-- errors and warnings (NULL for revisions from before).
ALTER TABLE revisions ADD COLUMN message TEXT;
ALTER TABLE revisions ADD COLUMN errors BIGINT;
ALTER TABLE revisions ADD COLUMN warnings BIGINT;
