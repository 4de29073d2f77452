-- Schema v3: notes worth finding again. An editable taxonomy (archived blocks, sub-elements), notes with a
-- kind and the countries they are about, every earlier version of a note kept, a full-text index kept in
-- step by triggers (whatever code writes), follow-up actions and the edited daily report per day.

ALTER TABLE building_block ADD COLUMN parent_id INTEGER REFERENCES building_block(id) ON DELETE RESTRICT;
ALTER TABLE building_block ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
CREATE INDEX building_block_by_parent ON building_block (parent_id);

-- The national referral mechanism's sub-elements, for conferences that already exist.
INSERT INTO building_block (conference_id, code, name, description, position, parent_id)
SELECT b.conference_id, s.code, s.name, s.description, s.position, b.id
FROM building_block b
JOIN (SELECT 'nrm-identification' AS code, 'Identification' AS name,
             'Recognising presumed victims early, by trained first-line staff, with agreed indicators.' AS description, 1 AS position
      UNION ALL SELECT 'nrm-referral', 'Referral and assistance',
             'Handing identified persons on to shelter, health, legal and social support without delay.', 2
      UNION ALL SELECT 'nrm-services', 'Access to services',
             'Victims actually reaching the services they are entitled to, whatever their status.', 3
      UNION ALL SELECT 'nrm-inclusion', 'Social inclusion',
             'Education, work and housing that let survivors rebuild their lives and avoid re-trafficking.', 4
      UNION ALL SELECT 'nrm-justice', 'Criminal justice and redress',
             'Victims'' part in proceedings, protection as witnesses, compensation and non-punishment.', 5) s
WHERE b.code = 'nrm' AND b.parent_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM building_block x WHERE x.conference_id = b.conference_id AND x.code = s.code);

ALTER TABLE note ADD COLUMN kind TEXT NOT NULL DEFAULT 'observation'
    CHECK (kind IN ('observation', 'good-practice', 'commitment', 'question', 'intervention', 'follow-up'));

-- The countries or organisations a note is about: a reference State or Partner (iso2 set) or a free entry.
CREATE TABLE note_country (
    note_id  TEXT NOT NULL REFERENCES note(id) ON DELETE CASCADE,
    name     TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
    iso2     TEXT CHECK (iso2 IS NULL OR length(iso2) = 2),
    position INTEGER NOT NULL,
    PRIMARY KEY (note_id, name)
) WITHOUT ROWID;
CREATE INDEX note_country_by_name ON note_country (name);

-- Every earlier state of a note: written in the same transaction as the edit that replaced it.
CREATE TABLE note_version (
    id          INTEGER PRIMARY KEY,
    note_id     TEXT NOT NULL REFERENCES note(id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    session_id  INTEGER,
    author_id   INTEGER,
    blocks      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(blocks)),     -- block codes
    countries   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(countries)),  -- names
    written_at  TEXT NOT NULL,   -- when this version was saved (the note's updated_at then)
    replaced_at TEXT NOT NULL    -- when the edit that replaced it was saved
);
CREATE INDEX note_version_by_note ON note_version (note_id, id);

-- Full-text index: one row per note (rowid = note.rowid), folded for case and diacritics.
CREATE VIRTUAL TABLE note_fts USING fts5(
    body, session, author, countries, blocks,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'   -- short prefixes typed while searching ("la", "tur") read a prefix index, not every term
);

-- The triggers recompute a note's index row from the tables, so the index cannot drift whoever writes.
CREATE TRIGGER note_fts_after_note_insert AFTER INSERT ON note BEGIN
    INSERT INTO note_fts (rowid, body, session, author, countries, blocks)
    SELECT n.rowid, n.body, coalesce(s.title, ''), coalesce(m.name, ''),
           coalesce((SELECT group_concat(c.name, ' ; ') FROM note_country c WHERE c.note_id = n.id), ''),
           coalesce((SELECT group_concat(b.name, ' ; ') FROM note_block nb JOIN building_block b ON b.id = nb.block_id WHERE nb.note_id = n.id), '')
    FROM note n LEFT JOIN session s ON s.id = n.session_id LEFT JOIN member m ON m.id = n.author_id
    WHERE n.rowid = new.rowid;
END;

CREATE TRIGGER note_fts_after_note_update AFTER UPDATE ON note BEGIN
    DELETE FROM note_fts WHERE rowid = old.rowid;
    INSERT INTO note_fts (rowid, body, session, author, countries, blocks)
    SELECT n.rowid, n.body, coalesce(s.title, ''), coalesce(m.name, ''),
           coalesce((SELECT group_concat(c.name, ' ; ') FROM note_country c WHERE c.note_id = n.id), ''),
           coalesce((SELECT group_concat(b.name, ' ; ') FROM note_block nb JOIN building_block b ON b.id = nb.block_id WHERE nb.note_id = n.id), '')
    FROM note n LEFT JOIN session s ON s.id = n.session_id LEFT JOIN member m ON m.id = n.author_id
    WHERE n.rowid = new.rowid;
END;

CREATE TRIGGER note_fts_after_note_delete AFTER DELETE ON note BEGIN
    DELETE FROM note_fts WHERE rowid = old.rowid;
END;

-- Tags, sessions, members and blocks: touching the note (a no-op update) re-runs the update trigger.
CREATE TRIGGER note_fts_after_block_tag AFTER INSERT ON note_block BEGIN
    UPDATE note SET body = body WHERE id = new.note_id;
END;
CREATE TRIGGER note_fts_after_block_untag AFTER DELETE ON note_block BEGIN
    UPDATE note SET body = body WHERE id = old.note_id;
END;
CREATE TRIGGER note_fts_after_country_tag AFTER INSERT ON note_country BEGIN
    UPDATE note SET body = body WHERE id = new.note_id;
END;
CREATE TRIGGER note_fts_after_country_untag AFTER DELETE ON note_country BEGIN
    UPDATE note SET body = body WHERE id = old.note_id;
END;
CREATE TRIGGER note_fts_after_session_title AFTER UPDATE OF title ON session BEGIN
    UPDATE note SET body = body WHERE session_id = new.id;
END;
CREATE TRIGGER note_fts_after_member_name AFTER UPDATE OF name ON member BEGIN
    UPDATE note SET body = body WHERE author_id = new.id;
END;
CREATE TRIGGER note_fts_after_block_name AFTER UPDATE OF name ON building_block BEGIN
    UPDATE note SET body = body WHERE id IN (SELECT note_id FROM note_block WHERE block_id = new.id);
END;

-- Notes already written get their index rows.
INSERT INTO note_fts (rowid, body, session, author, countries, blocks)
SELECT n.rowid, n.body, coalesce(s.title, ''), coalesce(m.name, ''), '',
       coalesce((SELECT group_concat(b.name, ' ; ') FROM note_block nb JOIN building_block b ON b.id = nb.block_id WHERE nb.note_id = n.id), '')
FROM note n LEFT JOIN session s ON s.id = n.session_id LEFT JOIN member m ON m.id = n.author_id;

-- Follow-up actions: from a note or on their own.
CREATE TABLE follow_up (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    note_id       TEXT REFERENCES note(id) ON DELETE SET NULL,
    title         TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 500),
    owner_id      INTEGER REFERENCES member(id) ON DELETE SET NULL,
    due_on        TEXT CHECK (due_on IS NULL OR due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    created_at    TEXT NOT NULL,
    done_at       TEXT
);
CREATE INDEX follow_up_by_conference ON follow_up (conference_id, status, due_on);

-- The report to capital as the coordinator edited it, one per conference day.
CREATE TABLE daily_report (
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    day           TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    body          TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (conference_id, day)
) WITHOUT ROWID;
