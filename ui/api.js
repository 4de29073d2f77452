// The only module that talks to the Tauri shell. One async function per command in docs/ipc.md, in
// sections named after the features, as in every layer (core/src/app/, core/src/cli/,
// src-tauri/src/commands/). Arguments go over the bridge in snake_case. A failed command is
// normalised to {code, message}, shown in the error banner, and re-thrown so the caller can branch on
// `code`.

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
 * Invoke a command. `quiet` lists error codes the caller handles itself (not shown in the banner), or is
 * `true` for a call made ahead of need, whose failure is shown when the answer is asked for again.
 */
async function call(command, args, quiet = []) {
  // Anything but a read may change the sessions (their assignments, priorities, the programme, or the
  // data file itself), unless it only writes something a Session does not hold: the shared list is
  // read again next time.
  if (!READS.has(command) && !KEEP_SESSIONS.has(command)) forgetSessions();
  try {
    const tauri = window.__TAURI__;
    if (!tauri || !tauri.core || typeof tauri.core.invoke !== 'function') {
      throw { code: 'internal', message: 'The Delegation Desk shell is not available (window.__TAURI__ is missing).' };
    }
    return await tauri.core.invoke(command, args || {});
  } catch (raw) {
    const err = normaliseError(raw);
    if (err.code === 'locked') {
      // Not a failure to show: the data is locked, so the unlock screen comes instead of any view. The
      // caller still gets the error (a save stays pending and is retried after the unlock).
      lockedHandler();
    } else if (quiet !== true && !quiet.includes(err.code)) {
      showError(err);
    }
    throw err;
  }
}

let lockedHandler = () => {};

// Commands that only read. Every other command empties the session cache before it runs.
const READS = new Set([
  'current_conference', 'list_sessions', 'list_members', 'list_blocks', 'list_taxonomy', 'coverage',
  'conflicts', 'plan_checks', 'plan_grid', 'propose_plan', 'list_notes', 'note_page', 'notes_view', 'get_note', 'note_history', 'search_notes', 'search_view',
  'block_matrix', 'list_countries', 'session_now', 'get_report', 'list_actions', 'member_agenda',
  'get_brief', 'get_pack_settings', 'list_packs', 'app_info', 'data_status', 'get_settings',
  'security_status', 'preview_restore', 'exchange_status', 'first_view', 'data_health',
]);
// Writes of things a Session does not hold (notes, reports, actions, briefs, packs, copies): typing a
// note does not make the next view read all sessions again.
const KEEP_SESSIONS = new Set([
  'save_note', 'delete_note', 'save_report', 'add_action', 'set_action_done', 'save_brief',
  'save_pack_settings', 'generate_pack', 'open_pack', 'save_pack_as', 'backup_now', 'save_copy',
  'export_agenda_ics', 'make_copy', 'send_changes', 'note_seen', 'brief_seen', 'report_seen',
]);
// The session list every view shows, read once and shared until a write ({ promise }).
let sessionCache = null;
// The delegation's members, kept as the sessions are (a promise): a write that may change the sessions
// may change the members too (adding, editing, removing one, receiving changes, another data file).
let memberCache = null;
// The countries, reference data that ships with the app: read once (a promise).
let countriesCache = null;

/**
 * `handler()` is called whenever a command answers `locked` (app.js shows the unlock screen then): the
 * one place every view's commands meet that code.
 */
export function onLocked(handler) {
  lockedHandler = handler;
}

// ==== conferences ============================================================================
// The conferences: the current one, the sample, a new one by hand

/** Conference or null. A `no_conference` error is left to the caller (it shows the welcome). */
export function currentConference() {
  return call('current_conference', {}, ['no_conference']);
}

/** Load the built-in sample conference; resolves with the Conference. */
export function loadSample() {
  return call('load_sample');
}

/** Create a conference from { title, venue, city, time_zone, starts_on, ends_on, organiser, url }. */
export function createConference(fields) {
  return call('create_conference', { fields }, ['invalid']);
}


// ==== programme ==============================================================================
// The programme: sessions and their editing by hand (docs/ipc.md "Programme")
// Form submissions pass `invalid` as quiet: the form shows the refusal under the field it names.

/**
 * [Session] ordered by start time. The views share one list, read again only after a command that may
 * have changed it (any command not in READS); each caller gets its own array (the sessions themselves
 * are shared: replace one, never change it in place). `quiet`: as `call`'s.
 */
export async function listSessions(quiet = []) {
  if (!sessionCache) {
    const promise = call('list_sessions', {}, quiet);
    sessionCache = { promise };
    // A failed read is not kept: the next view asks again.
    promise.catch(() => { if (sessionCache && sessionCache.promise === promise) sessionCache = null; });
  }
  return (await sessionCache.promise).slice();
}

/** Forget the shared session list and members (a write, or the data file was replaced or closed). */
export function forgetSessions() {
  sessionCache = null;
  memberCache = null;
}

/** Add a session from SessionFields; resolves with the new Session. */
export function addSession(fields) {
  return call('add_session', { fields }, ['invalid']);
}

/** Change the given SessionFields of a session; resolves with the updated Session. */
export function editSession(sessionId, fields) {
  return call('edit_session', { session_id: sessionId, fields }, ['invalid']);
}

/** Delete a session without notes; resolves with its title (one with notes is refused: cancel it). */
export function deleteSession(sessionId) {
  return call('delete_session', { session_id: sessionId });
}

/** Cancel ('cancelled') or restore ('scheduled') a session; resolves with the updated Session. */
export function setSessionStatus(sessionId, status) {
  return call('set_session_status', { session_id: sessionId, status });
}


// ==== delegation =============================================================================
// The delegation: members and their editing by hand (docs/ipc.md "Delegation")

/** [Member] in delegation order, read once and shared until a write (as listSessions). */
export async function listMembers() {
  if (!memberCache) {
    const promise = call('list_members');
    memberCache = promise;
    promise.catch(() => { if (memberCache === promise) memberCache = null; });
  }
  return (await memberCache).slice();
}

/** Add a member from MemberFields; resolves with the new Member. */
export function addMember(fields) {
  return call('add_member', { fields }, ['invalid']);
}

/** Change the given MemberFields of a member; resolves with the updated Member. */
export function editMember(memberId, fields) {
  return call('edit_member', { member_id: memberId, fields }, ['invalid']);
}

/** Remove a member; resolves with RemovedMember { id, name, assignments, notes_kept }. */
export function removeMember(memberId) {
  return call('remove_member', { member_id: memberId });
}


// ==== taxonomy ===============================================================================
// The taxonomy: building blocks and their use (docs/ipc.md "Taxonomy")

/** [Block] by position (`quiet`: as `call`'s). */
export function listBlocks(quiet = []) {
  return call('list_blocks', {}, quiet);
}

/** [BlockUse] the taxonomy with use counts. */
export function listTaxonomy() {
  return call('list_taxonomy');
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


// ==== planner ================================================================================
// The planner: assignments, priorities, locks, coverage, conflicts, the auto-planner (docs/ipc.md "Planner")

/** Assign a member to a session with a role (lead|attend|speak|notes); resolves with the updated Session. */
export function assign(sessionId, memberId, role) {
  return call('assign', { session_id: sessionId, member_id: memberId, role });
}

/** Remove a member from a session; resolves with the updated Session. */
export function unassign(sessionId, memberId) {
  return call('unassign', { session_id: sessionId, member_id: memberId });
}

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

/** The conflicts and the coverage in one call: `{ conflicts, coverage }`. */
export function planChecks() {
  return call('plan_checks');
}

/**
 * The Plan grid's first draw in one call: `{ sessions, members, conflicts, coverage }`. The sessions come
 * from the shared list when it is held (the call then leaves them out), else with the call, and are
 * kept as the shared list.
 */
export function planGrid() {
  return viewCall((withSessions) => call('plan_grid', { with_sessions: withSessions }), false);
}

/**
 * A view's one call for its first draw, which brings the shared session list (kept as listSessions
 * keeps it) and the countries only when the window does not hold them yet: `invoke(withSessions,
 * withCountries)` calls the command. Resolves with the answer, its `sessions` and
 * `countries` (when `countries`: the view shows them) filled from what the window holds.
 */
async function viewCall(invoke, countries = true) {
  const withSessions = !sessionCache;
  const withCountries = countries && !countriesCache;
  const promise = invoke(withSessions, withCountries);
  if (withSessions) {
    // Kept as listSessions keeps its answer: a write meanwhile forgets it again.
    const sessions = promise.then((answer) => answer.sessions);
    sessionCache = { promise: sessions };
    sessions.catch(() => { if (sessionCache && sessionCache.promise === sessions) sessionCache = null; });
  }
  if (withCountries) {
    const list = promise.then((answer) => answer.countries);
    countriesCache = list;
    list.catch(() => { if (countriesCache === list) countriesCache = null; });
  }
  const [sessions, countryList, answer] = await Promise.all([
    listSessions(), countries ? listCountries() : null, promise,
  ]);
  return countries ? { ...answer, sessions, countries: countryList } : { ...answer, sessions };
}

/** The auto-planner's Proposal (nothing is written). */
export function proposePlan(replaceAuto) {
  return call('propose_plan', { replace_auto: Boolean(replaceAuto) });
}

/** Write a Proposal as proposed; resolves with { added, removed, sessions: [Session] }. */
export function applyPlan(proposal) {
  return call('apply_plan', { proposal });
}


// ==== notes ==================================================================================
// Notes: composer, list, history, search, matrix, countries, quick capture, daily report
// (docs/ipc.md "Notes")

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

/** [Note] newest first, for one session or (null) for all. */
export function listNotes(sessionId) {
  return call('list_notes', { session_id: sessionId ?? null });
}

/** { notes: [Note], offset, total }: at most `limit` notes of the list from position `offset` (0 = newest). */
export function notePage(sessionId, offset, limit) {
  return call('note_page', { session_id: sessionId ?? null, offset, limit });
}

/** One Note by id; error codes in `quiet` are left to the caller. */
export function getNote(id, quiet = []) {
  return call('get_note', { id }, quiet);
}

/** [Version] of a note, newest first. */
export function noteHistory(id) {
  return call('note_history', { id });
}

/**
 * Delete a note with its history (its author only, as "You are" in Settings says, or any note without
 * an author); resolves with { id, versions }.
 */
export function deleteNote(id) {
  return call('delete_note', { id });
}

/** [Hit { note, snippet: [{text, hit}], score }] for { text, block, session_id, day, author_id, country, kind, limit }. */
export function searchNotes(query) {
  return call('search_notes', { query });
}

/** Matrix { by, rows, columns, cells } by 'sessions' or 'countries'. */
export function blockMatrix(by) {
  return call('block_matrix', { by });
}

/**
 * [Country { name, iso2, group? }]: the 57 participating States, then the 11 Partners. Reference data
 * that ships with the app: read once and kept.
 */
export async function listCountries() {
  if (!countriesCache) {
    const promise = call('list_countries');
    countriesCache = promise;
    promise.catch(() => { if (countriesCache === promise) countriesCache = null; });
  }
  return (await countriesCache).slice();
}

/**
 * The Notes view's first draw in one call. `ask`: { now: bool, noteId, list: { follow: 'given'|'now'|'note',
 * sessionId, limit } | null }. Resolves with { sessions, members, countries, me, now, note, list:
 * { session_id, notes, offset, total } | null } (`me`: who this laptop belongs to, as Settings say).
 */
export function notesView(ask) {
  return viewCall((withSessions, withCountries) => call('notes_view', {
    ask: {
      with_sessions: withSessions,
      with_countries: withCountries,
      now: Boolean(ask.now),
      note_id: ask.noteId ?? null,
      list: ask.list ? { follow: ask.list.follow, session_id: ask.list.sessionId ?? null, limit: ask.list.limit } : null,
    },
  }));
}

/** The Search view's first draw in one call: { sessions, members, countries, hits } for `query` (as searchNotes). */
export function searchView(query) {
  return viewCall((withSessions, withCountries) => call('search_view', {
    with_sessions: withSessions, with_countries: withCountries, query,
  }));
}

/** The Session running now (conference time), else the next one today, else null. */
export function sessionNow() {
  return call('session_now');
}

/** DailyReport { day, generated, saved | null, updated_at | null }. */
export function getReport(day) {
  return call('get_report', { day });
}

/** Keep the edited report of a day (empty: back to the draft); resolves with the DailyReport. */
export function saveReport(day, body) {
  return call('save_report', { day, body });
}


// ==== actions ================================================================================
// Follow-up actions (docs/ipc.md "Actions")

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


// ==== agenda =================================================================================
// Agendas out (docs/ipc.md "Agenda")

/** A member's Agenda (null: the whole delegation's). */
export function memberAgenda(memberId) {
  return call('member_agenda', { member_id: memberId ?? null });
}

/** Write the agenda as an .ics file at `path`; resolves with Exported { path, events, calendar_name }. */
export function exportAgendaIcs(memberId, path) {
  return call('export_agenda_ics', { member_id: memberId ?? null, path });
}

/**
 * Ask where to save a calendar with the native save dialog (tauri-plugin-dialog; only `dialog:allow-save`
 * is granted). Resolves with the chosen path, or null when the person cancelled.
 */
export async function chooseIcsPath(defaultName) {
  try {
    const dialog = window.__TAURI__ && window.__TAURI__.dialog;
    if (!dialog || typeof dialog.save !== 'function') {
      throw { code: 'internal', message: 'The save dialog is not available (window.__TAURI__.dialog is missing).' };
    }
    const path = await dialog.save({
      title: 'Export to calendar (.ics)',
      defaultPath: defaultName,
      filters: [{ name: 'iCalendar', extensions: ['ics'] }],
    });
    return path || null;
  } catch (raw) {
    const err = normaliseError(raw);
    showError(err);
    throw err;
  }
}


// ==== pack ===================================================================================
// The briefing pack: briefs, settings, the PDF (docs/ipc.md "Pack")

/** Brief { session_id, objectives, points, lines, updated_at } (empty fields when none was written). */
export function getBrief(sessionId) {
  return call('get_brief', { session_id: sessionId });
}

/** Saves the given fields of a session's brief; resolves with the Brief. */
export function saveBrief(sessionId, brief) {
  return call('save_brief', { session_id: sessionId, brief });
}

/** PackSettings { country, marking, edition } of the current conference. */
export function getPackSettings() {
  return call('get_pack_settings');
}

export function savePackSettings(settings) {
  return call('save_pack_settings', { settings });
}

/**
 * Generates the pack and keeps it in the data file; `onProgress(fraction)` is called as it goes.
 * Resolves with PackMade { id, file_name, title, pages, size_bytes, edition }.
 */
export function generatePack(request, onProgress) {
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = (fraction) => { if (onProgress) onProgress(fraction); };
  return call('generate_pack', { request, progress: channel });
}

/** [StoredPack { id, file_name, title, created_at, edition, pages, size_bytes }], newest first. */
export function listPacks() {
  return call('list_packs');
}

/** Opens a kept pack (by id) in the system's PDF viewer, through a temporary copy in the private folder. */
export function openPack(id) {
  return call('open_pack', { id });
}

/** Writes a copy of a kept pack (by id) to the path chosen in the save dialog; resolves with where it went. */
export function savePackAs(id, path) {
  return call('save_pack_as', { id, path });
}


// ==== data ===================================================================================
// The data and the app: info, where the data is, backups, copies, restore, recovery, settings
// (docs/ipc.md "Data")

/** AppInfo { version, db_path } */
export function appInfo() {
  return call('app_info');
}

/** DataStatus { db_path, backups_dir, backups: [BackupFile], problem: {code,message}|null, summary|null } */
export function dataStatus() {
  return call('data_status');
}

/** Health: what the check of the data file after start found: { state: 'checking' | 'ok' } or
 *  { state: 'problem', message }. */
export function dataHealth() {
  return call('data_health');
}

/** Take a rotating backup now; resolves with the BackupFile. */
export function backupNow() {
  return call('backup_now');
}

/** Save a copy of the data to an absolute .sqlite3 path; resolves with the path written. */
export function saveCopy(path) {
  return call('save_copy', { path });
}

// A copy encrypted with another passphrase than the data file's answers `passphrase_needed` (none
// given) or `wrong_passphrase`: the caller asks for the one it was made with and tries again.
const COPY_KEY_CODES = ['passphrase_needed', 'wrong_passphrase'];

/**
 * What restoring the copy at `path` would replace: { copy, current, message }. `passphrase`: the one the
 * copy was made with, when not the data file's.
 */
export function previewRestore(path, passphrase = null) {
  return call('preview_restore', { path, passphrase }, COPY_KEY_CODES);
}

/** Replace the data with the copy at `path` (the current data is backed up first). */
export function restoreCopy(path, passphrase = null) {
  return call('restore_copy', { path, passphrase }, COPY_KEY_CODES);
}

/** Put a backup or copy in place of a data file that could not be opened. */
export function recoverData(source, passphrase = null) {
  return call('recover_data', { source, passphrase }, COPY_KEY_CODES);
}

/** Settings { data_path, theme: 'system'|'light'|'dark', home_time_zone, me: { [conference id]: member id } } */
export function getSettings() {
  return call('get_settings');
}

/** Refusals (`invalid`, naming the field) are left to the caller, which shows them by the field. */
export function saveSettings(settings) {
  return call('save_settings', { settings }, ['invalid']);
}


// ==== security ===============================================================================
// The passphrase and the lock (docs/ipc.md "Security"): the only commands that answer while the app is
// locked (every other one rejects with `locked` then). Every call leaves its refusals to the caller (a
// wrong passphrase, one too short), which shows them by the field; a passphrase is never shown or kept
// by this module.

// The codes a passphrase form shows under its field rather than in the banner.
const FIELD_CODES = ['wrong_passphrase', 'invalid', 'invalid_input', 'passphrase_needed'];

/**
 * SecurityStatus { state: 'first_run'|'upgrade'|'locked'|'unlocked'|'updating', encrypted, keyring,
 * lock_after_minutes: number|null }
 */
export function securityStatus() {
  return call('security_status');
}

/**
 * While the status is `updating` (an older version's data file, opened once the window is up): waits
 * until the data file is open (or could not be), then resolves with the SecurityStatus. `onStep(step)`
 * hears each step as it starts: 'checking', 'keeping_copy', 'migrating'.
 */
export function waitForData(onStep) {
  const channel = new window.__TAURI__.core.Channel();
  channel.onmessage = (step) => { if (onStep) onStep(step); };
  return call('wait_for_data', { progress: channel });
}

/** First run or upgrade: encrypt the data with `passphrase` (upgrade: the plain file in place). */
export function createPassphrase(passphrase, remember) {
  return call('create_passphrase', { passphrase, remember: !!remember }, FIELD_CODES);
}

/** First run or upgrade: keep the data file plain on this laptop (the settings remember the choice). */
export function chooseNoPassphrase() {
  return call('choose_no_passphrase');
}

/** Open the encrypted data; a wrong passphrase rejects with `wrong_passphrase`. */
export function unlock(passphrase, remember) {
  return call('unlock', { passphrase, remember: !!remember }, FIELD_CODES);
}

/** Close the data (the UI has saved what was typed first); resolves with the SecurityStatus. */
export function lock() {
  return call('lock');
}

/** Re-key the encrypted data: `old` must open it. */
export function changePassphrase(old, passphrase) {
  return call('change_passphrase', { old, new: passphrase }, FIELD_CODES);
}

/** Turn the encrypted data back into a plain file: `old` must open it. */
export function removePassphrase(old) {
  return call('remove_passphrase', { old }, FIELD_CODES);
}

/** Encrypt a file kept plain by choice. */
export function setPassphrase(passphrase, remember) {
  return call('set_passphrase', { new: passphrase, remember: !!remember }, FIELD_CODES);
}

/** Remove the passphrase remembered in this laptop's keyring; resolves with the SecurityStatus. */
export function forgetPassphrase() {
  return call('forget_passphrase');
}


// ==== exchange ===============================================================================
// Exchange: one delegation, many laptops, no server (docs/ipc.md "Exchange"). The delegation's
// passphrase is passed with each call and never kept.

/** Status of this laptop in its delegation, or null while it is not part of one. */
export function exchangeStatus() {
  return call('exchange_status');
}

/** Makes this laptop the delegation's first (once) and writes a copy of the conference to `path`. */
export function makeCopy(laptopName, passphrase, path) {
  return call('make_copy', { laptop_name: laptopName, passphrase, path });
}

/** Replaces the data with the copy at `path` and makes this laptop one of its delegation. */
export function joinDelegation(path, passphrase, laptopName) {
  return call('join_delegation', { path, passphrase, laptop_name: laptopName });
}

/** Writes this laptop's changes the others have not seen to `path`; resolves with { changes, bytes }. */
export function sendChanges(path, passphrase, forLaptop) {
  return call('send_changes', { path, passphrase, for_laptop: forLaptop || null });
}

/** Receives the exchange files at `paths` (all checked first, then applied together). */
export function receiveChanges(paths, passphrase) {
  return call('receive_changes', { paths, passphrase });
}

/** Takes in the others' files in the folder `path`, then writes this laptop's own there. */
export function syncFolder(path, passphrase) {
  return call('sync_folder', { path, passphrase });
}

/** Someone has looked at a note edited in two places: its mark is cleared. */
export function noteSeen(noteId) {
  return call('note_seen', { note_id: noteId });
}

/** Someone has looked at the kept texts of a brief edited in two places: its mark is cleared. */
export function briefSeen(sessionId) {
  return call('brief_seen', { session_id: sessionId });
}

/** Someone has looked at the kept texts of a daily report edited in two places: its mark is cleared. */
export function reportSeen(day) {
  return call('report_seen', { day });
}


// ==== import =================================================================================
// Import: an agenda in (docs/ipc.md "Import")

/**
 * Import an agenda from the text of a file the user picked; format: 'auto' (or null), 'frab-json',
 * 'frab-xml', 'ics' or 'csv'. Resolves with the ImportReport (docs/ipc.md).
 */
export function importAgenda(fileName, content, format) {
  return call('import_agenda', { file_name: fileName, content, format: format || null });
}


// ==== launch =================================================================================

/** Say that the first view, `view`, was drawn `pageMs` after the page's start (the shell logs the launch). */
export function firstView(view, pageMs) {
  return call('first_view', { view, page_ms: pageMs }, ['invalid', 'internal']);
}

// ==== window =================================================================================
// The window: native dialogs and the close request (docs/ipc.md "The window")

/** The native save dialog; resolves with the chosen path or null when cancelled. */
export async function chooseSavePath(defaultPath, filterName, extensions) {
  try {
    return await window.__TAURI__.dialog.save({ defaultPath, filters: [{ name: filterName, extensions }] });
  } catch (raw) {
    const err = normaliseError(raw);
    showError(err);
    throw err;
  }
}

/** The native open dialog for a folder; resolves with the chosen path or null when cancelled. */
export async function chooseFolder(title) {
  try {
    const picked = await window.__TAURI__.dialog.open({ title, multiple: false, directory: true });
    return Array.isArray(picked) ? picked[0] || null : picked;
  } catch (raw) {
    const err = normaliseError(raw);
    showError(err);
    throw err;
  }
}

/** The native open dialog for one file; resolves with the chosen path or null when cancelled. */
export async function chooseOpenPath(filterName, extensions) {
  try {
    const picked = await window.__TAURI__.dialog.open({ multiple: false, directory: false, filters: [{ name: filterName, extensions }] });
    return Array.isArray(picked) ? picked[0] || null : picked;
  } catch (raw) {
    const err = normaliseError(raw);
    showError(err);
    throw err;
  }
}

/**
 * Call `handler` when the window is asked to close. The shell holds the close until the UI answers
 * with closeWindow() (after saving) or cancelClose() (it could not save), or until it gives up waiting.
 */
export async function onCloseRequested(handler) {
  const events = window.__TAURI__ && window.__TAURI__.event;
  if (!events || typeof events.listen !== 'function') {
    throw { code: 'internal', message: 'The event bridge is not available (window.__TAURI__.event is missing).' };
  }
  await events.listen('desk://close-requested', () => handler());
}

/** Close the window for real (what was typed is saved by then). */
export function closeWindow() {
  return call('close_window');
}

/** Keep the window open after a close request: something could not be saved. */
export function cancelClose() {
  return call('cancel_close');
}
