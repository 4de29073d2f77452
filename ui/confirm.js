// A modal confirmation built from text only (never HTML): resolves true when confirmed.

import { h } from './dom.js';

export function confirmDialog(title, message, confirmLabel) {
  return new Promise((resolve) => {
    const ok = h('button', { type: 'button', class: 'button primary', id: 'confirm-ok' }, confirmLabel);
    const cancel = h('button', { type: 'button', class: 'button', id: 'confirm-cancel' }, 'Cancel');
    const dialog = h('dialog', { class: 'confirm-dialog', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', { class: 'confirm-message' }, message),
      h('div', { class: 'dialog-actions' }, cancel, ok));
    const finish = (answer) => {
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(answer);
    };
    ok.addEventListener('click', () => finish(true));
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); finish(false); });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
