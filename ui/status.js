// The status area: the error banner (#error-banner) and the save state (#save-state).
// api.js reports every failed command here, so errors look the same in every view; every write a view
// makes goes through `saving`, so the status line says the same words for all of them.

import { byId, clear, h } from './dom.js';

// A short hint per error code, shown after the message (see docs/ipc.md).
const HINTS = {
  invalid: 'Please correct it and try again.',
  not_found: 'It may have changed meanwhile; the view shows the current state.',
  no_conference: 'Load a conference to start.',
  newer_database: 'Nothing was changed. Please use the newer Delegation Desk.',
  database: 'Your data file could not be read or written.',
  internal: 'This is a bug in Delegation Desk; your text has been kept.',
};

/** Show an error {code, message} in the banner (replacing any previous one). */
export function showError(err) {
  const banner = byId('error-banner');
  if (!banner) return;
  const message = err && err.message ? String(err.message) : 'Something went wrong.';
  const hint = err && HINTS[err.code];
  clear(
    banner,
    h('span', { class: 'error-text' },
      h('span', { class: 'error-message' }, message),
      hint ? h('span', { class: 'error-hint' }, ' ' + hint) : null),
    h('button', {
      type: 'button',
      class: 'error-dismiss',
      'aria-label': 'Dismiss error',
      title: 'Dismiss (Esc)',
      onclick: dismissError,
    }, '×'),
  );
  banner.dataset.code = (err && err.code) || 'internal';
  banner.hidden = false;
}

/** Hide the error banner. */
export function dismissError() {
  const banner = byId('error-banner');
  if (!banner || banner.hidden) return false;
  banner.hidden = true;
  banner.replaceChildren();
  delete banner.dataset.code;
  return true;
}

/**
 * Set the save state in the status bar.
 * state: 'saved' | 'saving' | 'dirty' | 'error' | '' (nothing to report); detail: the reason for
 * 'error', or what was saved for 'saved' (else just "Saved").
 */
export function setSaveState(state, detail) {
  const el = byId('save-state');
  if (!el) return;
  const text = {
    saved: detail || 'Saved',
    saving: 'Saving…',
    dirty: 'Not saved yet',
    error: `Not saved: ${detail || 'unknown reason'}`,
  }[state] || '';
  el.textContent = text;
  el.dataset.state = state || 'idle';
}

/**
 * Run one write with the save state said around it: "Saving…", then "Saved" once `work()` resolves,
 * or "Not saved: <reason>" when it fails; resolves with what `work()` resolved with, and passes its
 * error on. With `fieldErrors`, a refusal (`invalid`) leaves the status line empty: the form shows it
 * under the field it names.
 */
export async function saving(work, { fieldErrors = false } = {}) {
  setSaveState('saving');
  try {
    const result = await work();
    setSaveState('saved');
    return result;
  } catch (err) {
    if (fieldErrors && err && err.code === 'invalid') setSaveState('');
    else setSaveState('error', err && err.message ? err.message : String(err));
    throw err;
  }
}

/** The current save state ('saved', 'dirty', …) as last set. */
export function saveState() {
  const el = byId('save-state');
  return (el && el.dataset.state) || 'idle';
}

// The data file's integrity check runs after the window is up (seconds on a large file); the status
// line says so while it runs, and a problem it finds is shown like any error, then `onProblem` runs.
let healthWatch = 0;

/**
 * Follow the check of the data file: `fetch()` answers { state: 'checking' | 'ok' | 'problem',
 * message }; asked again every half second while 'checking'. Calling it again starts a new watch.
 */
export function watchHealth(fetch, onProblem) {
  const watch = ++healthWatch;
  const el = byId('data-health');
  const say = (state, text) => {
    if (!el) return;
    el.textContent = text;
    el.dataset.state = state;
  };
  const ask = async () => {
    if (watch !== healthWatch) return;
    let health;
    try {
      health = await fetch();
    } catch {
      say('idle', ''); // locked or not open: the screen shown says why
      return;
    }
    if (health.state === 'checking') {
      say('checking', 'Checking the data file…');
      setTimeout(ask, 500);
    } else if (health.state === 'ok') {
      say('ok', 'Data file checked');
    } else {
      say('problem', 'Data file damaged');
      showError({ code: 'database', message: health.message });
      if (onProblem) onProblem(health);
    }
  };
  ask();
}
