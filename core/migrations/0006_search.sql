-- Schema v6: indexes for the search's filters. A search with a narrow filter (a session, an author, a
-- block, a country) reads the few notes the filter keeps and only then their matches in the full-text
-- index, instead of checking the filter on each of tens of thousands of matches of a common word
-- (core/src/notes/search.rs, docs/search.md). The session filter has its index since schema v1.

CREATE INDEX note_by_author ON note (author_id);
CREATE INDEX note_block_by_block ON note_block (block_id);
-- Country filters compare names without case, as the search always has.
CREATE INDEX note_country_by_folded_name ON note_country (name COLLATE NOCASE);
