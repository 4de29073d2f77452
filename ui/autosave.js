// Autosave, shared by the notes, the session briefs and the daily report. A pure debounce ("save when
// typing pauses") never saves someone who types steadily, so each saver saves at the latest
// MAX_WAIT_MS after the FIRST unsaved change, and sooner when typing pauses for IDLE_MS. What is
// pending is also saved on demand: app.js flushes every saver before a view is left or re-rendered, and
// when the window is asked to close (the shell waits for that flush before it closes).
//
// A change is recorded with the key it belongs to (the day of a report, the session of a brief), taken
// when it is typed: a save never lands under whatever happens to be selected when the timer fires.
// Saves of one saver never overlap (the first save of a note creates it, the next ones update it), and
// a failed save keeps its content pending, so it is retried on the next change or flush and a view can
// show it again instead of the stored text. The status line says what is true: "Not saved yet",
// "Saving…", "Saved" only once every change has been committed, else "Not saved: <reason>".

import { setSaveState } from './status.js';

/** Save at most this long after typing pauses. */
export const IDLE_MS = 700;
/** Save at most this long after the first unsaved change, however steadily the typing goes on. */
export const MAX_WAIT_MS = 2000;

const savers = new Set();

/**
 * A saver. `save(key, data)` writes one key's content and resolves with what the shell answered;
 * `onSaved(key, data, answer)` and `onFailed(key, error)` let the view update itself.
 */
export function autosaver({ save, onSaved = () => {}, onFailed = () => {}, idle = IDLE_MS, maxWait = MAX_WAIT_MS }) {
  const saver = new Saver(save, onSaved, onFailed, idle, maxWait);
  savers.add(saver);
  return saver;
}

/** Save everything pending in every saver; resolves true when all of it is on disk. */
export async function flushAll() {
  const results = await Promise.all([...savers].map((s) => s.flush()));
  return results.every(Boolean);
}

/**
 * Show the save state of all the savers together, so one editor's "Saved" never hides another's
 * unsaved text: a failure still pending wins, then a save under way, then an unsaved change.
 */
export function showSaveState() {
  const all = [...savers];
  const failed = all.find((s) => s.failure && s.pending.size);
  if (failed) setSaveState('error', failed.failure.message);
  else if (all.some((s) => s.running)) setSaveState('saving');
  else if (all.some((s) => s.pending.size)) setSaveState('dirty');
  else setSaveState('saved');
}

class Saver {
  constructor(save, onSaved, onFailed, idle, maxWait) {
    this.save = save;
    this.onSaved = onSaved;
    this.onFailed = onFailed;
    this.idle = idle;
    this.maxWait = maxWait;
    this.pending = new Map(); // key -> newest unsaved content of that key
    this.idleTimer = null;
    this.maxTimer = null;
    this.running = 0;
    this.failure = null; // the last save's error, while its content is still pending
    this.chain = Promise.resolve(true);
  }

  /** Record that `key` now holds `data` (unsaved); it is saved soon, and no later than maxWait. */
  change(key, data) {
    if (this.pending.size && !this.pending.has(key)) this.start(); // another key's text goes now
    this.pending.set(key, data);
    showSaveState();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.start(), this.idle);
    if (this.maxTimer === null) this.maxTimer = setTimeout(() => this.start(), this.maxWait);
  }

  /** Forget the unsaved content of `key` (e.g. a note emptied before it was ever saved). */
  discard(key) {
    this.pending.delete(key);
    if (!this.pending.size) {
      this.stopTimers();
      this.failure = null;
    }
  }

  /** The unsaved content of `key`, or undefined when everything of it is saved. */
  unsaved(key) {
    return this.pending.get(key);
  }

  /** Save what is pending now; resolves true once it, and every save before it, is on disk. */
  flush() {
    return this.start();
  }

  stopTimers() {
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    this.idleTimer = null;
    this.maxTimer = null;
  }

  /** Queue a save of everything pending when it runs (behind any save under way). */
  start() {
    this.stopTimers();
    const run = this.chain.then(() => this.run());
    this.chain = run.catch(() => false);
    return run;
  }

  async run() {
    if (!this.pending.size) return true;
    const batch = [...this.pending];
    this.pending.clear();
    this.running = batch.length;
    showSaveState();
    let failure = null;
    for (const [key, data] of batch) {
      let answer;
      try {
        answer = await this.save(key, data);
      } catch (err) {
        failure = err && err.message ? err : { code: 'internal', message: String(err) };
        // Keep it for a retry, unless something newer was typed for the same key meanwhile.
        if (!this.pending.has(key)) this.pending.set(key, data);
        this.running -= 1;
        quietly(() => this.onFailed(key, failure));
        continue;
      }
      this.running -= 1;
      quietly(() => this.onSaved(key, data, answer));
    }
    this.failure = failure;
    showSaveState();
    return failure === null;
  }
}

/** Run a view's callback; a bug in it must not undo a save that succeeded. */
function quietly(f) {
  try { f(); } catch (e) { console.error(e); }
}
