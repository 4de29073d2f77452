-- Schema v10 (listed after 0009; numbered 0010 so as not to clash with another branch's 0009): the
-- building-block matrix's counts kept by the store, so that drawing the matrix reads a few thousand
-- counts instead of counting 100,000 notes' tags (≈ 170-220 ms at 100,000 notes before; see
-- core/src/notes/matrix.rs and docs/benchmarks.md).
--
-- A note counts in a column (its session, 'none' for a corridor note; each of its countries) and, with
-- that column, for each of its effective blocks: the blocks it is tagged with and their parents, each
-- once. The triggers below keep the counts in step with every write of notes, tags, countries and a
-- block's parent, whoever writes (the notes' code, an exchange merge, an import, the sqlite3 shell):
-- each trigger adds the difference its one change makes. A count that falls to 0 stays as a row of 0
-- (the matrix reads counts above 0). The counts are this file's own: they are not in the exchange's
-- travelling tables, and every laptop's triggers keep its own in step with the rows it receives.

-- Schema v8's covering index served the count on each draw; nothing reads it now, and every note
-- written paid for it.
DROP INDEX note_matrix;

-- Notes per (column, effective block). `col` is a session's id as text, 'none', or a country's name.
CREATE TABLE matrix_cell (
    conference_id INTEGER NOT NULL,
    axis          TEXT NOT NULL CHECK (axis IN ('session', 'country')),
    col           TEXT NOT NULL,
    block_id      INTEGER NOT NULL,
    notes         INTEGER NOT NULL,
    PRIMARY KEY (conference_id, axis, col, block_id)
) WITHOUT ROWID;

-- Notes per column, tagged or not.
CREATE TABLE matrix_column (
    conference_id INTEGER NOT NULL,
    axis          TEXT NOT NULL CHECK (axis IN ('session', 'country')),
    col           TEXT NOT NULL,
    notes         INTEGER NOT NULL,
    PRIMARY KEY (conference_id, axis, col)
) WITHOUT ROWID;

-- The notes already written.
INSERT INTO matrix_column (conference_id, axis, col, notes)
SELECT conference_id, 'session', coalesce(CAST(session_id AS TEXT), 'none'), count(*)
FROM note GROUP BY conference_id, coalesce(CAST(session_id AS TEXT), 'none');

INSERT INTO matrix_column (conference_id, axis, col, notes)
SELECT n.conference_id, 'country', c.name, count(*)
FROM note_country c JOIN note n ON n.id = c.note_id GROUP BY n.conference_id, c.name;

WITH effective (note_id, block_id) AS (
    SELECT note_id, block_id FROM note_block
    UNION
    SELECT t.note_id, b.parent_id FROM note_block t JOIN building_block b ON b.id = t.block_id
    WHERE b.parent_id IS NOT NULL)
INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
SELECT n.conference_id, 'session', coalesce(CAST(n.session_id AS TEXT), 'none'), e.block_id, count(*)
FROM effective e JOIN note n ON n.id = e.note_id
GROUP BY n.conference_id, coalesce(CAST(n.session_id AS TEXT), 'none'), e.block_id;

WITH effective (note_id, block_id) AS (
    SELECT note_id, block_id FROM note_block
    UNION
    SELECT t.note_id, b.parent_id FROM note_block t JOIN building_block b ON b.id = t.block_id
    WHERE b.parent_id IS NOT NULL)
INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
SELECT n.conference_id, 'country', c.name, e.block_id, count(*)
FROM effective e JOIN note n ON n.id = e.note_id JOIN note_country c ON c.note_id = e.note_id
GROUP BY n.conference_id, c.name, e.block_id;

-- A note written: its columns, and each with its effective blocks (tags written before the note, by a
-- writer that does not enforce foreign keys, count too).
CREATE TRIGGER matrix_after_note_insert AFTER INSERT ON note BEGIN
    INSERT INTO matrix_column (conference_id, axis, col, notes)
    SELECT new.conference_id, 'session', coalesce(CAST(new.session_id AS TEXT), 'none'), 1
    UNION ALL
    SELECT new.conference_id, 'country', c.name, 1 FROM note_country c WHERE c.note_id = new.id
    ON CONFLICT (conference_id, axis, col) DO UPDATE SET notes = notes + excluded.notes;
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT k.conference_id, k.axis, k.col, x.id, 1
    FROM (SELECT new.conference_id AS conference_id, 'session' AS axis,
                 coalesce(CAST(new.session_id AS TEXT), 'none') AS col
          UNION ALL
          SELECT new.conference_id, 'country', c.name FROM note_country c WHERE c.note_id = new.id) k,
         (SELECT block_id AS id FROM note_block WHERE note_id = new.id
          UNION
          SELECT b.parent_id FROM note_block t JOIN building_block b ON b.id = t.block_id
          WHERE t.note_id = new.id AND b.parent_id IS NOT NULL) x
    WHERE true
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
END;

-- A note deleted: taken out before it goes (its tags may go with it, by cascade, and then find no note).
CREATE TRIGGER matrix_before_note_delete BEFORE DELETE ON note BEGIN
    INSERT INTO matrix_column (conference_id, axis, col, notes)
    SELECT old.conference_id, 'session', coalesce(CAST(old.session_id AS TEXT), 'none'), -1
    UNION ALL
    SELECT old.conference_id, 'country', c.name, -1 FROM note_country c WHERE c.note_id = old.id
    ON CONFLICT (conference_id, axis, col) DO UPDATE SET notes = notes + excluded.notes;
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT k.conference_id, k.axis, k.col, x.id, -1
    FROM (SELECT old.conference_id AS conference_id, 'session' AS axis,
                 coalesce(CAST(old.session_id AS TEXT), 'none') AS col
          UNION ALL
          SELECT old.conference_id, 'country', c.name FROM note_country c WHERE c.note_id = old.id) k,
         (SELECT block_id AS id FROM note_block WHERE note_id = old.id
          UNION
          SELECT b.parent_id FROM note_block t JOIN building_block b ON b.id = t.block_id
          WHERE t.note_id = old.id AND b.parent_id IS NOT NULL) x
    WHERE true
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
END;

-- A note moved to another session (or conference): out of its old columns, into the new ones. Its tags
-- and countries are those it has (this statement changes neither).
CREATE TRIGGER matrix_after_note_move AFTER UPDATE OF id, conference_id, session_id ON note
WHEN old.id IS NOT new.id OR old.conference_id IS NOT new.conference_id
     OR old.session_id IS NOT new.session_id
BEGIN
    INSERT INTO matrix_column (conference_id, axis, col, notes)
    SELECT old.conference_id, 'session', coalesce(CAST(old.session_id AS TEXT), 'none'), -1
    UNION ALL
    SELECT old.conference_id, 'country', c.name, -1 FROM note_country c WHERE c.note_id = old.id
    UNION ALL
    SELECT new.conference_id, 'session', coalesce(CAST(new.session_id AS TEXT), 'none'), 1
    UNION ALL
    SELECT new.conference_id, 'country', c.name, 1 FROM note_country c WHERE c.note_id = new.id
    ON CONFLICT (conference_id, axis, col) DO UPDATE SET notes = notes + excluded.notes;
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT k.conference_id, k.axis, k.col, x.id, -1
    FROM (SELECT old.conference_id AS conference_id, 'session' AS axis,
                 coalesce(CAST(old.session_id AS TEXT), 'none') AS col
          UNION ALL
          SELECT old.conference_id, 'country', c.name FROM note_country c WHERE c.note_id = old.id) k,
         (SELECT block_id AS id FROM note_block WHERE note_id = old.id
          UNION
          SELECT b.parent_id FROM note_block t JOIN building_block b ON b.id = t.block_id
          WHERE t.note_id = old.id AND b.parent_id IS NOT NULL) x
    WHERE true
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT k.conference_id, k.axis, k.col, x.id, 1
    FROM (SELECT new.conference_id AS conference_id, 'session' AS axis,
                 coalesce(CAST(new.session_id AS TEXT), 'none') AS col
          UNION ALL
          SELECT new.conference_id, 'country', c.name FROM note_country c WHERE c.note_id = new.id) k,
         (SELECT block_id AS id FROM note_block WHERE note_id = new.id
          UNION
          SELECT b.parent_id FROM note_block t JOIN building_block b ON b.id = t.block_id
          WHERE t.note_id = new.id AND b.parent_id IS NOT NULL) x
    WHERE true
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
END;

-- A tag added: the block, and its parent, become effective for the note unless another of its tags
-- made them so already (then exactly one tag, this one, provides them now).
CREATE TRIGGER matrix_after_block_tag AFTER INSERT ON note_block BEGIN
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT k.conference_id, k.axis, k.col, x.id, 1
    FROM (SELECT n.conference_id AS conference_id, 'session' AS axis,
                 coalesce(CAST(n.session_id AS TEXT), 'none') AS col
          FROM note n WHERE n.id = new.note_id
          UNION ALL
          SELECT n.conference_id, 'country', c.name
          FROM note n JOIN note_country c ON c.note_id = n.id WHERE n.id = new.note_id) k,
         (SELECT new.block_id AS id
          UNION
          SELECT parent_id FROM building_block WHERE id = new.block_id AND parent_id IS NOT NULL) x
    WHERE (SELECT count(*) FROM note_block t LEFT JOIN building_block b ON b.id = t.block_id
           WHERE t.note_id = new.note_id AND (t.block_id = x.id OR b.parent_id = x.id)) = 1
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
END;

-- A tag removed: the block, and its parent, stop being effective unless another tag still provides them.
-- (A note deleted first is no longer there: it was taken out whole.)
CREATE TRIGGER matrix_after_block_untag AFTER DELETE ON note_block BEGIN
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT k.conference_id, k.axis, k.col, x.id, -1
    FROM (SELECT n.conference_id AS conference_id, 'session' AS axis,
                 coalesce(CAST(n.session_id AS TEXT), 'none') AS col
          FROM note n WHERE n.id = old.note_id
          UNION ALL
          SELECT n.conference_id, 'country', c.name
          FROM note n JOIN note_country c ON c.note_id = n.id WHERE n.id = old.note_id) k,
         (SELECT old.block_id AS id
          UNION
          SELECT parent_id FROM building_block WHERE id = old.block_id AND parent_id IS NOT NULL) x
    WHERE (SELECT count(*) FROM note_block t LEFT JOIN building_block b ON b.id = t.block_id
           WHERE t.note_id = old.note_id AND (t.block_id = x.id OR b.parent_id = x.id)) = 0
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
END;

-- A tag changed in place (never done by the app: tags are deleted and inserted): the old one removed,
-- counting the tags as they were without the new one, then the new one added.
CREATE TRIGGER matrix_after_block_retag AFTER UPDATE OF note_id, block_id ON note_block BEGIN
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT k.conference_id, k.axis, k.col, x.id, -1
    FROM (SELECT n.conference_id AS conference_id, 'session' AS axis,
                 coalesce(CAST(n.session_id AS TEXT), 'none') AS col
          FROM note n WHERE n.id = old.note_id
          UNION ALL
          SELECT n.conference_id, 'country', c.name
          FROM note n JOIN note_country c ON c.note_id = n.id WHERE n.id = old.note_id) k,
         (SELECT old.block_id AS id
          UNION
          SELECT parent_id FROM building_block WHERE id = old.block_id AND parent_id IS NOT NULL) x
    WHERE (SELECT count(*) FROM note_block t LEFT JOIN building_block b ON b.id = t.block_id
           WHERE t.note_id = old.note_id AND (t.block_id = x.id OR b.parent_id = x.id)
             AND NOT (t.note_id = new.note_id AND t.block_id = new.block_id)) = 0
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT k.conference_id, k.axis, k.col, x.id, 1
    FROM (SELECT n.conference_id AS conference_id, 'session' AS axis,
                 coalesce(CAST(n.session_id AS TEXT), 'none') AS col
          FROM note n WHERE n.id = new.note_id
          UNION ALL
          SELECT n.conference_id, 'country', c.name
          FROM note n JOIN note_country c ON c.note_id = n.id WHERE n.id = new.note_id) k,
         (SELECT new.block_id AS id
          UNION
          SELECT parent_id FROM building_block WHERE id = new.block_id AND parent_id IS NOT NULL) x
    WHERE (SELECT count(*) FROM note_block t LEFT JOIN building_block b ON b.id = t.block_id
           WHERE t.note_id = new.note_id AND (t.block_id = x.id OR b.parent_id = x.id)) = 1
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
END;

-- A country added to a note: its column, and the note's effective blocks in it.
CREATE TRIGGER matrix_after_country_tag AFTER INSERT ON note_country BEGIN
    INSERT INTO matrix_column (conference_id, axis, col, notes)
    SELECT n.conference_id, 'country', new.name, 1 FROM note n WHERE n.id = new.note_id
    ON CONFLICT (conference_id, axis, col) DO UPDATE SET notes = notes + excluded.notes;
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT n.conference_id, 'country', new.name, x.id, 1
    FROM note n,
         (SELECT block_id AS id FROM note_block WHERE note_id = new.note_id
          UNION
          SELECT b.parent_id FROM note_block t JOIN building_block b ON b.id = t.block_id
          WHERE t.note_id = new.note_id AND b.parent_id IS NOT NULL) x
    WHERE n.id = new.note_id
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
END;

CREATE TRIGGER matrix_after_country_untag AFTER DELETE ON note_country BEGIN
    INSERT INTO matrix_column (conference_id, axis, col, notes)
    SELECT n.conference_id, 'country', old.name, -1 FROM note n WHERE n.id = old.note_id
    ON CONFLICT (conference_id, axis, col) DO UPDATE SET notes = notes + excluded.notes;
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT n.conference_id, 'country', old.name, x.id, -1
    FROM note n,
         (SELECT block_id AS id FROM note_block WHERE note_id = old.note_id
          UNION
          SELECT b.parent_id FROM note_block t JOIN building_block b ON b.id = t.block_id
          WHERE t.note_id = old.note_id AND b.parent_id IS NOT NULL) x
    WHERE n.id = old.note_id
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
END;

-- A country renamed or moved to another note in place (the exchange could): out, then in.
CREATE TRIGGER matrix_after_country_retag AFTER UPDATE OF note_id, name ON note_country BEGIN
    INSERT INTO matrix_column (conference_id, axis, col, notes)
    SELECT n.conference_id, 'country', old.name, -1 FROM note n WHERE n.id = old.note_id
    UNION ALL
    SELECT n.conference_id, 'country', new.name, 1 FROM note n WHERE n.id = new.note_id
    ON CONFLICT (conference_id, axis, col) DO UPDATE SET notes = notes + excluded.notes;
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT n.conference_id, 'country', old.name, x.id, -1
    FROM note n,
         (SELECT block_id AS id FROM note_block WHERE note_id = old.note_id
          UNION
          SELECT b.parent_id FROM note_block t JOIN building_block b ON b.id = t.block_id
          WHERE t.note_id = old.note_id AND b.parent_id IS NOT NULL) x
    WHERE n.id = old.note_id
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT n.conference_id, 'country', new.name, x.id, 1
    FROM note n,
         (SELECT block_id AS id FROM note_block WHERE note_id = new.note_id
          UNION
          SELECT b.parent_id FROM note_block t JOIN building_block b ON b.id = t.block_id
          WHERE t.note_id = new.note_id AND b.parent_id IS NOT NULL) x
    WHERE n.id = new.note_id
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
END;

-- A block given another parent (the exchange could): its notes lose the old parent unless another tag
-- still provides it, and gain the new one unless another tag provided it already.
CREATE TRIGGER matrix_after_block_parent AFTER UPDATE OF parent_id ON building_block
WHEN old.parent_id IS NOT new.parent_id
BEGIN
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT k.conference_id, k.axis, k.col, old.parent_id, -1
    FROM (SELECT g.note_id, n.conference_id AS conference_id, 'session' AS axis,
                 coalesce(CAST(n.session_id AS TEXT), 'none') AS col
          FROM note_block g JOIN note n ON n.id = g.note_id WHERE g.block_id = new.id
          UNION ALL
          SELECT g.note_id, n.conference_id, 'country', c.name
          FROM note_block g JOIN note n ON n.id = g.note_id JOIN note_country c ON c.note_id = n.id
          WHERE g.block_id = new.id) k
    WHERE old.parent_id IS NOT NULL
      AND (SELECT count(*) FROM note_block t LEFT JOIN building_block b ON b.id = t.block_id
           WHERE t.note_id = k.note_id AND (t.block_id = old.parent_id OR b.parent_id = old.parent_id)) = 0
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
    INSERT INTO matrix_cell (conference_id, axis, col, block_id, notes)
    SELECT k.conference_id, k.axis, k.col, new.parent_id, 1
    FROM (SELECT g.note_id, n.conference_id AS conference_id, 'session' AS axis,
                 coalesce(CAST(n.session_id AS TEXT), 'none') AS col
          FROM note_block g JOIN note n ON n.id = g.note_id WHERE g.block_id = new.id
          UNION ALL
          SELECT g.note_id, n.conference_id, 'country', c.name
          FROM note_block g JOIN note n ON n.id = g.note_id JOIN note_country c ON c.note_id = n.id
          WHERE g.block_id = new.id) k
    WHERE new.parent_id IS NOT NULL
      AND (SELECT count(*) FROM note_block t LEFT JOIN building_block b ON b.id = t.block_id
           WHERE t.note_id = k.note_id AND (t.block_id = new.parent_id OR b.parent_id = new.parent_id)) = 1
    ON CONFLICT (conference_id, axis, col, block_id) DO UPDATE SET notes = notes + excluded.notes;
END;

-- A conference deleted: its notes went by cascade (their trigger took them out); the rows of 0 go too.
CREATE TRIGGER matrix_after_conference_delete AFTER DELETE ON conference BEGIN
    DELETE FROM matrix_cell WHERE conference_id = old.id;
    DELETE FROM matrix_column WHERE conference_id = old.id;
END;
