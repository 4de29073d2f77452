-- Schema v11: the search's filters as hidden words of the full-text index (docs/search.md). A word typed
-- with a filter was answered by walking every match of the word and keeping those the filter keeps:
-- tens of thousands of look-ups for a common word and a session of 170 notes. With the filters' values
-- as words of the index, FTS5 intersects the word's list with the filter's, skipping through both.
--
-- The index gets a sixth column, `filters`, of words that start with U+E000, a private-use character:
-- FTS5's tokenizer keeps it inside a word (its default token characters are letters, digits and
-- private-use characters), and the search removes it from whatever a person types, so no typed word
-- or prefix can ever match these words. After the mark, one word per value a filter can ask for:
--   s<session id> (snone for a corridor note)   a<author id> (anone)   k<kind without its hyphen>
--   b<block id> for each block the note is tagged with and each such block's parent (a block's filter
--   keeps its sub-elements' notes)
--   c<hex of lower(name)> for each country or organisation (the filter compares names without ASCII
--   case, as NOCASE does, and hex keeps a name of several words one word)
--   h<YYYYMMDDHH>, the UTC hour of the session's start, or of the note's writing for a corridor note
--   (hbad when that time is not in the stored form): a conference day in its time zone is the hours
--   it spans.
-- bm25 gives the column weight 0. Every filter is still checked on each note found, so these words only
-- narrow where FTS5 looks. The triggers below recompute a note's row from the tables as before (any
-- writer: the notes' code, an exchange merge, an import, the sqlite3 shell), and also when a session
-- moves to another time, a block gets another parent, or a tag row is changed in place.
--
-- FTS5 cannot add a column to an index: the old one is dropped with its triggers and rebuilt from the
-- notes (docs/search.md gives its time at 100,000 notes).

DROP TRIGGER note_fts_after_note_insert;
DROP TRIGGER note_fts_after_note_update;
DROP TRIGGER note_fts_after_note_delete;
DROP TRIGGER note_fts_after_session_title;
DROP TRIGGER note_fts_after_block_name;
DROP TABLE note_fts;

CREATE VIRTUAL TABLE note_fts USING fts5(
    body, session, author, countries, blocks, filters,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'   -- short prefixes typed while searching ("la", "tur") read a prefix index, not every term
);
-- As schema v5 set for the old index: a deleted note's words are removed from the index's pages at once.
INSERT INTO note_fts (note_fts, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER note_fts_after_note_insert AFTER INSERT ON note BEGIN
    INSERT INTO note_fts (rowid, body, session, author, countries, blocks, filters)
    SELECT n.rowid, n.body, coalesce(s.title, ''), coalesce(m.name, ''),
           coalesce((SELECT group_concat(c.name, ' ; ') FROM note_country c WHERE c.note_id = n.id), ''),
           coalesce((SELECT group_concat(b.name, ' ; ') FROM note_block nb JOIN building_block b ON b.id = nb.block_id WHERE nb.note_id = n.id), ''),
           char(57344) || 's' || coalesce(replace(n.session_id, '-', 'n'), 'none')
           || ' ' || char(57344) || 'a' || coalesce(replace(n.author_id, '-', 'n'), 'none')
           || ' ' || char(57344) || 'k' || replace(n.kind, '-', '')
           || ' ' || char(57344) || 'h' || CASE WHEN strftime('%Y-%m-%dT%H:%M:%SZ', coalesce(s.starts_at, n.created_at)) = coalesce(s.starts_at, n.created_at)
                            THEN strftime('%Y%m%d%H', coalesce(s.starts_at, n.created_at)) ELSE 'bad' END
           || coalesce((SELECT ' ' || group_concat(char(57344) || 'c' || hex(lower(c.name)), ' ') FROM note_country c WHERE c.note_id = n.id), '')
           || coalesce((SELECT ' ' || group_concat(char(57344) || 'b' || replace(t.id, '-', 'n'), ' ')
                        FROM (SELECT nb.block_id AS id FROM note_block nb WHERE nb.note_id = n.id
                              UNION
                              SELECT b.parent_id FROM note_block nb JOIN building_block b ON b.id = nb.block_id
                              WHERE nb.note_id = n.id AND b.parent_id IS NOT NULL) t), '')
    FROM note n LEFT JOIN session s ON s.id = n.session_id LEFT JOIN member m ON m.id = n.author_id
    WHERE n.rowid = new.rowid;
END;

CREATE TRIGGER note_fts_after_note_update AFTER UPDATE ON note BEGIN
    DELETE FROM note_fts WHERE rowid = old.rowid;
    INSERT INTO note_fts (rowid, body, session, author, countries, blocks, filters)
    SELECT n.rowid, n.body, coalesce(s.title, ''), coalesce(m.name, ''),
           coalesce((SELECT group_concat(c.name, ' ; ') FROM note_country c WHERE c.note_id = n.id), ''),
           coalesce((SELECT group_concat(b.name, ' ; ') FROM note_block nb JOIN building_block b ON b.id = nb.block_id WHERE nb.note_id = n.id), ''),
           char(57344) || 's' || coalesce(replace(n.session_id, '-', 'n'), 'none')
           || ' ' || char(57344) || 'a' || coalesce(replace(n.author_id, '-', 'n'), 'none')
           || ' ' || char(57344) || 'k' || replace(n.kind, '-', '')
           || ' ' || char(57344) || 'h' || CASE WHEN strftime('%Y-%m-%dT%H:%M:%SZ', coalesce(s.starts_at, n.created_at)) = coalesce(s.starts_at, n.created_at)
                            THEN strftime('%Y%m%d%H', coalesce(s.starts_at, n.created_at)) ELSE 'bad' END
           || coalesce((SELECT ' ' || group_concat(char(57344) || 'c' || hex(lower(c.name)), ' ') FROM note_country c WHERE c.note_id = n.id), '')
           || coalesce((SELECT ' ' || group_concat(char(57344) || 'b' || replace(t.id, '-', 'n'), ' ')
                        FROM (SELECT nb.block_id AS id FROM note_block nb WHERE nb.note_id = n.id
                              UNION
                              SELECT b.parent_id FROM note_block nb JOIN building_block b ON b.id = nb.block_id
                              WHERE nb.note_id = n.id AND b.parent_id IS NOT NULL) t), '')
    FROM note n LEFT JOIN session s ON s.id = n.session_id LEFT JOIN member m ON m.id = n.author_id
    WHERE n.rowid = new.rowid;
END;

CREATE TRIGGER note_fts_after_note_delete AFTER DELETE ON note BEGIN
    DELETE FROM note_fts WHERE rowid = old.rowid;
END;

-- A session renamed or moved to another time: its notes' rows again (their title and their hour).
CREATE TRIGGER note_fts_after_session_title AFTER UPDATE OF title, starts_at ON session BEGIN
    UPDATE note SET body = body WHERE session_id = new.id;
END;

-- A block renamed or given another parent: the rows of the notes tagged with it again.
CREATE TRIGGER note_fts_after_block_name AFTER UPDATE OF name, parent_id ON building_block BEGIN
    UPDATE note SET body = body WHERE id IN (SELECT note_id FROM note_block WHERE block_id = new.id);
END;

-- A tag changed in place (never done by the app, which deletes and inserts; an exchange or the shell
-- could): the notes it left and joined.
CREATE TRIGGER note_fts_after_block_retag AFTER UPDATE ON note_block BEGIN
    UPDATE note SET body = body WHERE id IN (old.note_id, new.note_id);
END;
CREATE TRIGGER note_fts_after_country_retag AFTER UPDATE ON note_country BEGIN
    UPDATE note SET body = body WHERE id IN (old.note_id, new.note_id);
END;

-- The notes already written.
INSERT INTO note_fts (rowid, body, session, author, countries, blocks, filters)
SELECT n.rowid, n.body, coalesce(s.title, ''), coalesce(m.name, ''),
       coalesce((SELECT group_concat(c.name, ' ; ') FROM note_country c WHERE c.note_id = n.id), ''),
       coalesce((SELECT group_concat(b.name, ' ; ') FROM note_block nb JOIN building_block b ON b.id = nb.block_id WHERE nb.note_id = n.id), ''),
       char(57344) || 's' || coalesce(replace(n.session_id, '-', 'n'), 'none')
       || ' ' || char(57344) || 'a' || coalesce(replace(n.author_id, '-', 'n'), 'none')
       || ' ' || char(57344) || 'k' || replace(n.kind, '-', '')
       || ' ' || char(57344) || 'h' || CASE WHEN strftime('%Y-%m-%dT%H:%M:%SZ', coalesce(s.starts_at, n.created_at)) = coalesce(s.starts_at, n.created_at)
                        THEN strftime('%Y%m%d%H', coalesce(s.starts_at, n.created_at)) ELSE 'bad' END
       || coalesce((SELECT ' ' || group_concat(char(57344) || 'c' || hex(lower(c.name)), ' ') FROM note_country c WHERE c.note_id = n.id), '')
       || coalesce((SELECT ' ' || group_concat(char(57344) || 'b' || replace(t.id, '-', 'n'), ' ')
                    FROM (SELECT nb.block_id AS id FROM note_block nb WHERE nb.note_id = n.id
                          UNION
                          SELECT b.parent_id FROM note_block nb JOIN building_block b ON b.id = nb.block_id
                          WHERE nb.note_id = n.id AND b.parent_id IS NOT NULL) t), '')
FROM note n LEFT JOIN session s ON s.id = n.session_id LEFT JOIN member m ON m.id = n.author_id;
