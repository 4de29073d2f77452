// Boot, routing between views, the header and the global keyboard shortcuts. Before a view is left
// or re-rendered, and before the window closes, whatever the editors hold unsaved is saved first
// (ui/autosave.js).
//
// The data may be encrypted: boot asks the shell first, and shows the first-run or unlock screen
// (ui/gate.js) instead of the views until the data is open. An older version's data file is opened
// after the window is up: boot shows that it is being updated and waits for it (`updating`).
// Locking (Ctrl+L, the Lock button, or the idle time of ui/idle.js) saves what was typed, closes the
// data, empties the page of everything read from it, and shows the unlock screen; unlocking returns to
// the view the person was on. A command that answers `locked` anywhere brings the unlock screen too
// (api.onLocked).

import * as api from './api.js';
import { flushAll } from './autosave.js';
import { byId, clear, h, isTyping } from './dom.js';
import { conferenceLine, dateRange } from './format.js';
import { createLock } from './lock.js';
import { dismissError, saving, setSaveState, showError, watchHealth } from './status.js';
import { emptyState } from './widgets.js';
import { applyTheme } from './theme.js';
import * as welcome from './views/welcome.js';
import * as agenda from './views/agenda.js';
import * as recovery from './views/recovery.js';

// The views a launch may show first come with this module. The others are fetched once the first view
// is drawn (or when one is asked for before that): the page starts on about 120 KB of script instead of
// 320 KB (docs/benchmarks.md, "Launch, ninth pass"). index.html preloads only the first ones.
const VIEWS = { welcome, agenda, recovery };
const LATER = {
  delegation: () => import('./views/delegation.js'),
  plan: () => import('./views/plan/index.js'),
  notes: () => import('./views/notes/index.js'),
  'member-agenda': () => import('./views/agenda-member.js'),
  search: () => import('./views/search.js'),
  matrix: () => import('./views/matrix.js'),
  actions: () => import('./views/actions.js'),
  report: () => import('./views/report.js'),
  blocks: () => import('./views/blocks.js'),
  pack: () => import('./views/pack.js'),
  exchange: () => import('./views/exchange.js'),
  settings: () => import('./views/settings.js'),
};
const fetching = new Map();

/** The module of view `name`, fetched if it has not been (a failed fetch is tried again next time). */
function viewModule(name) {
  if (VIEWS[name]) return Promise.resolve(VIEWS[name]);
  if (!fetching.has(name)) {
    const promise = LATER[name]().then((module) => (VIEWS[name] = module));
    promise.catch(() => fetching.delete(name));
    fetching.set(name, promise);
  }
  return fetching.get(name);
}

/** Fetches every view not fetched yet, one after another, once the first view is on screen. */
async function fetchTheOtherViews() {
  for (const name of Object.keys(LATER)) {
    try {
      await viewModule(name);
    } catch {
      // Asked for again (and said) when the person opens that view.
    }
  }
}

// Views that work without a conference (the data file itself is their subject).
const ALWAYS = new Set(['settings', 'recovery']);
// Order of the nav buttons = Ctrl/Alt+1..5.
const NAV_ORDER = ['agenda', 'delegation', 'plan', 'notes', 'member-agenda'];

const viewEl = byId('view');
const navButtons = [...document.querySelectorAll('#nav [data-view]')];
const helpDialog = byId('shortcuts-help');

let currentView = null;
let renderToken = 0;

// Shared state and helpers handed to every view's render(container, ctx).
const ctx = {
  conference: null,
  blocks: [],
  blockByCode: new Map(),
  params: {},
  api,
  setSaveState,
  saving,
  showError,
  navigate: (view, params) => showView(view, params || {}),
  refresh: () => showView(currentView || 'agenda', ctx.params),
  onConferenceLoaded: (conference) => enterConference(conference),
  // A view met `no_conference`: the data is gone, back to the welcome.
  conferenceGone: () => leaveConference(),
  // The data file was replaced (restore, recovery): start again from it.
  reload: async () => {
    await flushAll();
    return boot();
  },
  // The passphrase and the lock, for Settings.
  security: {
    status: () => lock.status(),
    changed: (status) => lock.apply(status),
    lock: () => lock.lockNow(),
  },
};

/** Render a view into a fresh container. A newer navigation makes older renders harmless. */
async function showView(name, params = {}, { focus = false } = {}) {
  // What was typed in the view being left is on disk before it goes (a failed save stays pending and
  // is said in the status line; the views show it again when they come back).
  if (lock.gated()) return;
  await flushAll();
  if (lock.gated()) return; // locked meanwhile: nothing is shown until the unlock
  if (!ctx.conference && !ALWAYS.has(name)) name = 'welcome';
  if (!VIEWS[name] && !LATER[name]) name = 'agenda';
  currentView = name;
  ctx.params = params;
  updateNav();

  const token = ++renderToken;
  const container = h('div', { class: `view-body view-${name}` }, h('p', { class: 'loading' }, 'Loading…'));
  viewEl.replaceChildren(container);
  viewEl.setAttribute('aria-busy', 'true');
  try {
    const view = await viewModule(name);
    if (token !== renderToken) return;
    await view.render(container, ctx);
  } catch (err) {
    if (token !== renderToken) return;
    if (err && err.code === 'no_conference') {
      leaveConference();
      return;
    }
    if (!(err && typeof err.code === 'string')) {
      // Not a command error (those are already in the banner): a bug in the UI.
      console.error(err);
      showError({ code: 'internal', message: String(err && err.message ? err.message : err) });
    }
    clear(container, emptyState('This view could not be shown.',
      err && err.message ? err.message : String(err),
      { label: 'Try again', onClick: () => showView(name, params) }));
  } finally {
    if (token === renderToken) {
      viewEl.removeAttribute('aria-busy');
      // The first view drawn since the window opened: launch to interactive, as the window benchmark
      // reads it (docs/benchmarks.md).
      if (!performance.getEntriesByName('desk:first-view').length) {
        const mark = performance.mark('desk:first-view', { detail: name });
        const at = mark && typeof mark.startTime === 'number' ? mark.startTime : performance.now();
        // Once drawn (the next frame), the shell hears of it and logs the launch.
        requestAnimationFrame(() => {
          api.firstView(name, at).catch(() => {});
          setTimeout(fetchTheOtherViews, 0);
        });
      }
      if (focus) {
        const heading = container.querySelector('h2');
        (heading || viewEl).focus();
      }
    }
  }
}

/** Mark the active nav button; nav is disabled until a conference is loaded. */
function updateNav() {
  for (const btn of navButtons) {
    btn.disabled = !ctx.conference && !ALWAYS.has(btn.dataset.view);
    if (btn.dataset.view === currentView) btn.setAttribute('aria-current', 'page');
    else btn.removeAttribute('aria-current');
  }
}

/** Header line: title + dates + venue, city. */
function showConferenceTitle(conference) {
  const el = byId('conference-title');
  if (!conference) {
    el.textContent = 'No conference loaded';
    el.removeAttribute('title');
    document.title = 'Delegation Desk';
    return;
  }
  const place = [conference.venue, conference.city].filter(Boolean).join(', ');
  clear(el,
    h('span', { class: 'conf-name' }, conference.title),
    h('span', { class: 'conf-meta' },
      ` · ${dateRange(conference.starts_on, conference.ends_on)}`,
      place ? ` · ${place}` : ''));
  el.title = conferenceLine(conference);
  document.title = `Delegation Desk — ${conference.title}`;
}

/** A conference is available: load the building blocks once (`blocks`: already asked for), then show
 *  the agenda (or, after an unlock, the view the person was on: `resume`). */
async function enterConference(conference, resume = null, blocks = null) {
  ctx.conference = conference;
  showConferenceTitle(conference);
  // The session list every view shows comes meanwhile (kept by api.js for the first view).
  if (!resume) api.listSessions().catch(() => { /* the view asks again and says why */ });
  try {
    // One asked for early and failed is asked for again, so the banner says why.
    ctx.blocks = await (blocks ? blocks.catch(() => api.listBlocks()) : api.listBlocks());
  } catch {
    ctx.blocks = []; // the banner says why; views still work, with codes instead of names
  }
  ctx.blockByCode = new Map(ctx.blocks.map((b) => [b.code, b]));
  if (resume) await resumeView(resume);
  else await showView('agenda');
}

function leaveConference(resume = null) {
  ctx.conference = null;
  ctx.blocks = [];
  ctx.blockByCode = new Map();
  showConferenceTitle(null);
  if (resume && ALWAYS.has(resume.view)) resumeView(resume);
  else showView('welcome');
}

/** Back to where the person was before the lock; the focus goes into the view if it has none there. */
async function resumeView({ view, params }) {
  await showView(view || 'agenda', params || {});
  if (lock.gated() || viewEl.contains(document.activeElement)) return;
  const heading = viewEl.querySelector('h2');
  (heading || viewEl).focus();
}

/** Something is wrong with the data file itself: say so in the main area. */
function showStartupProblem() {
  dismissError(); // the recovery view says it in full
  ctx.conference = null;
  showConferenceTitle(null);
  showView('recovery');
}

// ---- Shortcuts help ------------------------------------------------------------------

let focusBeforeHelp = null;

function openHelp() {
  if (helpDialog.open) return;
  focusBeforeHelp = document.activeElement;
  if (typeof helpDialog.showModal === 'function') helpDialog.showModal();
  else helpDialog.setAttribute('open', '');
  byId('shortcuts-close').focus();
}

function closeHelp() {
  if (!helpDialog.open) return;
  if (typeof helpDialog.close === 'function') helpDialog.close();
  else {
    helpDialog.removeAttribute('open');
    afterHelpClosed();
  }
}

function afterHelpClosed() {
  if (focusBeforeHelp && focusBeforeHelp.isConnected) focusBeforeHelp.focus();
  focusBeforeHelp = null;
}

/** Digit 1..9 from a key event, by physical key so Alt/Ctrl combinations work on any layout. */
function digitOf(e) {
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code || '');
  if (m) return Number(m[1]);
  return /^[1-9]$/.test(e.key) ? Number(e.key) : 0;
}

function onGlobalKeydown(e) {
  // The first-run and unlock screens take their own keys only.
  if (lock.gated()) return;
  // Ctrl+L: lock now.
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.code === 'KeyL' || /^l$/i.test(e.key))) {
    e.preventDefault();
    if (helpDialog.open) closeHelp();
    lock.lockNow();
    return;
  }
  if (e.key === 'F1') {
    e.preventDefault();
    if (helpDialog.open) closeHelp(); else openHelp();
    return;
  }
  // Ctrl+N: quick capture (Notes with the session running now); Ctrl+K: search.
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.code === 'KeyN' || e.code === 'KeyK'
    || /^[nk]$/i.test(e.key))) {
    e.preventDefault();
    if (helpDialog.open) closeHelp();
    const quick = e.code === 'KeyN' || /^n$/i.test(e.key);
    if (ctx.conference) showView(quick ? 'notes' : 'search', quick ? { quick: true } : {});
    return;
  }
  // Ctrl+1..4 or Alt+1..4 (not Ctrl+Alt, which is AltGr on many keyboards).
  if ((e.ctrlKey !== e.altKey) && !e.metaKey && !e.shiftKey) {
    const n = digitOf(e);
    if (n >= 1 && n <= NAV_ORDER.length) {
      e.preventDefault();
      if (helpDialog.open) closeHelp();
      if (ctx.conference) showView(NAV_ORDER[n - 1], {}, { focus: true });
      return;
    }
  }
  if (e.key === '?' && !e.ctrlKey && !e.altKey && !e.metaKey && !isTyping(e.target)) {
    e.preventDefault();
    if (helpDialog.open) closeHelp(); else openHelp();
    return;
  }
  // Esc closes the error banner (menus and the dialog handle their own Esc first).
  if (e.key === 'Escape' && !e.defaultPrevented && !helpDialog.open) {
    dismissError();
  }
}

// ---- The lock --------------------------------------------------------------------------

/**
 * Empty the page of everything read from the data: the view, open dialogs, the conference in the
 * header and the window title, the error banner. Renders under way become harmless.
 */
function clearPage() {
  renderToken += 1;
  if (helpDialog.open) closeHelp();
  for (const dialog of document.querySelectorAll('dialog')) {
    if (dialog === helpDialog) continue;
    if (dialog.open) dialog.close();
    dialog.remove();
  }
  viewEl.replaceChildren();
  viewEl.removeAttribute('aria-busy');
  ctx.conference = null;
  ctx.blocks = [];
  ctx.blockByCode = new Map();
  showConferenceTitle(null);
  dismissError();
}

/** Where the person is, to come back to after an unlock; `forLock`: the view sets its text aside. */
function place(forLock) {
  const module = currentView && VIEWS[currentView];
  const params = forLock && module && typeof module.setAsideForLock === 'function'
    ? module.setAsideForLock(ctx.params)
    : ctx.params;
  return { view: currentView, params };
}

const lock = createLock({ api, clearPage, openData, place });

// ---- Closing the window ----------------------------------------------------------------

// Set when a close was refused because something could not be saved: closing again closes anyway.
let closeRefused = false;

/** The shell asks before closing: save everything, then close; if saving fails, say so and stay. */
async function onCloseRequested() {
  let saved = false;
  try {
    saved = await flushAll();
  } catch (err) {
    console.error(err);
  }
  if (saved || closeRefused) {
    await api.closeWindow();
    return;
  }
  closeRefused = true;
  await api.cancelClose();
  showError({
    code: 'unsaved',
    message: 'The window was not closed: some of what you typed could not be saved (the status line says why). '
      + 'It is still on screen. Close again to close without it.',
  });
}

function wireClosing() {
  api.onCloseRequested(() => {
    onCloseRequested().catch((err) => console.error(err));
  }).catch((err) => {
    // Without the event the shell still closes, after its own wait: say why in the console.
    console.error('Close requests will not wait for saving:', err);
  });
  // Typing after a refused close makes the next close try (and warn) again.
  document.addEventListener('input', () => { closeRefused = false; }, true);
  // Best effort when the page goes away another way (a reload, a webview torn down): start the saves.
  window.addEventListener('pagehide', () => { flushAll(); });
  window.addEventListener('beforeunload', () => { flushAll(); });
}

// ---- Boot ----------------------------------------------------------------------------

function wire() {
  for (const btn of navButtons) {
    btn.addEventListener('click', () => showView(btn.dataset.view));
  }
  lock.wire();
  byId('help-button').addEventListener('click', openHelp);
  byId('shortcuts-close').addEventListener('click', closeHelp);
  helpDialog.addEventListener('close', afterHelpClosed);
  // Click on the backdrop (outside the dialog box) closes the help.
  helpDialog.addEventListener('click', (e) => {
    if (e.target === helpDialog) closeHelp();
  });
  document.addEventListener('keydown', onGlobalKeydown);
}

/** The theme and the version line (read again after an unlock, when they could not be read before). */
function loadLook() {
  api.getSettings().then((s) => applyTheme(s.theme)).catch(() => { /* shown in the banner */ });
  api.appInfo().then((info) => {
    const el = byId('app-version');
    el.textContent = `Delegation Desk ${info.version}`;
    el.title = `Data file: ${info.db_path}`;
  }).catch(() => { /* shown in the banner */ });
}

/** The data is open: its conference, then the welcome, the agenda or the view of `resume`. */
async function openData(resume = null) {
  loadLook();
  // The integrity check runs after the window is up: followed in the status line; a damaged file
  // brings the recovery view.
  watchHealth(api.dataHealth, () => showStartupProblem());
  // Nearly every start has a conference, and its first view needs the blocks and the sessions: they are
  // asked for with the conference, not after it (a round trip less before the first view). They are
  // quiet: without a conference they answer `no_conference` and are not used; any other failure is
  // asked again by whoever needs the answer, which then says why.
  const blocks = api.listBlocks(true);
  blocks.catch(() => { /* enterConference asks again */ });
  if (!resume) api.listSessions(true).catch(() => { /* the view asks again */ });
  let conference = null;
  try {
    conference = await api.currentConference();
  } catch (err) {
    if (lock.gated()) return;
    if (err.code !== 'no_conference') {
      showStartupProblem();
      return;
    }
  }
  if (conference) await enterConference(conference, resume, blocks);
  else leaveConference(resume);
}

async function boot() {
  applyTheme('system');
  updateNav();
  let status;
  try {
    status = await api.securityStatus();
  } catch {
    // The data file itself is in question (the banner says why): the recovery view says what to do.
    loadLook();
    showStartupProblem();
    return;
  }
  if (status.state === 'updating') {
    // An older version's data file: the shell opens it (check, copy, migration) once this screen is up.
    const step = lock.openUpdating();
    performance.mark('desk:updating');
    try {
      status = await api.waitForData((name) => {
        step(name);
        performance.mark('desk:update-step', { detail: name });
      });
    } catch {
      lock.closeGate();
      loadLook();
      showStartupProblem();
      return;
    }
    performance.mark('desk:updated', { detail: status.state });
  }
  lock.apply(status);
  if (status.state !== 'unlocked') {
    loadLook();
    lock.openGate(status, null);
    return;
  }
  lock.closeGate();
  await openData();
}

wire();
wireClosing();
boot();
