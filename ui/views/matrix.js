// The building-block matrix: notes per block and session (or country). A full cell is where the
// delegation has learnt a lot, an empty row where nothing yet; a cell opens the notes behind it.

import { clear, h } from '../dom.js';
import { emptyState, viewHeader } from '../widgets.js';

let by = 'sessions';

export async function render(container, ctx) {
  const matrix = await ctx.api.blockMatrix(by);
  const toggle = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Columns' },
    ['sessions', 'countries'].map((b) => h('button', {
      type: 'button',
      class: 'button small',
      id: `matrix-by-${b}`,
      'aria-pressed': String(b === by),
      onclick: () => { by = b; ctx.navigate('matrix'); },
    }, b === 'sessions' ? 'By session' : 'By country')));
  const body = h('div', { class: 'matrix-wrap' });
  clear(container,
    viewHeader('Matrix', 'Notes per building block. Open a cell to read the notes behind it.', toggle),
    body);
  const columns = matrix.columns.filter((c) => by === 'sessions' || c.total > 0);
  if (columns.length === 0 || matrix.rows.every((r) => r.total === 0)) {
    clear(body, emptyState('No tagged notes yet.',
      by === 'countries'
        ? 'Tag notes with building blocks and countries; they will be counted here.'
        : 'Tag notes with building blocks; they will be counted here per session.'));
    return;
  }
  const counts = new Map(matrix.cells.map((c) => [`${c.block}\u0000${c.column}`, c.count]));
  const max = Math.max(1, ...matrix.cells.map((c) => c.count));
  const heat = (n) => (n === 0 ? 0 : Math.min(4, Math.ceil((n / max) * 4)));
  const table = h('table', { class: 'matrix-table', id: 'matrix-table' },
    h('thead', null, h('tr', null,
      h('th', { class: 'corner', scope: 'col' }, 'Building block'),
      columns.map((c) => h('th', { scope: 'col', class: 'matrix-col', title: [c.detail, c.label].filter(Boolean).join(' · ') },
        h('span', { class: 'matrix-col-label' }, c.detail ? `${c.detail.slice(5)} ${c.label}` : c.label))),
      h('th', { scope: 'col', class: 'num' }, 'Total'))),
    h('tbody', null, matrix.rows.map((r) => h('tr', { class: [r.parent_code ? 'sub-row' : null, r.total === 0 ? 'empty-row' : null] },
      h('th', { scope: 'row', class: 'matrix-row-label', title: r.archived ? 'archived' : null }, r.parent_code ? `› ${r.name}` : r.name),
      columns.map((c) => {
        const n = counts.get(`${r.code}\u0000${c.key}`) || 0;
        if (n === 0) return h('td', { class: 'matrix-cell-empty' }, h('span', { class: 'sr-only' }, '0'));
        return h('td', null, h('button', {
          type: 'button',
          class: `matrix-cell heat-${heat(n)}`,
          'data-block': r.code,
          'data-column': c.key,
          title: `${n} note${n === 1 ? '' : 's'}: ${r.name} × ${c.label}`,
          onclick: () => ctx.navigate('search', by === 'sessions'
            ? { block: r.code, session_id: c.session_id ?? 'none' }
            : { block: r.code, country: c.key }),
        }, String(n)));
      }),
      h('td', { class: 'num' }, String(r.total))))));
  clear(body, table);
}
