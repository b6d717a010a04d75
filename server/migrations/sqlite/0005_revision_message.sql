-- Design history: a revision may carry a message (a save's, or "Restored
-- revision N"), and counts its errors and warnings so that the history
-- list reads them without unpacking the stored findings. Revisions from
-- before this migration have no counts (NULL).
ALTER TABLE revisions ADD COLUMN message TEXT;
ALTER TABLE revisions ADD COLUMN errors INTEGER;
ALTER TABLE revisions ADD COLUMN warnings INTEGER;
