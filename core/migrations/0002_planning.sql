-- Schema v2: what planning needs. Wanted head-counts, where a session came from and whether a re-import
-- cancelled it (kept, with its notes and assignments, rather than deleted), members' availability and
-- daily maximum, and assignments that the auto-planner made, the coordinator locked, or a re-import broke.

ALTER TABLE session ADD COLUMN need INTEGER CHECK (need IS NULL OR need >= 0);  -- NULL: the priority's default
ALTER TABLE session ADD COLUMN origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('sample', 'import', 'manual'));
ALTER TABLE session ADD COLUMN status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled'));

ALTER TABLE member ADD COLUMN arrives_at TEXT;       -- UTC instant; NULL: there from the start
ALTER TABLE member ADD COLUMN departs_at TEXT;       -- UTC instant; NULL: there to the end
ALTER TABLE member ADD COLUMN max_per_day INTEGER CHECK (max_per_day IS NULL OR max_per_day >= 1);

ALTER TABLE assignment ADD COLUMN origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'auto'));
ALTER TABLE assignment ADD COLUMN locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1));
ALTER TABLE assignment ADD COLUMN flag TEXT;         -- why a programme change broke it; NULL when fine

ALTER TABLE conference ADD COLUMN source TEXT NOT NULL DEFAULT '';  -- format of the last import, e.g. frab-json
