// Locking after an idle time: a laptop left open in a conference room locks itself. Idle means no key,
// mouse, wheel or touch activity in the window for the minutes chosen in Settings (lock_after_minutes;
// none: never). Activity only records the time; one timer, set for when the limit would be reached,
// checks on waking whether there was activity meanwhile and sets itself again for the rest. A laptop
// that slept past the limit locks as soon as it wakes (the late timer finds the limit passed).

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'];

let limitMs = null;
let last = Date.now();
let timer = null;
let paused = true;
let onIdle = () => {};

/** Watch the window's activity; `callback()` is called once the idle limit is reached. */
export function watchIdle(callback) {
  onIdle = callback;
  for (const type of ACTIVITY) {
    document.addEventListener(type, () => { last = Date.now(); }, { capture: true, passive: true });
  }
}

/** Lock after `minutes` of inactivity from now on (null or 0: never). */
export function setIdleLimit(minutes) {
  limitMs = Number.isFinite(minutes) && minutes > 0 ? minutes * 60000 : null;
  schedule();
}

/** Count from now (the data was just opened). */
export function resumeIdle() {
  paused = false;
  last = Date.now();
  schedule();
}

/** Stop counting (the data is locked or not open). */
export function pauseIdle() {
  paused = true;
  schedule();
}

function schedule() {
  clearTimeout(timer);
  timer = null;
  if (paused || limitMs === null) return;
  // At least a second between checks, whatever the clock did.
  timer = setTimeout(check, Math.max(1000, last + limitMs - Date.now()));
}

function check() {
  timer = null;
  if (paused || limitMs === null) return;
  if (Date.now() - last >= limitMs) {
    paused = true;
    onIdle();
  } else {
    schedule();
  }
}
