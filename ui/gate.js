// The screens in front of the data: the first run (choose a passphrase, or none on this laptop), the
// upgrade of a plain file from before encryption (the same choice; the file is encrypted in place), the
// unlock screen, and the wait while an older version's data file is updated for this one (once, after
// the window is up: nothing to do there but wait). While one of them is shown the views hold nothing
// (app.js empties the page first), and nothing but these screens can reach the data: every other
// command answers `locked` (or `updating`).
//
// Keyboard first: the passphrase field has the focus, Enter submits, a wrong passphrase is said under the
// field and the field keeps the focus with its text selected. A passphrase never leaves its input except
// in the one call that uses it, and the inputs are emptied once it has worked.

import { confirmDialog } from './confirm.js';
import { clear, h } from './dom.js';
import { errorLine, newPassphraseFields, passwordInput, rememberBox } from './passphrase.js';

/**
 * Show the screen for `status` (first_run, upgrade or locked) in `root`; `onOpen(status)` is called
 * once the data is open (unlocked, or plain by choice).
 */
export function showGate(root, status, api, onOpen) {
  if (status.state === 'locked') unlockScreen(root, api, onOpen);
  else setupScreen(root, status, api, onOpen);
}

// The words for the steps of the update (`wait_for_data`'s progress).
const UPDATE_STEPS = {
  checking: 'Checking the data file…',
  keeping_copy: 'Keeping a copy of it…',
  migrating: 'Updating it for this version…',
};

/**
 * Show, in `root`, that the data file is being updated for this version: a heading, one sentence, an
 * indeterminate progress bar with the step under way, nothing to press. A status region, so a screen
 * reader says it. Returns `step(name)`, which says the step that has started.
 */
export function showUpdating(root) {
  const title = h('h2', { id: 'gate-title', tabindex: '-1' }, 'Updating your data for this version');
  const stepLine = h('p', { class: 'muted updating-step', id: 'updating-step' }, 'Starting…');
  clear(root,
    h('section', {
      class: 'gate-card', id: 'gate-updating', role: 'status', 'aria-labelledby': 'gate-title', 'aria-busy': 'true',
    },
    title,
    h('p', { class: 'lead' },
      'Your data file was written by an earlier version of Delegation Desk. It is checked, a copy is kept, '
        + 'and it is updated for this version: once, and nothing is lost. It opens by itself when this is done.'),
    h('progress', { id: 'updating-progress', class: 'updating-progress', 'aria-label': 'Updating the data file' }),
    stepLine));
  title.focus();
  return (step) => {
    if (UPDATE_STEPS[step]) stepLine.textContent = UPDATE_STEPS[step];
  };
}

/** The words for a refusal of a passphrase form. */
function refusal(err) {
  if (err && err.code === 'wrong_passphrase') {
    return 'That passphrase does not open this data file. Nothing was changed: check Caps Lock and the keyboard layout, and try again.';
  }
  return err && err.message ? err.message : String(err);
}

/** Runs `work` with `button` showing `busyLabel`; a second submit meanwhile is ignored. */
async function busy(button, busyLabel, work) {
  if (button.getAttribute('aria-disabled') === 'true') return;
  const label = button.textContent;
  button.setAttribute('aria-disabled', 'true');
  button.textContent = busyLabel;
  try {
    await work();
  } finally {
    button.removeAttribute('aria-disabled');
    button.textContent = label;
  }
}

function unlockScreen(root, api, onOpen) {
  const field = passwordInput('unlock-passphrase', 'current-password', 'unlock-error');
  const remember = rememberBox('unlock-remember');
  const error = errorLine('unlock-error');
  const submit = h('button', { type: 'submit', class: 'button primary large', id: 'unlock-submit' }, 'Unlock');
  const form = h('form', { id: 'unlock-form', class: 'gate-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: field.id }, 'Passphrase'), field, error.element),
    remember.element,
    h('div', { class: 'form-actions' }, submit));

  field.addEventListener('input', () => {
    error.clear();
    field.removeAttribute('aria-invalid');
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!field.value) {
      error.show('Type your passphrase.');
      field.focus();
      return;
    }
    busy(submit, 'Unlocking…', async () => {
      let status;
      try {
        status = await api.unlock(field.value, remember.box.checked);
      } catch (err) {
        error.show(refusal(err));
        field.setAttribute('aria-invalid', 'true');
        field.focus();
        field.select();
        return;
      }
      field.value = '';
      await onOpen(status);
    });
  });

  clear(root,
    h('section', { class: 'gate-card', id: 'gate-unlock', 'aria-labelledby': 'gate-title' },
      h('h2', { id: 'gate-title', tabindex: '-1' }, 'Delegation Desk is locked'),
      h('p', { class: 'lead' }, 'Your data is encrypted on this laptop. Type your passphrase to open it.'),
      form));
  field.focus();
}

function setupScreen(root, status, api, onOpen) {
  const upgrade = status.state === 'upgrade';
  const fields = newPassphraseFields('setup');
  const remember = rememberBox('setup-remember');
  const error = errorLine('setup-error');
  const submit = h('button', { type: 'submit', class: 'button primary large', id: 'setup-create' },
    upgrade ? 'Encrypt my data' : 'Encrypt and continue');
  const form = h('form', { id: 'setup-form', class: 'gate-form', novalidate: true },
    fields.element, remember.element, error.element,
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.clear();
    const passphrase = fields.check();
    if (passphrase === null) return;
    busy(submit, upgrade ? 'Encrypting your data…' : 'Encrypting…', async () => {
      let next;
      try {
        next = await api.createPassphrase(passphrase, remember.box.checked);
      } catch (err) {
        error.show(refusal(err));
        fields.first.focus();
        return;
      }
      fields.reset();
      await onOpen(next);
    });
  });

  const plain = h('button', { type: 'button', class: 'button', id: 'setup-no-passphrase' }, 'No passphrase on this laptop…');
  plain.addEventListener('click', async () => {
    const sure = await confirmDialog({
      title: 'Keep the data unencrypted on this laptop?',
      text: [
        'Without a passphrase, the data file stays readable as it is: anyone who has this laptop, or a copy of '
          + 'its disk, can read the notes, the briefs and the delegation’s agendas.',
        'You can set a passphrase later in Settings.',
      ],
      confirmLabel: 'No passphrase',
      danger: true,
    });
    if (!sure) return;
    await busy(plain, 'One moment…', async () => {
      let next;
      try {
        next = await api.chooseNoPassphrase();
      } catch (err) {
        error.show(refusal(err));
        return;
      }
      fields.reset();
      await onOpen(next);
    });
  });

  clear(root,
    h('section', { class: 'gate-card', id: upgrade ? 'gate-upgrade' : 'gate-setup', 'aria-labelledby': 'gate-title' },
      h('h2', { id: 'gate-title', tabindex: '-1' }, upgrade ? 'Encrypt your data' : 'Protect your data with a passphrase'),
      upgrade
        ? [
          h('p', { class: 'lead' },
            'This version of Delegation Desk encrypts the data on this laptop, so a lost or stolen laptop gives nothing away.'),
          h('p', null,
            'Your existing data will be encrypted in place: an encrypted copy is written and checked table by table, ',
            'and only then does it replace the plain file. Nothing is lost.'),
        ]
        : h('p', { class: 'lead' },
          'Delegation Desk keeps negotiating positions, corridor notes and the delegation’s whereabouts. ',
          'With a passphrase they are encrypted on this laptop, so a lost or stolen laptop gives nothing away.'),
      h('p', { class: 'muted' },
        'Choose one you can remember: if it is forgotten, the data cannot be opened by anyone, including you.'),
      form,
      h('div', { class: 'gate-alternative' },
        h('h3', null, 'No passphrase'),
        h('p', { class: 'warning-text', id: 'setup-warning' },
          'Anyone with this laptop can then read the data. Choose this only for a laptop that never leaves a safe place.'),
        plain)));
  fields.first.focus();
}
