-- Schema v1 of Delegation Desk. Forward-only: never edit a released migration, add the next one.
-- Instants are stored in UTC as fixed-width text 'YYYY-MM-DDTHH:MM:SSZ' so they sort and compare as text;
-- they are shown in the conference's time zone by the application, never the laptop's.

CREATE TABLE conference (
    id          INTEGER PRIMARY KEY,
    uid         TEXT UNIQUE,                       -- the source's identifier (sample, import acronym)
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    venue       TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    time_zone   TEXT NOT NULL,                     -- IANA name, e.g. Europe/Vienna
    starts_on   TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    ends_on     TEXT NOT NULL CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    organiser   TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
);

CREATE TABLE building_block (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    code          TEXT NOT NULL CHECK (code GLOB '[a-z0-9]*' AND length(code) BETWEEN 1 AND 40),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description   TEXT NOT NULL DEFAULT '',
    position      INTEGER NOT NULL,
    UNIQUE (conference_id, code)
);

CREATE TABLE session (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    external_uid  TEXT,                            -- uid/guid/id of the source, for re-imports
    kind          TEXT NOT NULL CHECK (kind IN ('opening','plenary','panel','side-event','break','closing','other')),
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    starts_at     TEXT NOT NULL CHECK (starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
    ends_at       TEXT NOT NULL CHECK (ends_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
    room          TEXT NOT NULL DEFAULT '',
    track         TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    moderator     TEXT NOT NULL DEFAULT '',
    speakers      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(speakers) AND json_type(speakers) = 'array'),
    priority      TEXT NOT NULL DEFAULT 'optional' CHECK (priority IN ('must','should','optional','skip')),
    CHECK (ends_at >= starts_at),
    UNIQUE (conference_id, external_uid)
);
CREATE INDEX session_by_time ON session (conference_id, starts_at);

CREATE TABLE session_block (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    block_id   INTEGER NOT NULL REFERENCES building_block(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, block_id)
) WITHOUT ROWID;

CREATE TABLE member (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    title         TEXT NOT NULL DEFAULT '',
    organisation  TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    languages     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(languages) AND json_type(languages) = 'array'),
    position      INTEGER NOT NULL
);
CREATE INDEX member_by_conference ON member (conference_id, position);

CREATE TABLE member_expertise (
    member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    block_id  INTEGER NOT NULL REFERENCES building_block(id) ON DELETE CASCADE,
    PRIMARY KEY (member_id, block_id)
) WITHOUT ROWID;

CREATE TABLE assignment (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    role       TEXT NOT NULL DEFAULT 'attend' CHECK (role IN ('lead','attend','speak','notes')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (session_id, member_id)
) WITHOUT ROWID;
CREATE INDEX assignment_by_member ON assignment (member_id);

CREATE TABLE note (
    id            TEXT PRIMARY KEY CHECK (length(id) = 36),   -- UUID v4: notes are created offline on many laptops
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    session_id    INTEGER REFERENCES session(id) ON DELETE SET NULL,
    author_id     INTEGER REFERENCES member(id) ON DELETE SET NULL,
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX note_by_session ON note (session_id, created_at);
CREATE INDEX note_by_conference ON note (conference_id, created_at);

CREATE TABLE note_block (
    note_id  TEXT NOT NULL REFERENCES note(id) ON DELETE CASCADE,
    block_id INTEGER NOT NULL REFERENCES building_block(id) ON DELETE RESTRICT,
    PRIMARY KEY (note_id, block_id)
) WITHOUT ROWID;
