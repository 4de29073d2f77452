// The Plan's conflicts: a panel that lists every conflict the engine finds as a sentence (clicking one
// focuses its cell, showing every row again if a filter hides it), and the marks on the grid: a
// conflicting cell or row carries its sentences (title + aria-describedby). Only marks that change are
// touched, so a refresh after each change stays cheap.

import { clear, h } from '../../dom.js';

export class ConflictPanel {
  constructor(grid) {
    this.grid = grid;
    this.list = null; // the conflicts last shown
    this.marked = new Map(); // "sessionId|memberId" → describedby ids, for cells marked as conflicting
    this.markedRows = new Set(); // sessionIds of rows marked
    this.count = h('span', { class: 'conflict-count' });
    this.items = h('ol', { class: 'conflict-list', id: 'plan-conflict-list' });
    this.details = h('details', { class: 'plan-conflicts', id: 'plan-conflicts', open: '' },
      h('summary', null, 'Conflicts ', this.count),
      this.items);
    this.items.addEventListener('click', (e) => this.onClick(e));
  }

  /** How many conflicts are shown (0 before the first answer). */
  get size() {
    return this.list ? this.list.length : 0;
  }

  /** Show the conflicts: the panel's sentences, and the marks on cells and rows (only what changed). */
  apply(list) {
    const { cellByKey, rowById } = this.grid;
    this.list = list;
    this.count.textContent = `(${list.length})`;
    this.details.classList.toggle('none', list.length === 0);
    clear(this.items, list.length === 0
      ? h('li', { class: 'muted' }, 'No conflicts: nobody is double-booked, every must session is covered.')
      : list.map((c, i) => h('li', null, h('button', {
        type: 'button',
        class: `conflict-item kind-${c.kind}`,
        id: `plan-conflict-${i}`,
        'data-index': i,
        'data-kind': c.kind,
      }, c.message))));

    const cells = new Map(); // key → [index]
    const rows = new Map(); // sessionId → [index]
    list.forEach((c, i) => {
      if (c.cells.length > 0) {
        for (const cell of c.cells) {
          const key = `${cell.session_id}|${cell.member_id}`;
          if (!cells.has(key)) cells.set(key, []);
          cells.get(key).push(i);
        }
      } else {
        for (const id of c.session_ids) {
          const key = String(id);
          if (!rows.has(key)) rows.set(key, []);
          rows.get(key).push(i);
        }
      }
    });
    for (const [key, btn] of [...this.marked.keys()].map((k) => [k, cellByKey.get(k)])) {
      if (!cells.has(key) && btn) {
        btn.classList.remove('has-conflict');
        btn.removeAttribute('title');
        btn.removeAttribute('aria-describedby');
      }
      if (!cells.has(key)) this.marked.delete(key);
    }
    for (const [key, indices] of cells) {
      const btn = cellByKey.get(key);
      if (!btn) continue;
      const ids = indices.map((i) => `plan-conflict-${i}`).join(' ');
      const title = indices.map((i) => list[i].message).join('\n');
      btn.classList.add('has-conflict');
      if (btn.getAttribute('aria-describedby') !== ids) btn.setAttribute('aria-describedby', ids);
      if (btn.title !== title) btn.title = title;
      this.marked.set(key, ids);
    }
    for (const id of [...this.markedRows]) {
      if (rows.has(id)) continue;
      const tr = rowById.get(id);
      if (tr) {
        const th = tr.querySelector('.session-cell');
        th.classList.remove('row-conflict');
        th.removeAttribute('aria-describedby');
        th.querySelector('.coverage').removeAttribute('title');
      }
      this.markedRows.delete(id);
    }
    for (const [id, indices] of rows) {
      const tr = rowById.get(id);
      if (!tr) continue;
      const th = tr.querySelector('.session-cell');
      th.classList.add('row-conflict');
      th.setAttribute('aria-describedby', indices.map((i) => `plan-conflict-${i}`).join(' '));
      th.querySelector('.coverage').title = indices.map((i) => list[i].message).join('\n');
      this.markedRows.add(id);
    }
    if (this.grid.coverage) this.grid.applyCoverage(this.grid.coverage);
  }

  /** A conflict clicked: focus its first cell (or its session's first cell). */
  onClick(e) {
    const { grid } = this;
    const item = e.target.closest('.conflict-item');
    if (!item || !this.list) return;
    const c = this.list[Number(item.dataset.index)];
    if (!c) return;
    const cell = c.cells[0];
    let btn = cell ? grid.cellByKey.get(`${cell.session_id}|${cell.member_id}`) : null;
    if (!btn && c.session_ids.length) {
      const row = grid.rowIndexOf.get(String(c.session_ids[0]));
      btn = row !== undefined ? grid.cell(row, 0) : null;
    }
    if (!btn) return;
    if (grid.keys.isHiddenRow(Number(btn.dataset.row))) grid.filters.reset();
    grid.keys.makeCurrent(btn);
    grid.window.reveal(btn.dataset.sessionId, Number(btn.dataset.col));
    btn.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    btn.focus({ preventScroll: true });
  }
}
