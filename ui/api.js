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

// ---- Planning: priorities, locks, coverage, conflicts, the auto-planner (docs/ipc.md "Planning") ----

/** Set a session's priority (must|should|optional|skip) and need (null: the priority's default); resolves with the Session. */
export function setPriority(sessionId, priority, need) {
  return call('set_priority', { session_id: sessionId, priority, need: need ?? null });
}

/** Lock or unlock an assignment against the auto-planner; resolves with the Session. */
export function setLock(sessionId, memberId, locked) {
  return call('set_lock', { session_id: sessionId, member_id: memberId, locked: Boolean(locked) });
}

/** Coverage { days: [DayCoverage], must, should, uncovered }. */
export function coverage() {
  return call('coverage');
}

/** [Conflict] by day and time. */
export function conflicts() {
  return call('conflicts');
}

/** The auto-planner's Proposal (nothing is written). */
export function proposePlan(replaceAuto) {
  return call('propose_plan', { replace_auto: Boolean(replaceAuto) });
}

/** Write a Proposal as proposed; resolves with { added, removed, sessions: [Session] }. */
export function applyPlan(proposal) {
  return call('apply_plan', { proposal });
}
