// The building-block matrix: notes per block and session (or country). A full cell is where the
// delegation has learnt a lot, an empty row where nothing yet; a cell opens the notes behind it.
//
// At a few hundred sessions one column per session is unreadable (600 columns to scroll sideways), so
// the session columns can be grouped: by day, by track, or by the building block a session is mainly
// about (its first topic). A group's column counts the notes of all its sessions (a note belongs to one
// session, so none is counted twice); a click on the group's heading or one of its cells shows that
// group's sessions as columns, whose cells open the notes as before. Large programmes start grouped by
// day; small ones show every session.

import { clear, h } from '../dom.js';
import { dayLabel, shortDayLabel } from '../format.js';
import { emptyState, viewHeader } from '../widgets.js';

let by = 'sessions';
// How session columns are grouped ('' until chosen: by day past GROUP_ABOVE sessions) and which group
// is open (its sessions shown as columns).
let grouping = '';
let openGroup = null;
/** More session columns than this start grouped by day. */
const GROUP_ABOVE = 40;
const GROUPINGS = [
  ['session', 'Every session'],
  ['day', 'By day'],
  ['track', 'By track'],
  ['block', 'By building block'],
];

export async function render(container, ctx) {
  const [matrix, sessions] = await Promise.all([
    ctx.api.blockMatrix(by),
    by === 'sessions' ? ctx.api.listSessions() : Promise.resolve([]),
  ]);
  const toggle = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Columns' },
    ['sessions', 'countries'].map((b) => h('button', {
      type: 'button',
      class: 'button small',
      id: `matrix-by-${b}`,
      'aria-pressed': String(b === by),
      onclick: () => { by = b; openGroup = null; ctx.navigate('matrix'); },
    }, b === 'sessions' ? 'By session' : 'By country')));
  const grouped = by === 'sessions' ? currentGrouping(matrix) : 'session';
  const groupSelect = by === 'sessions'
    ? h('label', { class: 'matrix-grouping' }, 'Columns ',
      h('select', {
        id: 'matrix-grouping',
        class: 'select',
        onchange: (e) => { grouping = e.target.value; openGroup = null; ctx.navigate('matrix'); },
      }, GROUPINGS.map(([value, label]) => h('option', { value, selected: value === grouped }, label))))
    : null;
  const body = h('div', { class: 'matrix-wrap' });
  clear(container,
    viewHeader('Matrix', 'Notes per building block. Open a cell to read the notes behind it.', groupSelect, toggle),
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
  const count = (block, key) => counts.get(`${block}\u0000${key}`) || 0;

  if (grouped === 'session') {
    clear(body, table(matrix, columns.map((c) => sessionColumn(c, by)), count, ctx));
    return;
  }
  const groups = groupColumns(columns, grouped, sessions, ctx);
  const open = groups.find((g) => g.key === openGroup);
  if (open) {
    const back = h('button', {
      type: 'button', class: 'button small', id: 'matrix-close-group',
      onclick: () => { openGroup = null; ctx.navigate('matrix'); },
    }, `‹ All ${GROUPINGS.find(([v]) => v === grouped)[1].replace('By ', '')}s`);
    clear(body,
      h('div', { class: 'matrix-group-bar' }, back,
        h('strong', null, ` ${open.label}`), h('span', { class: 'muted' }, ` · ${open.columns.length} sessions`)),
      table(matrix, open.columns.map((c) => sessionColumn(c, by, grouped === 'day')), count, ctx));
    body.querySelector('#matrix-close-group').focus({ preventScroll: true });
    return;
  }
  const openIt = (g) => () => { openGroup = g.key; ctx.navigate('matrix'); };
  clear(body, table(matrix, groups.map((g) => ({
    key: g.key,
    heading: h('button', {
      type: 'button', class: 'link-button matrix-group-open', 'data-group': g.key,
      title: `${g.label}: ${g.columns.length} session${g.columns.length === 1 ? '' : 's'}; show them`,
      onclick: openIt(g),
    }, g.short, h('span', { class: 'matrix-group-size muted' }, ` (${g.columns.length})`)),
    count: (block) => g.columns.reduce((n, c) => n + count(block, c.key), 0),
    title: (r, n) => `${n} note${n === 1 ? '' : 's'}: ${r.name} × ${g.label} (open its ${g.columns.length} sessions)`,
    attrs: { 'data-group': g.key },
    onclick: openIt(g),
  })), count, ctx, 'matrix-grouped'));
}

/** The grouping in force: the chosen one, else by day for a large programme. */
function currentGrouping(matrix) {
  if (grouping) return grouping;
  return matrix.columns.length > GROUP_ABOVE ? 'day' : 'session';
}

/** A column of the table for one session (or country, or corridor notes); `sameDay`: the day is said above. */
function sessionColumn(c, columnsBy, sameDay = false) {
  const when = sameDay ? c.detail.slice(11) : c.detail.slice(5);
  return {
    key: c.key,
    heading: h('span', { class: 'matrix-col-label' }, c.detail ? `${when} ${c.label}` : c.label),
    headingTitle: [c.detail, c.label].filter(Boolean).join(' · '),
    vertical: true,
    count: null,
    title: (r, n) => `${n} note${n === 1 ? '' : 's'}: ${r.name} × ${c.label}`,
    attrs: { 'data-column': c.key },
    search: (r) => (columnsBy === 'sessions'
      ? { block: r.code, session_id: c.session_id ?? 'none' }
      : { block: r.code, country: c.key }),
  };
}

/** The session columns in groups of `grouped` (day, track, block), in the programme's order. */
function groupColumns(columns, grouped, sessions, ctx) {
  const byId = new Map(sessions.map((s) => [String(s.id), s]));
  const groups = new Map();
  for (const c of columns) {
    const s = c.session_id != null ? byId.get(String(c.session_id)) : null;
    let key;
    let label;
    let short;
    if (!s && c.session_id == null) {
      key = 'none'; label = 'Corridor notes'; short = 'Corridor';
    } else if (grouped === 'day') {
      const day = s ? s.day : c.detail.slice(0, 10);
      key = day; label = dayLabel(day); short = shortDayLabel(day);
    } else if (grouped === 'track') {
      const track = s && s.track ? s.track : '';
      key = `track:${track}`; label = track || 'No track'; short = label;
    } else {
      const code = s && s.blocks && s.blocks.length ? s.blocks[0] : '';
      const block = ctx.blockByCode.get(code);
      key = `block:${code}`; label = code ? (block ? block.name : code) : 'No building block'; short = label;
    }
    if (!groups.has(key)) groups.set(key, { key, label, short, columns: [] });
    groups.get(key).columns.push(c);
  }
  return [...groups.values()];
}

/** The table: a row per building block, a column per entry of `columns`, and the row's total. */
function table(matrix, columns, count, ctx, extraClass = null) {
  const valueOf = (r, col) => (col.count ? col.count(r.code) : count(r.code, col.key));
  const values = matrix.rows.map((r) => columns.map((col) => valueOf(r, col)));
  const max = Math.max(1, ...values.flat());
  const heat = (n) => (n === 0 ? 0 : Math.min(4, Math.ceil((n / max) * 4)));
  return h('table', { class: ['matrix-table', extraClass], id: 'matrix-table' },
    h('thead', null, h('tr', null,
      h('th', { class: 'corner', scope: 'col' }, 'Building block'),
      columns.map((col) => h('th', { scope: 'col', class: col.vertical ? 'matrix-col' : 'matrix-group-col', title: col.headingTitle || null },
        col.heading)),
      h('th', { scope: 'col', class: 'num' }, 'Total'))),
    h('tbody', null, matrix.rows.map((r, i) => h('tr', { class: [r.parent_code ? 'sub-row' : null, r.total === 0 ? 'empty-row' : null] },
      h('th', { scope: 'row', class: 'matrix-row-label', title: r.archived ? 'archived' : null }, r.parent_code ? `› ${r.name}` : r.name),
      columns.map((col, j) => {
        const n = values[i][j];
        if (n === 0) return h('td', { class: 'matrix-cell-empty' }, h('span', { class: 'sr-only' }, '0'));
        return h('td', null, h('button', {
          type: 'button',
          class: `matrix-cell heat-${heat(n)}`,
          'data-block': r.code,
          ...col.attrs,
          title: col.title(r, n),
          onclick: col.onclick || (() => ctx.navigate('search', col.search(r))),
        }, String(n)));
      }),
      h('td', { class: 'num' }, String(r.total))))));
}
