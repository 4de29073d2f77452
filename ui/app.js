// Boot, routing between views, the header and the global keyboard shortcuts. Before a view is left
// or re-rendered, and before the window closes, whatever the editors hold unsaved is saved first
// (ui/autosave.js).

import * as api from './api.js';
import { flushAll } from './autosave.js';
import { byId, clear, h, isTyping } from './dom.js';
import { conferenceLine, dateRange } from './format.js';
import { dismissError, saving, setSaveState, showError } from './status.js';
import { emptyState } from './widgets.js';
import * as welcome from './views/welcome.js';
import * as agenda from './views/agenda.js';
import * as delegation from './views/delegation.js';
import * as plan from './views/plan/index.js';
import * as notes from './views/notes/index.js';
import * as settings from './views/settings.js';
import * as recovery from './views/recovery.js';
import * as memberAgenda from './views/agenda-member.js';
import * as search from './views/search.js';
import * as matrix from './views/matrix.js';
import * as actions from './views/actions.js';
import * as report from './views/report.js';
import * as blocks from './views/blocks.js';
import * as pack from './views/pack.js';

const VIEWS = {
  welcome, agenda, delegation, plan, notes, 'member-agenda': memberAgenda,
  search, matrix, actions, report, blocks, pack, settings, recovery,
};
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
};

/** Render a view into a fresh container. A newer navigation makes older renders harmless. */
async function showView(name, params = {}, { focus = false } = {}) {
  // What was typed in the view being left is on disk before it goes (a failed save stays pending and
  // is said in the status line; the views show it again when they come back).
  await flushAll();
  if (!ctx.conference && !ALWAYS.has(name)) name = 'welcome';
  if (!VIEWS[name]) name = 'agenda';
  currentView = name;
  ctx.params = params;
  updateNav();

  const token = ++renderToken;
  const container = h('div', { class: `view-body view-${name}` }, h('p', { class: 'loading' }, 'Loading…'));
  viewEl.replaceChildren(container);
  viewEl.setAttribute('aria-busy', 'true');
  try {
    await VIEWS[name].render(container, ctx);
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

/** A conference is available: load the building blocks once, then show the agenda. */
async function enterConference(conference) {
  ctx.conference = conference;
  showConferenceTitle(conference);
  try {
    ctx.blocks = await api.listBlocks();
  } catch {
    ctx.blocks = []; // the banner says why; views still work, with codes instead of names
  }
  ctx.blockByCode = new Map(ctx.blocks.map((b) => [b.code, b]));
  await showView('agenda');
}

function leaveConference() {
  ctx.conference = null;
  ctx.blocks = [];
  ctx.blockByCode = new Map();
  showConferenceTitle(null);
  showView('welcome');
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
  byId('help-button').addEventListener('click', openHelp);
  byId('shortcuts-close').addEventListener('click', closeHelp);
  helpDialog.addEventListener('close', afterHelpClosed);
  // Click on the backdrop (outside the dialog box) closes the help.
  helpDialog.addEventListener('click', (e) => {
    if (e.target === helpDialog) closeHelp();
  });
  document.addEventListener('keydown', onGlobalKeydown);
}

async function boot() {
  settings.applyTheme('system');
  updateNav();
  api.getSettings().then((s) => settings.applyTheme(s.theme)).catch(() => { /* shown in the banner */ });
  api.appInfo().then((info) => {
    const el = byId('app-version');
    el.textContent = `Delegation Desk ${info.version}`;
    el.title = `Data file: ${info.db_path}`;
  }).catch(() => { /* shown in the banner */ });

  let conference = null;
  try {
    conference = await api.currentConference();
  } catch (err) {
    if (err.code !== 'no_conference') {
      showStartupProblem();
      return;
    }
  }
  if (conference) await enterConference(conference);
  else leaveConference();
}

wire();
wireClosing();
boot();
