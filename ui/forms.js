// Form dialogs for editing by hand. A form dialog is a modal <dialog> built from a
// list of field descriptions; Esc or "Cancel" closes it without saving; a refusal from the engine
// ("end: 09:00 is not after ...") is shown under the field it names, which gets the focus.

import { h } from './dom.js';

let dialogCount = 0;

/**
 * Open a modal form.
 * spec: { id, title, intro?, fields: [Field], submitLabel, onSubmit(values) → Promise }
 * Field: { name, label, type: 'text'|'password'|'textarea'|'select'|'number'|'checkboxes', value, options: [{value,label}],
 *          placeholder, hint, required, wide, errorKeys: [core field names shown under this field],
 *          browse: async () => path or null (a "Choose…" button beside the field fills it) }
 * Resolves with onSubmit's result, or null when cancelled.
 */
export function openFormDialog(spec) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const n = ++dialogCount;
    const inputs = new Map();
    const errors = new Map();
    const message = h('p', { class: 'form-message', role: 'alert' });

    const fieldEls = spec.fields.map((f) => {
      const inputId = `${spec.idPrefix || 'f'}-${f.name}`;
      const errorId = `${inputId}-error`;
      const error = h('p', { class: 'field-error', id: errorId, 'data-field': f.name });
      error.hidden = true;
      let control;
      if (f.type === 'select') {
        control = h('select', { id: inputId, name: f.name, class: 'select', 'aria-describedby': errorId },
          f.options.map((o) => h('option', { value: o.value, selected: String(o.value) === String(f.value ?? '') }, o.label)));
      } else if (f.type === 'textarea') {
        control = h('textarea', { id: inputId, name: f.name, class: 'note-input form-textarea', rows: f.rows || 3,
          placeholder: f.placeholder, 'aria-describedby': errorId });
        control.value = f.value ?? '';
      } else if (f.type === 'checkboxes') {
        const chosen = new Set(f.value || []);
        control = h('div', { id: inputId, class: 'checkbox-grid', role: 'group', 'aria-describedby': errorId },
          f.options.map((o) => h('label', { class: 'checkbox' },
            h('input', { type: 'checkbox', value: o.value, checked: chosen.has(o.value) }), ' ', o.label)));
      } else {
        control = h('input', {
          id: inputId,
          name: f.name,
          type: f.type === 'number' || f.type === 'password' ? f.type : 'text',
          class: 'text-input',
          placeholder: f.placeholder,
          inputmode: f.inputmode,
          min: f.min,
          autocomplete: 'off',
          'aria-describedby': errorId,
          'aria-required': f.required ? 'true' : null,
        });
        control.value = f.value ?? '';
      }
      inputs.set(f.name, control);
      for (const key of [f.name, ...(f.errorKeys || [])]) errors.set(key, { error, control });
      const label = f.type === 'checkboxes'
        ? h('span', { class: 'field-label', id: `${inputId}-label` }, f.label)
        : h('label', { for: inputId }, f.label, f.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null);
      if (f.type === 'checkboxes') control.setAttribute('aria-labelledby', `${inputId}-label`);
      return h('div', { class: ['field', f.wide ? 'wide' : null] },
        label,
        f.browse ? withChooser(control, f.browse) : control,
        f.hint ? h('p', { class: 'field-hint' }, f.hint) : null,
        error);
    });

    const submit = h('button', { type: 'submit', class: 'button primary' }, spec.submitLabel || 'Save');
    const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
    const titleId = `form-dialog-title-${n}`;
    const form = h('form', { id: spec.id, class: 'edit-form', novalidate: true },
      h('h2', { id: titleId }, spec.title),
      spec.intro ? h('p', { class: 'muted' }, spec.intro) : null,
      h('div', { class: 'form-grid' }, fieldEls),
      h('div', { class: 'form-actions dialog-buttons' }, message, h('span', { class: 'spacer' }), cancel, submit));
    const dialog = h('dialog', { class: 'form-dialog', 'aria-labelledby': titleId }, form);

    let settled = false;
    function close(result) {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      if (before && before.isConnected) before.focus();
      resolve(result);
    }

    function values() {
      const out = {};
      for (const f of spec.fields) {
        const control = inputs.get(f.name);
        if (f.type === 'checkboxes') {
          out[f.name] = [...control.querySelectorAll('input:checked')].map((c) => c.value);
        } else {
          out[f.name] = control.value;
        }
      }
      return out;
    }

    function clearErrors() {
      for (const { error } of errors.values()) {
        error.hidden = true;
        error.textContent = '';
      }
      for (const control of inputs.values()) control.removeAttribute('aria-invalid');
      message.textContent = '';
    }

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors();
      submit.disabled = true;
      try {
        const result = await spec.onSubmit(values());
        close(result);
      } catch (err) {
        submit.disabled = false;
        const text = err && err.message ? String(err.message) : String(err);
        const m = /^([a-z_]+): (.*)$/s.exec(text);
        const target = m && errors.get(m[1]);
        if (target) {
          target.error.textContent = `${labelOf(spec, m[1])}: ${m[2]}`;
          target.error.hidden = false;
          target.control.setAttribute('aria-invalid', 'true');
          target.control.focus();
        } else {
          message.textContent = text;
        }
      }
    });
    cancel.addEventListener('click', () => close(null));
    // Esc: the dialog's own cancel event; stop it reaching the global handler.
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
    const first = form.querySelector('input, select, textarea');
    if (first) first.focus();
  });
}

/**
 * A path `input` with a "Choose…" button beside it (id: the input's + `-browse`): `choose()` resolves
 * with a path from a native dialog, or null when cancelled; a chosen path replaces what was typed.
 */
export function withChooser(input, choose) {
  const button = h('button', { type: 'button', class: 'button small', id: `${input.id}-browse` }, 'Choose…');
  button.addEventListener('click', async () => {
    const picked = await choose().catch(() => null);
    if (picked) input.value = picked;
  });
  return h('div', { class: 'path-field' }, input, button);
}

function labelOf(spec, key) {
  const f = spec.fields.find((x) => x.name === key || (x.errorKeys || []).includes(key));
  return f ? f.label : key;
}

/** "a; b, c" → ['a', 'b', 'c'] */
export function splitList(text) {
  return String(text || '').split(/[;,]/).map((s) => s.trim()).filter(Boolean);
}

/** One item per line (names may hold commas) → ['Ana Lima', 'Smith, Jo'] */
export function splitLines(text) {
  return String(text || '').split(/\n|;/).map((s) => s.trim()).filter(Boolean);
}
