-- Schema v5: briefing packs kept in the data file. A generated pack is stored here, with the data it was
-- made from (and encrypted with it), instead of as a plain file kept for ever in a `packs` folder beside
-- the data file; "Open" writes a temporary copy into a private folder, "Save as…" writes where the person
-- chooses. Files found in an old `packs` folder are moved in when the file is opened (conference unknown).

CREATE TABLE packs (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER REFERENCES conference(id) ON DELETE CASCADE,  -- NULL: moved in from `packs/`
    created_at    TEXT NOT NULL,                                        -- UTC, YYYY-MM-DDTHH:MM:SSZ
    file_name     TEXT NOT NULL UNIQUE CHECK (length(file_name) BETWEEN 5 AND 200 AND file_name LIKE '%.pdf'),
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    edition       INTEGER CHECK (edition IS NULL OR edition >= 1),      -- NULL: not known (moved in)
    pages         INTEGER CHECK (pages IS NULL OR pages >= 0),          -- NULL: not known (moved in)
    bytes         BLOB NOT NULL CHECK (length(bytes) > 0)
);
CREATE INDEX packs_by_conference ON packs (conference_id, id);

-- A deleted note's words are removed from the search index's pages at once, rather than only marked as
-- deleted until the index's segments happen to be merged (FTS5's own secure-delete option, kept in the
-- index's configuration; PRAGMA secure_delete then overwrites the freed space).
INSERT INTO note_fts (note_fts, rank) VALUES ('secure-delete', 1);
