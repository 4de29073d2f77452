// The one confirmation dialog: a modal <dialog> built from text only (never HTML) that asks before
// something that cannot be undone. Esc or "Cancel" answers no; focus goes back where it was.

import { h } from './dom.js';

let count = 0;

/**
 * Ask; resolves true when confirmed.
 * { title, text: a paragraph or [paragraphs], confirmLabel, danger: the confirm button is red }
 */
export function confirmDialog({ title, text, confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const titleId = `confirm-title-${++count}`;
    const paragraphs = (Array.isArray(text) ? text : [text]).filter(Boolean);
    const yes = h('button', { type: 'button', class: ['button', danger ? 'danger' : 'primary'], id: 'confirm-yes' }, confirmLabel || 'OK');
    const no = h('button', { type: 'button', class: 'button', id: 'confirm-no' }, 'Cancel');
    const dialog = h('dialog', { class: 'form-dialog confirm-dialog', role: 'alertdialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      paragraphs.map((t) => h('p', { class: 'confirm-message' }, t)),
      h('div', { class: 'form-actions dialog-buttons' }, h('span', { class: 'spacer' }), no, yes));
    let settled = false;
    function close(answer) {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      if (before && before.isConnected) before.focus();
      resolve(answer);
    }
    yes.addEventListener('click', () => close(true));
    no.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });
    // Esc is answered here and does not reach the global handler (which would dismiss the banner).
    dialog.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close(false);
      }
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    no.focus();
  });
}
