// The only module that talks to the Tauri shell. One async function per command in docs/ipc.md.
// Arguments go over the bridge in snake_case. A failed command is normalised to {code, message},
// shown in the error banner, and re-thrown so the caller can branch on `code`.

import { showError } from './status.js';

/** Turn whatever the bridge rejected with into {code, message}. */
export function normaliseError(e) {
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    const message = typeof e.message === 'string' && e.message ? e.message : e.code;
    return { code: e.code, message };
  }
  return { code: 'internal', message: String(e) };
}

/**
 * Invoke a command. `quiet` lists error codes the caller handles itself (not shown in the banner).
 */
async function call(command, args, quiet = []) {
  try {
    const tauri = window.__TAURI__;
    if (!tauri || !tauri.core || typeof tauri.core.invoke !== 'function') {
      throw { code: 'internal', message: 'The Delegation Desk shell is not available (window.__TAURI__ is missing).' };
    }
    return await tauri.core.invoke(command, args || {});
  } catch (raw) {
    const err = normaliseError(raw);
    if (!quiet.includes(err.code)) showError(err);
    throw err;
  }
}

/** AppInfo { version, db_path } */
export function appInfo() {
  return call('app_info');
}

/** Conference or null. A `no_conference` error is left to the caller (it shows the welcome). */
export function currentConference() {
  return call('current_conference', {}, ['no_conference']);
}

/** Load the built-in sample conference; resolves with the Conference. */
export function loadSample() {
  return call('load_sample');
}

/** [Session] ordered by start time. */
export function listSessions() {
  return call('list_sessions');
}

/** [Member] in delegation order. */
export function listMembers() {
  return call('list_members');
}

/** [Block] by position. */
export function listBlocks() {
  return call('list_blocks');
}

/** Assign a member to a session with a role (lead|attend|speak|notes); resolves with the updated Session. */
export function assign(sessionId, memberId, role) {
  return call('assign', { session_id: sessionId, member_id: memberId, role });
}

/** Remove a member from a session; resolves with the updated Session. */
export function unassign(sessionId, memberId) {
  return call('unassign', { session_id: sessionId, member_id: memberId });
}

/** Add a note (sessionId/authorId may be null); resolves with the new Note. */
export function addNote(sessionId, body, blocks, authorId) {
  return call('add_note', {
    session_id: sessionId ?? null,
    body,
    blocks: blocks || [],
    author_id: authorId ?? null,
  });
}

/** [Note] newest first, for one session or (null) for all. */
export function listNotes(sessionId) {
  return call('list_notes', { session_id: sessionId ?? null });
}

// ---- Notes: composer, history, search, matrix, taxonomy, actions, daily report (issue 4) -------

/** Create (no `id`) or update a note; resolves with the Note once it is committed to disk. */
export function saveNote(note) {
  return call('save_note', {
    note: {
      id: note.id || null,
      session_id: note.sessionId ?? null,
      author_id: note.authorId ?? null,
      body: note.body,
      blocks: note.blocks || [],
      kind: note.kind || null,
      countries: note.countries || [],
    },
  });
}

/** One Note by id. */
export function getNote(id) {
  return call('get_note', { id });
}

/** [Version] of a note, newest first. */
export function noteHistory(id) {
  return call('note_history', { id });
}

/** [Hit { note, snippet: [{text, hit}], score }] for { text, block, session_id, day, author_id, country, kind, limit }. */
export function searchNotes(query) {
  return call('search_notes', { query });
}

/** Matrix { by, rows, columns, cells } by 'sessions' or 'countries'. */
export function blockMatrix(by) {
  return call('block_matrix', { by });
}

/** [Country { name, iso2, group? }]: the 57 participating States, then the 11 Partners. */
export function listCountries() {
  return call('list_countries');
}

/** The Session running now (conference time), else the next one today, else null. */
export function sessionNow() {
  return call('session_now');
}

/** [BlockUse] the taxonomy with use counts. */
export function listTaxonomy() {
  return call('list_taxonomy');
}

/** [Action] open ones first by due date; `overdue` flags the late ones. */
export function listActions() {
  return call('list_actions');
}

/** Add a follow-up action; resolves with the Action. */
export function addAction(title, ownerId, dueOn, noteId) {
  return call('add_action', {
    title,
    owner_id: ownerId ?? null,
    due_on: dueOn || null,
    note_id: noteId || null,
  });
}

/** Mark an action done (or open again); resolves with the Action. */
export function setActionDone(id, done) {
  return call('set_action_done', { id, done });
}

/** DailyReport { day, generated, saved | null, updated_at | null }. */
export function getReport(day) {
  return call('get_report', { day });
}

/** Keep the edited report of a day (empty: back to the draft); resolves with the DailyReport. */
export function saveReport(day, body) {
  return call('save_report', { day, body });
}

/** Add a block (a sub-element with `parent`, a code); resolves with the Block. */
export function addBlock(code, name, description, parent) {
  return call('add_block', { code, name, description: description || '', parent: parent || null });
}

/** Rename a block (its notes keep their tags); resolves with the Block. */
export function renameBlock(code, name) {
  return call('rename_block', { code, name });
}

/** Set a block's description; resolves with the Block. */
export function describeBlock(code, description) {
  return call('describe_block', { code, description });
}

/** Move a block to a position (1 = first) among its siblings; resolves with the Block. */
export function moveBlock(code, position) {
  return call('move_block', { code, position });
}

/** Archive (true) or restore (false) a block; resolves with the Block. */
export function archiveBlock(code, archived) {
  return call('archive_block', { code, archived });
}

/** Delete an unused block; a block in use is refused with `invalid`. */
export function deleteBlock(code) {
  return call('delete_block', { code });
}
