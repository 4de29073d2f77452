// The passphrase fields every screen that sets one uses (first run, Settings): the passphrase typed
// twice, with a strength hint computed here, in the page, from the length and the kinds of characters
// (no dependency, nothing sent anywhere). The hint says "weak / fair / strong" in plain words and what
// would make it stronger; the engine only refuses what is shorter than MIN_LENGTH.

import { h } from './dom.js';

/** The engine refuses a shorter passphrase. */
export const MIN_LENGTH = 8;

// Passphrases people pick first; any of them, or one of them with a few digits, is weak.
const COMMON = ['password', 'passwort', 'motdepasse', 'qwerty', 'azerty', 'letmein', 'welcome', 'iloveyou',
  'admin', 'delegation', 'conference', 'osce', 'secret', 'abc123', 'dragon', 'monkey', 'sunshine'];

/**
 * How strong `text` is: { level: 'empty'|'short'|'weak'|'fair'|'strong', label, advice }.
 * Length counts most; several kinds of characters (lower, upper, digits, others) and several words
 * add to it; one repeated character, a run like 12345678 or a common password make it weak.
 */
export function strength(text) {
  const chars = [...text];
  const length = chars.length;
  if (!length) return { level: 'empty', label: '', advice: `At least ${MIN_LENGTH} characters; a few unrelated words make a strong passphrase.` };
  if (length < MIN_LENGTH) {
    return { level: 'short', label: 'Too short', advice: `${MIN_LENGTH - length} more character${MIN_LENGTH - length === 1 ? '' : 's'} at least.` };
  }
  const kinds = [/\p{Ll}/u, /\p{Lu}/u, /\p{N}/u, /[^\p{L}\p{N}]/u].filter((re) => re.test(text)).length;
  const words = text.split(/[\s\-_.,;:+]+/).filter((w) => w.length >= 3).length;
  const distinct = new Set(chars.map((c) => c.toLowerCase())).size;
  const folded = text.toLowerCase().replace(/[^\p{L}]/gu, '');
  const predictable = distinct <= 3 || isRun(text) || COMMON.some((w) => folded === w || folded === `${w}${w}`);
  if (predictable) {
    return { level: 'weak', label: 'Weak', advice: 'Easy to guess: avoid repeated characters, runs like 12345678 and common passwords.' };
  }
  let score = length >= 20 ? 3 : length >= 14 ? 2 : length >= 10 ? 1 : 0;
  if (kinds >= 3) score += 1;
  if (words >= 4) score += 1;
  if (score >= 3) return { level: 'strong', label: 'Strong', advice: 'Good. Keep it somewhere safe: without it the data cannot be read.' };
  if (score === 2) return { level: 'fair', label: 'Fair', advice: 'Longer is stronger: add a word or two.' };
  return { level: 'weak', label: 'Weak', advice: 'Longer is stronger: a few unrelated words, or mix letters, digits and signs.' };
}

/** True for an ascending or descending run of one step ("12345678", "abcdefgh", "87654321"). */
function isRun(text) {
  const codes = [...text.toLowerCase()].map((c) => c.codePointAt(0));
  if (codes.length < 2) return false;
  const step = codes[1] - codes[0];
  return Math.abs(step) === 1 && codes.every((c, i) => i === 0 || c - codes[i - 1] === step);
}

/**
 * The passphrase typed twice with its strength hint. `prefix` names the inputs (`<prefix>-passphrase`,
 * `<prefix>-repeat`, `<prefix>-strength`). Returns { element, first, value(), check() }:
 * check() returns the passphrase, or shows why not by the field (and focuses it) and returns null.
 */
export function newPassphraseFields(prefix, { label = 'Passphrase' } = {}) {
  const first = passwordInput(`${prefix}-passphrase`, 'new-password', `${prefix}-strength`);
  const repeat = passwordInput(`${prefix}-repeat`, 'new-password', `${prefix}-repeat-error`);
  const meter = h('span', { class: 'strength-meter', 'aria-hidden': 'true' }, h('span', { class: 'strength-bar' }));
  const strengthLabel = h('strong', { class: 'strength-label' });
  const advice = h('span', { class: 'strength-advice' });
  const hint = h('p', { class: 'strength', id: `${prefix}-strength`, 'aria-live': 'polite', 'data-level': 'empty' },
    meter, strengthLabel, ' ', advice);
  const repeatError = h('p', { class: 'field-error', id: `${prefix}-repeat-error`, role: 'alert' });
  repeatError.hidden = true;

  const showStrength = () => {
    const s = strength(first.value);
    hint.dataset.level = s.level;
    strengthLabel.textContent = s.label ? `${s.label}.` : '';
    advice.textContent = s.advice;
  };
  first.addEventListener('input', () => {
    showStrength();
    clearRepeatError();
  });
  repeat.addEventListener('input', clearRepeatError);
  function clearRepeatError() {
    repeatError.hidden = true;
    repeatError.textContent = '';
    repeat.removeAttribute('aria-invalid');
  }
  showStrength();

  const element = h('div', { class: 'passphrase-fields' },
    h('div', { class: 'field' }, h('label', { for: first.id }, label), first, hint),
    h('div', { class: 'field' }, h('label', { for: repeat.id }, 'The same again'), repeat, repeatError));

  return {
    element,
    first,
    check() {
      if ([...first.value].length < MIN_LENGTH) {
        showStrength();
        first.setAttribute('aria-invalid', 'true');
        first.focus();
        return null;
      }
      first.removeAttribute('aria-invalid');
      if (repeat.value !== first.value) {
        repeatError.textContent = 'The two passphrases are not the same: type it again.';
        repeatError.hidden = false;
        repeat.setAttribute('aria-invalid', 'true');
        repeat.select();
        repeat.focus();
        return null;
      }
      return first.value;
    },
    /** Empty both fields (after a success, so no passphrase stays in the page). */
    reset() {
      first.value = '';
      repeat.value = '';
      showStrength();
      clearRepeatError();
    },
  };
}

/** A password input (never autocorrected or spell-checked: the browser keeps no copy of it). */
export function passwordInput(id, autocomplete, describedBy) {
  return h('input', {
    id,
    type: 'password',
    class: 'text-input passphrase-input',
    autocomplete,
    autocapitalize: 'off',
    spellcheck: 'false',
    'aria-describedby': describedBy || null,
  });
}

/** The "Remember on this laptop" checkbox with what it means. */
export function rememberBox(id) {
  const box = h('input', { type: 'checkbox', id });
  const element = h('div', { class: 'field remember-field' },
    h('label', { class: 'checkbox', for: id }, box, ' Remember on this laptop'),
    h('p', { class: 'field-hint' },
      'Kept in the system’s keyring (unlocked with your login): the app then opens without asking on this ',
      'laptop. Leave it off if others can log in as you.'));
  return { element, box };
}

/**
 * Ask for a passphrase in a modal dialog (e.g. the one a backup was made with); resolves with it, or
 * null when cancelled (Esc or Cancel). `problem` is said above the field (why it is asked again).
 */
export function askPassphrase({ title, text, problem = '' }) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const field = passwordInput('ask-passphrase', 'off', 'ask-passphrase-problem');
    const said = h('p', { class: 'field-error', id: 'ask-passphrase-problem', role: 'alert' }, problem);
    said.hidden = !problem;
    const yes = h('button', { type: 'submit', class: 'button primary', id: 'ask-passphrase-ok' }, 'Open it');
    const no = h('button', { type: 'button', class: 'button', id: 'ask-passphrase-cancel' }, 'Cancel');
    const form = h('form', { method: 'dialog', novalidate: true },
      h('h2', { id: 'ask-passphrase-title' }, title),
      h('p', { class: 'confirm-message' }, text),
      h('div', { class: 'field' }, h('label', { for: field.id }, 'Passphrase'), field, said),
      h('div', { class: 'form-actions dialog-buttons' }, h('span', { class: 'spacer' }), no, yes));
    const dialog = h('dialog', { class: 'form-dialog confirm-dialog', 'aria-labelledby': 'ask-passphrase-title' }, form);
    let settled = false;
    const close = (answer) => {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      if (before && before.isConnected) before.focus();
      resolve(answer);
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!field.value) {
        said.textContent = 'Type the passphrase.';
        said.hidden = false;
        field.focus();
        return;
      }
      close(field.value);
    });
    no.addEventListener('click', () => close(null));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(null);
    });
    dialog.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close(null);
      }
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    field.focus();
  });
}

/**
 * Run `work(passphrase)` on a copy of the data (a backup, a saved copy): first with none (the data
 * file's own passphrase is used), then, while the copy answers that it needs another one
 * (`passphrase_needed`) or that the one given does not open it (`wrong_passphrase`), with the one the
 * person types. Resolves with { value, passphrase } or null when they cancel.
 */
export async function withPassphraseOf(what, work) {
  let passphrase = null;
  let problem = '';
  for (;;) {
    try {
      return { value: await work(passphrase), passphrase };
    } catch (err) {
      if (!err || (err.code !== 'passphrase_needed' && err.code !== 'wrong_passphrase')) throw err;
      if (err.code === 'wrong_passphrase' && passphrase !== null) problem = 'That passphrase does not open it. Try again.';
      passphrase = await askPassphrase({
        title: 'This copy has another passphrase',
        text: `${what} was encrypted with another passphrase than your data. Type the passphrase it was made with.`,
        problem,
      });
      if (passphrase === null) return null;
    }
  }
}
