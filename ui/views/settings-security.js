// Settings: the passphrase and the lock. Encrypted data: change the passphrase (the old one, the new one
// twice), remove it (back to a plain file, after a warning), forget the one remembered on this laptop.
// Data kept plain by choice: set a passphrase. Both: lock after N minutes without activity. A refusal
// (a wrong old passphrase, a new one too short) is said under its field, which gets the focus; the
// inputs are emptied once a change has worked.

import { confirmDialog } from '../confirm.js';
import { clear, h } from '../dom.js';
import { newPassphraseFields, passwordInput, rememberBox } from '../passphrase.js';

/** The idle-lock choices, in minutes ('' = never). */
const LOCK_CHOICES = [['5', '5 minutes'], ['15', '15 minutes'], ['30', '30 minutes'], ['60', '1 hour'], ['', 'Never']];

function refusal(err) {
  if (err && err.code === 'wrong_passphrase') return 'That is not the current passphrase. Nothing was changed.';
  return err && err.message ? err.message : String(err);
}

function errorLine(id) {
  const p = h('p', { class: 'field-error', id, role: 'alert' });
  p.hidden = true;
  return {
    element: p,
    show(text) {
      p.textContent = text;
      p.hidden = false;
    },
    clear() {
      p.textContent = '';
      p.hidden = true;
    },
  };
}

/** The section, for the status `status` and the settings `settings` (updated in place when saved). */
export function securitySection(ctx, status, settings) {
  const section = h('section', { class: 'settings-section', id: 'settings-security', 'aria-labelledby': 'settings-security-title' });
  const note = h('p', { class: 'muted small', role: 'status', id: 'security-note' });

  /** Show `next` (after a change) and tell the app. */
  const update = (next, message) => {
    ctx.security.changed(next);
    fill(next);
    note.textContent = message;
  };

  function fill(current) {
    const encrypted = Boolean(current.encrypted);
    clear(section,
      h('h3', { id: 'settings-security-title' }, 'Passphrase and lock'),
      h('p', { class: 'security-state', id: 'security-state', 'data-encrypted': String(encrypted) },
        encrypted
          ? 'Your data is encrypted on this laptop with your passphrase.'
          : 'Your data is not encrypted: anyone with this laptop can read it.'),
      encrypted && current.keyring
        ? h('p', { class: 'muted small' }, 'The passphrase is remembered in this laptop’s keyring: the app opens without asking while you are logged in.')
        : null,
      note,
      encrypted ? changeForm() : setForm(),
      encrypted ? removeForm() : null,
      encrypted && current.keyring ? forgetButton() : null,
      lockAfter(encrypted));
  }

  function changeForm() {
    const old = passwordInput('change-old', 'current-password', 'change-old-error');
    const oldError = errorLine('change-old-error');
    const fields = newPassphraseFields('change', { label: 'New passphrase' });
    const error = errorLine('change-error');
    const submit = h('button', { type: 'submit', class: 'button', id: 'change-submit' }, 'Change the passphrase');
    const form = h('form', { class: 'security-form', id: 'change-passphrase-form', novalidate: true },
      h('h4', null, 'Change the passphrase'),
      h('div', { class: 'field' }, h('label', { for: old.id }, 'Current passphrase'), old, oldError.element),
      fields.element, error.element,
      h('div', { class: 'form-actions' }, submit));
    old.addEventListener('input', () => oldError.clear());
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      oldError.clear();
      error.clear();
      const next = fields.check();
      if (next === null) return;
      submit.disabled = true;
      try {
        const status = await ctx.saving(() => ctx.api.changePassphrase(old.value, next), { fieldErrors: true });
        old.value = '';
        fields.reset();
        update(status, 'The passphrase was changed. Use the new one from now on.');
      } catch (err) {
        if (err && err.code === 'wrong_passphrase') {
          oldError.show(refusal(err));
          old.focus();
          old.select();
        } else {
          error.show(refusal(err));
          fields.first.focus();
        }
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  function removeForm() {
    const old = passwordInput('remove-old', 'current-password', 'remove-error');
    const error = errorLine('remove-error');
    const submit = h('button', { type: 'submit', class: 'button danger-text', id: 'remove-submit' }, 'Remove the passphrase…');
    const form = h('form', { class: 'security-form', id: 'remove-passphrase-form', novalidate: true },
      h('h4', null, 'Remove the passphrase'),
      h('p', { class: 'warning-text' },
        'The data file becomes a plain file again: anyone with this laptop can then read the notes, the briefs and the agendas.'),
      h('div', { class: 'field' }, h('label', { for: old.id }, 'Current passphrase'), old, error.element),
      h('div', { class: 'form-actions' }, submit));
    old.addEventListener('input', () => error.clear());
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      error.clear();
      if (!old.value) {
        error.show('Type the current passphrase first.');
        old.focus();
        return;
      }
      const sure = await confirmDialog({
        title: 'Remove the passphrase?',
        text: ['Your data will no longer be encrypted on this laptop: anyone who has it, or a copy of its disk, can read it.',
          'You can set a passphrase again later.'],
        confirmLabel: 'Remove the passphrase',
        danger: true,
      });
      if (!sure) return;
      submit.disabled = true;
      try {
        const status = await ctx.saving(() => ctx.api.removePassphrase(old.value), { fieldErrors: true });
        old.value = '';
        update(status, 'The passphrase was removed: the data file is no longer encrypted.');
      } catch (err) {
        error.show(refusal(err));
        if (old.isConnected) {
          old.focus();
          old.select();
        }
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  function setForm() {
    const fields = newPassphraseFields('set', { label: 'New passphrase' });
    const remember = rememberBox('set-remember');
    const error = errorLine('set-error');
    const submit = h('button', { type: 'submit', class: 'button primary', id: 'set-submit' }, 'Encrypt with this passphrase');
    const form = h('form', { class: 'security-form', id: 'set-passphrase-form', novalidate: true },
      h('h4', null, 'Set a passphrase'),
      h('p', { class: 'muted small' }, 'The data file is encrypted in place; if the passphrase is forgotten, nobody can open it.'),
      fields.element, remember.element, error.element,
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      error.clear();
      const next = fields.check();
      if (next === null) return;
      submit.disabled = true;
      try {
        const status = await ctx.saving(() => ctx.api.setPassphrase(next, remember.box.checked), { fieldErrors: true });
        fields.reset();
        update(status, 'Your data is now encrypted. Ctrl+L locks it.');
      } catch (err) {
        error.show(refusal(err));
        fields.first.focus();
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  function forgetButton() {
    const button = h('button', { type: 'button', class: 'button', id: 'forget-passphrase' }, 'Forget the remembered passphrase');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const status = await ctx.saving(() => ctx.api.forgetPassphrase());
        update(status, 'The passphrase is no longer remembered: it is asked at every start.');
      } finally {
        button.disabled = false;
      }
    });
    return h('div', { class: 'button-row' }, button);
  }

  function lockAfter(encrypted) {
    const select = h('select', { id: 'lock-after', class: 'select' },
      LOCK_CHOICES.map(([value, label]) => h('option', { value }, label)));
    const minutes = settings.lock_after_minutes;
    select.value = minutes ? String(minutes) : '';
    if (select.selectedIndex < 0) {
      // A value set by hand in the settings file: shown as it is.
      select.append(h('option', { value: String(minutes) }, `${minutes} minutes`));
      select.value = String(minutes);
    }
    select.disabled = !encrypted;
    select.addEventListener('change', async () => {
      const value = select.value ? Number(select.value) : null;
      try {
        const saved = await ctx.saving(() => ctx.api.saveSettings({ ...settings, lock_after_minutes: value }));
        Object.assign(settings, saved);
        ctx.security.changed(await ctx.api.securityStatus());
        note.textContent = value ? `The app locks after ${select.selectedOptions[0].textContent} without activity.` : 'The app no longer locks by itself.';
      } catch (err) {
        note.textContent = refusal(err);
      }
    });
    return h('div', { class: 'settings-field' },
      h('label', { for: 'lock-after' }, 'Lock after'),
      select,
      h('p', { class: 'muted small' }, encrypted
        ? 'Without key or mouse activity for this long, the app saves what you typed and locks. Ctrl+L locks at once.'
        : 'Locking needs a passphrase.'));
  }

  fill(status);
  return section;
}
