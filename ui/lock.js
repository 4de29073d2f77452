// The lock: what stands between the views and encrypted data. It keeps the data's protection as the
// shell last said it (SecurityStatus, docs/ipc.md "Security"), shows the first-run or unlock screen
// (gate.js) instead of the views while the data is not open, and locks on demand (Ctrl+L, the Lock
// button), after the idle time (idle.js), or when any command answers `locked`.
//
// Locking saves first: every pending autosave is flushed and waited for, then the shell closes the data,
// and the page is emptied of everything read from it (app.js's clearPage) before the unlock screen
// shows. The view the person was on (and the note in it, read back from the store) comes back after the
// unlock. A save that failed stays pending in memory, never in the page, and is retried after the unlock.

import { flushAll } from './autosave.js';
import { byId } from './dom.js';
import { showGate, showUpdating } from './gate.js';
import { pauseIdle, resumeIdle, setIdleLimit, watchIdle } from './idle.js';
import { showError } from './status.js';

/**
 * The lock of the page. hooks: { api, clearPage(), openData(resume), place(forLock) → {view, params} }.
 */
export function createLock({ api, clearPage, openData, place }) {
  const gateEl = byId('gate');
  const lockButton = byId('nav-lock');
  let security = null; // the last SecurityStatus
  let gated = false; // the first-run or unlock screen is up
  let locking = null; // the lock under way

  /** The shell said how the data is protected: the Lock button and the idle time follow it. */
  function apply(status) {
    security = status;
    const encrypted = Boolean(status && status.encrypted);
    lockButton.hidden = !encrypted;
    setIdleLimit(encrypted ? status.lock_after_minutes : null);
  }

  function enterGated() {
    gated = true;
    pauseIdle();
    clearPage();
    document.body.classList.add('gated');
  }

  /** Show the first-run or unlock screen for `status`; once the data is open, back to `resume`. */
  function openGate(status, resume) {
    enterGated();
    byId('conference-title').textContent = status.state === 'locked' ? 'Locked' : 'Welcome';
    showGate(gateEl, status, api, async (opened) => {
      apply(opened);
      closeGate();
      // With nowhere to return to (the start), the data's first view, with the focus in it.
      await openData(resume || { view: null, params: {} });
    });
  }

  /**
   * The data file is being updated for this version (at start): the wait screen, nothing else.
   * Returns `step(name)` for the step under way.
   */
  function openUpdating() {
    enterGated();
    byId('conference-title').textContent = 'Updating';
    return showUpdating(gateEl);
  }

  /** The data is open: the views come back (the caller shows one). */
  function closeGate() {
    gated = false;
    document.body.classList.remove('gated');
    gateEl.replaceChildren();
    resumeIdle();
  }

  /** Save, close the data, empty the page, show the unlock screen. */
  async function lockNow() {
    if (gated) return undefined;
    if (locking) return locking;
    if (!security || !security.encrypted) {
      showError({
        code: 'not_encrypted',
        message: 'There is no passphrase on this laptop, so there is nothing to lock. Set one in Settings.',
      });
      return undefined;
    }
    locking = (async () => {
      pauseIdle();
      await flushAll();
      if (gated) return; // a command answered `locked` meanwhile: the unlock screen is up
      const resume = place(true);
      enterGated();
      let status = null;
      try {
        status = await api.lock();
      } catch {
        // The banner says why: the data is still open, so the view comes back.
      }
      if (!status || status.state !== 'locked') {
        if (status) apply(status);
        closeGate();
        await openData(resume);
        return;
      }
      apply(status);
      openGate(status, resume);
    })();
    try {
      return await locking;
    } finally {
      locking = null;
    }
  }

  /** A command answered `locked` (the data was closed under the view): the unlock screen comes. */
  function onLockedAnswer() {
    if (gated || locking) return;
    const resume = place(false);
    enterGated();
    api.securityStatus().then((status) => {
      apply(status);
      if (status.state === 'unlocked') {
        closeGate();
        openData(resume);
      } else {
        openGate(status, resume);
      }
    }).catch(() => openGate({ state: 'locked' }, resume));
  }

  return {
    apply,
    openGate,
    openUpdating,
    closeGate,
    lockNow,
    status: () => security,
    gated: () => gated,
    /** The Lock button, the `locked` answers and the idle watch. */
    wire() {
      lockButton.addEventListener('click', () => lockNow());
      api.onLocked(onLockedAnswer);
      watchIdle(() => lockNow());
    },
  };
}
