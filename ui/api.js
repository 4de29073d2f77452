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

// ---- Import (agenda in) ----------------------------------------------------------------

/**
 * Import an agenda from the text of a file the user picked; format: 'auto' (or null), 'frab-json',
 * 'frab-xml', 'ics' or 'csv'. Resolves with the ImportReport (docs/ipc.md).
 */
export function importAgenda(fileName, content, format) {
  return call('import_agenda', { file_name: fileName, content, format: format || null });
}
