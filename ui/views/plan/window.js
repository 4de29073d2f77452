// The Plan grid's rows in sight (and, through columns.js, its member columns in sight). At 600 sessions
// × 40 members the whole table was 55,000 elements and took seconds to lay out; now only the rows in the scroll box's sight, and a few either side, are in
// the table, each built the first time it is drawn (grid.trOf) and kept (its cells keep their state,
// marks and listeners). Two spacer rows stand for the rest, so the scroll bar, the sticky member header
// and session column behave as before. Each kind of row (day heading, session, break) has one height,
// measured once.
//
// The grid keeps its model (grid.days: each day's heading row and sessions, hidden by the filters or
// not); this draws from it on scroll, after filtering, and to bring a cell into sight for the keys.

import { h } from '../../dom.js';

const OVERSCAN_PX = 400; // drawn beyond each edge of the box

export class RowWindow {
  constructor(grid) {
    this.grid = grid;
    this.body = h('tbody', { class: 'plan-window' });
    this.top = spacer(grid.members.length + 1);
    this.bottom = spacer(grid.members.length + 1);
    this.heights = null; // { day, session, break } in px, measured at the first draw
    this.items = []; // the rows not filtered out, in order: { kind, day } or { kind, id }
    this.indexOf = new Map(); // sessionId → its index in items
    this.offsets = []; // offsets[i]: the top of items[i] within the body
    this.frame = 0;
    this.drawn = new Set();
  }

  /** The rows to show changed (filters): lay them out again and draw. */
  refresh() {
    const { grid } = this;
    this.items = [];
    this.indexOf = new Map();
    for (const day of grid.days) {
      if (day.hidden) continue;
      this.items.push({ kind: 'day', day });
      for (const id of day.sessions) {
        if (grid.hiddenIds.has(id)) continue;
        this.indexOf.set(id, this.items.length);
        this.items.push({ kind: grid.sessions.get(id).kind === 'break' ? 'break' : 'session', id });
      }
    }
    this.measure();
    this.layout();
    this.draw();
  }

  /** Heights of a day row, a session row and a break row, from one of each drawn once. */
  measure() {
    if (this.heights) return;
    const sample = { day: null, session: null, break: null };
    for (const item of this.items) {
      if (!sample[item.kind]) sample[item.kind] = this.element(item);
    }
    const probes = Object.values(sample).filter(Boolean);
    this.body.replaceChildren(...probes);
    const heights = { day: 33, session: 78, break: 26 };
    let measured = false;
    for (const [kind, tr] of Object.entries(sample)) {
      if (tr && tr.offsetHeight > 0) {
        heights[kind] = tr.offsetHeight;
        measured = true;
      }
    }
    this.body.replaceChildren();
    this.drawn = new Set();
    // Not measured while the table is not laid out yet (not in the page): measure at the next draw.
    if (measured) this.heights = heights;
    this.guess = heights;
  }

  layout() {
    const heights = this.heights || this.guess;
    this.offsets = new Array(this.items.length);
    let y = 0;
    this.items.forEach((item, i) => {
      this.offsets[i] = y;
      y += heights[item.kind];
    });
    this.total = y;
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Put the rows in sight into the table, between the two spacers. */
  draw() {
    if (!this.heights && this.grid.table.isConnected) {
      this.measure();
      this.layout();
    }
    this.grid.columns.measure();
    const box = this.grid.scroller;
    const head = this.grid.table.tHead ? this.grid.table.tHead.offsetHeight : 40;
    const from = Math.max(0, box.scrollTop - head - OVERSCAN_PX);
    const to = box.scrollTop - head + (box.clientHeight || 800) + OVERSCAN_PX;
    const first = Math.max(0, upperBound(this.offsets, from) - 1);
    let last = first;
    while (last < this.items.length && this.offsets[last] < to) last += 1;
    const rows = this.items.slice(first, last).map((item) => this.element(item));
    for (const tr of rows) this.grid.fitColumns(tr);
    this.grid.fitFoot();
    const topHeight = first < this.items.length ? this.offsets[first] : this.total;
    const bottomHeight = last < this.items.length ? this.total - this.offsets[last] : 0;
    this.top.firstChild.style.height = `${topHeight}px`;
    this.bottom.firstChild.style.height = `${bottomHeight}px`;
    this.top.hidden = topHeight === 0;
    this.bottom.hidden = bottomHeight === 0;
    // Only what changed moves: rows staying in sight are not taken out and put back.
    const keep = new Set(rows);
    for (const tr of this.drawn) if (!keep.has(tr)) tr.remove();
    this.body.prepend(this.top);
    let at = this.top;
    for (const tr of rows) {
      if (at.nextSibling !== tr) at.after(tr);
      at = tr;
    }
    at.after(this.bottom);
    this.drawn = keep;
    this.grid.keys.keepCurrentDrawn();
  }

  /** The row of an item: the day's heading, or the session's row (built now if need be). */
  element(item) {
    return item.kind === 'day' ? item.day.header : this.grid.trOf(item.id);
  }

  /**
   * Scroll the row of session `id` into sight (centred when it was out of it), and member column `col`
   * when given, and draw them.
   */
  reveal(id, col = null) {
    const i = this.indexOf.get(String(id));
    if (i === undefined) return;
    const box = this.grid.scroller;
    const head = this.grid.table.tHead ? this.grid.table.tHead.offsetHeight : 40;
    const top = this.offsets[i] + head;
    const height = (this.heights || this.guess)[this.items[i].kind];
    if (top - head < box.scrollTop || top + height > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - (box.clientHeight - height) / 2);
    }
    if (col !== null) this.grid.columns.reveal(col);
    this.draw();
  }
}

function spacer(colspan) {
  const td = h('td', { class: 'plan-spacer-cell', colspan });
  return h('tr', { class: 'plan-spacer', 'aria-hidden': 'true' }, td);
}

/** The index of the first offset greater than `y`. */
function upperBound(offsets, y) {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] <= y) lo = mid + 1; else hi = mid;
  }
  return lo;
}
