-- Schema v7: one delegation, many laptops (docs/exchange.md). Rows that travel between laptops get
-- random ids from now on (the store's `new_id`, in the application: existing rows keep theirs, and a
-- replica made by copy shares them); this file's own identity as a laptop of a delegation; every change
-- written here or received, as SQLite session-extension changesets with their origin, sequence number
-- and hybrid logical clock; the clock of each column of each travelling row, so that the later write
-- wins wherever the changes arrive in another order; and what was last received from each laptop.

-- A note's versions in the order they were kept (ids are random from now on); 0 for those kept before,
-- whose ids were counted in order.
ALTER TABLE note_version ADD COLUMN position INTEGER NOT NULL DEFAULT 0;

-- This file as a laptop of a delegation: one row once it made a copy for others or joined one.
CREATE TABLE exchange_laptop (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    laptop        TEXT NOT NULL CHECK (length(laptop) = 16),        -- random, hexadecimal
    name          TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
    delegation    TEXT NOT NULL CHECK (length(delegation) = 32),    -- shared by every replica
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    clock         TEXT NOT NULL DEFAULT ''                          -- the last hybrid clock issued here
);

-- Every change this replica holds: its own (received_at NULL) and those received, kept to be passed on.
CREATE TABLE exchange_change (
    origin      TEXT NOT NULL CHECK (length(origin) = 16),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    hlc         TEXT NOT NULL,
    changeset   BLOB NOT NULL,
    deps        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(deps)),  -- per origin, the last change seen before
    received_at TEXT,
    PRIMARY KEY (origin, seq)
) WITHOUT ROWID;
CREATE INDEX exchange_change_by_clock ON exchange_change (hlc);

-- The hybrid clock of the last write of each column (col >= 0) of each travelling row; col -1 is the
-- row's insertion or deletion. `pk` is the row's primary key as JSON.
CREATE TABLE exchange_clock (
    tbl TEXT NOT NULL,
    pk  TEXT NOT NULL,
    col INTEGER NOT NULL,
    hlc TEXT NOT NULL,
    PRIMARY KEY (tbl, pk, col)
) WITHOUT ROWID;

-- A deleted row's last values (JSON array), to bring a note back when an edit made elsewhere arrives
-- after its deletion: an edit and a delete at once keep the note.
CREATE TABLE exchange_tombstone (
    tbl    TEXT NOT NULL,
    pk     TEXT NOT NULL,
    hlc    TEXT NOT NULL,
    row    TEXT NOT NULL CHECK (json_valid(row)),
    PRIMARY KEY (tbl, pk)
) WITHOUT ROWID;

-- The other laptops this replica heard of: their name, and what was last received from them and when.
CREATE TABLE exchange_peer (
    laptop        TEXT PRIMARY KEY CHECK (length(laptop) = 16),
    name          TEXT NOT NULL,
    received_at   TEXT,                      -- when a file from it was last received here
    received_seq  INTEGER NOT NULL DEFAULT 0,-- its own changes held here: 1..received_seq
    knows         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(knows))  -- what it held when it sent
) WITHOUT ROWID;

-- Notes edited on two laptops before they exchanged: both texts are kept (the other in the note's
-- history); the note is marked here until someone looks at it. Local to this laptop.
CREATE TABLE note_conflict (
    note_id   TEXT PRIMARY KEY REFERENCES note(id) ON DELETE CASCADE,
    marked_at TEXT NOT NULL
) WITHOUT ROWID;
