-- Briefing pack: what the coordinator writes per session for the printed brief, and the pack's
-- per-conference settings (the delegation's country, the handling marking, the edition counter).

CREATE TABLE session_brief (
    session_id  INTEGER PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,
    objectives  TEXT NOT NULL DEFAULT '' CHECK (length(objectives) <= 100000),
    points      TEXT NOT NULL DEFAULT '' CHECK (length(points) <= 100000),   -- points to make, one per line
    lines       TEXT NOT NULL DEFAULT '' CHECK (length(lines) <= 100000),    -- defensive lines, one per line
    updated_at  TEXT NOT NULL
);

CREATE TABLE pack_settings (
    conference_id INTEGER PRIMARY KEY REFERENCES conference(id) ON DELETE CASCADE,
    country       TEXT NOT NULL DEFAULT '' CHECK (length(country) <= 120),
    marking       TEXT NOT NULL DEFAULT '' CHECK (length(marking) <= 60),
    edition       INTEGER NOT NULL DEFAULT 0 CHECK (edition >= 0)       -- packs printed so far
);
