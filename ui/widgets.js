// Small shared pieces of UI: badges, block tags, view headings and empty states.

import { h } from './dom.js';
import { KIND_LABELS, PRIORITY_LABELS, STATUS_LABELS } from './format.js';

/** Priority badge; colour comes from .priority-<code> in styles.css. */
export function priorityBadge(priority) {
  return h('span', {
    class: `badge priority priority-${priority}`,
    title: `Priority: ${PRIORITY_LABELS[priority] || priority}`,
  }, PRIORITY_LABELS[priority] || priority);
}

/** Session kind badge (Panel, Side event, …). */
export function kindBadge(kind) {
  return h('span', { class: `badge kind kind-${kind}` }, KIND_LABELS[kind] || kind);
}

/** "Cancelled" badge for a cancelled session; nothing for a scheduled one. */
export function statusBadge(status) {
  if (status !== 'cancelled') return null;
  return h('span', { class: 'badge status-cancelled' }, STATUS_LABELS[status]);
}

/** Building block tags for a list of codes; names come from ctx.blockByCode. */
export function blockTags(codes, blockByCode) {
  if (!codes || codes.length === 0) return null;
  return h('span', { class: 'block-tags' },
    codes.map((code) => {
      const block = blockByCode.get(code);
      return h('span', {
        class: 'block-tag',
        'data-code': code,
        title: block ? block.description : null,
      }, block ? block.name : code);
    }));
}

/** The heading line of a view: title, optional summary and optional actions on the right. */
export function viewHeader(title, summary, ...actions) {
  return h('header', { class: 'view-header' },
    h('div', { class: 'view-heading' },
      h('h2', { tabindex: '-1' }, title),
      summary ? h('p', { class: 'view-summary' }, summary) : null),
    actions.length ? h('div', { class: 'view-actions' }, actions) : null);
}

/** An empty state that says what to do next; `action` is an optional {label, onClick}. */
export function emptyState(title, text, action) {
  return h('div', { class: 'empty-state' },
    h('p', { class: 'empty-title' }, title),
    text ? h('p', { class: 'empty-text' }, text) : null,
    action ? h('button', { type: 'button', class: 'button', onclick: action.onClick }, action.label) : null);
}
