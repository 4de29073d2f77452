-- Schema v9: what the exchange between a delegation's laptops keeps (docs/exchange.md).

-- Every text written to a brief's field or a daily report, here or on another laptop, so that when two
-- laptops edit one before they exchange, both texts are kept: the later edit (by hybrid clock) is the
-- current text and the other stays here. Each row's id is derived from what was written and its clock,
-- so every replica holds the same rows whatever order the changes came in (a grow-only set); the
-- exchange never removes them, and they go with their conference.
CREATE TABLE session_brief_version (
    id            INTEGER PRIMARY KEY,          -- store::derived_id of the session, field, text and clock
    session_id    INTEGER NOT NULL,             -- no foreign key: kept if the session goes
    field         TEXT NOT NULL CHECK (field IN ('objectives', 'points', 'lines')),
    body          TEXT NOT NULL,
    written_at    TEXT NOT NULL                 -- when it was written (from its clock), UTC
);
CREATE INDEX session_brief_version_by_session ON session_brief_version (session_id);

CREATE TABLE daily_report_version (
    id            INTEGER PRIMARY KEY,          -- store::derived_id of the conference, day, text and clock
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    day           TEXT NOT NULL,
    body          TEXT NOT NULL,
    written_at    TEXT NOT NULL
);
CREATE INDEX daily_report_version_by_day ON daily_report_version (conference_id, day);

-- Briefs and reports marked "edited in two places" until someone here looks (local to this laptop,
-- like note_conflict).
CREATE TABLE brief_conflict (
    session_id INTEGER PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,
    marked_at  TEXT NOT NULL
);
CREATE TABLE report_conflict (
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    day           TEXT NOT NULL,
    marked_at     TEXT NOT NULL,
    PRIMARY KEY (conference_id, day)
) WITHOUT ROWID;

-- Two laptops that added a building block with the same code: the block with the smaller id keeps the
-- code; the other is stored under a code derived from its id, and the code its laptop gave it is kept
-- here, so that it gets it back if the other block goes or changes code (the same on every replica).
CREATE TABLE exchange_block_code (
    block_id INTEGER PRIMARY KEY,   -- no foreign key: read when the block is deleted, then removed
    code     TEXT NOT NULL
);

-- This laptop's own changes up to this number have been put in a file (sent, synced or copied): the
-- ones after it may still be combined (an autosave every few seconds makes one change, not hundreds).
ALTER TABLE exchange_laptop ADD COLUMN sent_seq INTEGER NOT NULL DEFAULT 0;
