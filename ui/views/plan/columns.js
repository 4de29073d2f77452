// The Plan grid's member columns in sight. The window (window.js) keeps only the rows in sight in the
// table; this does the same across: a drawn row holds its session cell, the cells of the members whose
// columns are in the scroll box's sight (and a column or so either side), and two empty cells spanning
// the columns left out, so every row keeps the table's column grid. The member header stays whole: it
// sets the columns' widths (each at least one cell wide) and is where they are measured, so a row's
// cells never change the layout. At 40 members a 1280-pixel window shows about ten columns; the rest of
// each drawn row is not in the page.
//
// A row's cells (the <td> holding each member's button) are built once with the row and kept, drawn or
// not, so their state, marks and listeners stay with them (grid.rowCells).

import { h } from '../../dom.js';

const OVERSCAN_PX = 240; // drawn beyond each side of the box

export class ColumnWindow {
  constructor(grid) {
    this.grid = grid;
    this.from = 0; // first member column drawn
    this.to = grid.members.length; // one past the last
    this.fitted = new WeakMap(); // <tr> → "from:to" it was last fitted to
    this.spacers = new WeakMap(); // <tr> → [left, right] empty cells
  }

  /** Each member column's left edge and width within the table, from the header. */
  edges() {
    const head = this.grid.table.tHead;
    const cells = head ? head.rows[0].cells : [];
    const lefts = [];
    const widths = [];
    let x = cells.length ? cells[0].offsetWidth : 0; // the session column
    for (let i = 1; i < cells.length; i += 1) {
      lefts.push(x);
      widths.push(cells[i].offsetWidth);
      x += cells[i].offsetWidth;
    }
    return { lefts, widths, session: cells.length ? cells[0].offsetWidth : 0 };
  }

  /**
   * Which columns are in sight now (read before the window changes the table, so no extra layout). Until
   * the table is laid out, every column.
   */
  measure() {
    const n = this.grid.members.length;
    const { lefts, widths } = this.edges();
    const box = this.grid.scroller;
    if (lefts.length !== n || !box.clientWidth || widths.every((w) => w === 0)) {
      this.from = 0;
      this.to = n;
      return;
    }
    const left = box.scrollLeft - OVERSCAN_PX;
    const right = box.scrollLeft + box.clientWidth + OVERSCAN_PX;
    let from = 0;
    while (from < n - 1 && lefts[from] + widths[from] <= left) from += 1;
    let to = from;
    while (to < n && lefts[to] < right) to += 1;
    this.from = from;
    this.to = Math.max(to, from + 1);
  }

  /**
   * Make `tr` hold the cells of the columns in sight: `cells` are all its member <td>s, in order. Cells
   * staying in sight are not moved (moving one would take the keyboard focus from its button).
   */
  fit(tr, cells) {
    const key = `${this.from}:${this.to}`;
    if (this.fitted.get(tr) === key) return;
    let pair = this.spacers.get(tr);
    if (!pair) {
      pair = [spacerCell(), spacerCell()];
      this.spacers.set(tr, pair);
    }
    const [left, right] = pair;
    const n = cells.length;
    const parts = [];
    if (this.from > 0) {
      left.colSpan = this.from;
      parts.push(left);
    }
    for (let c = this.from; c < this.to && c < n; c += 1) parts.push(cells[c]);
    if (this.to < n) {
      right.colSpan = n - this.to;
      parts.push(right);
    }
    const keep = new Set(parts);
    const head = tr.cells[0];
    for (const td of [...tr.cells]) if (td !== head && !keep.has(td)) td.remove();
    let at = head;
    for (const td of parts) {
      if (at.nextSibling !== td) at.after(td);
      at = td;
    }
    this.fitted.set(tr, key);
  }

  /** True when member column `col` is drawn. */
  has(col) {
    return col >= this.from && col < this.to;
  }

  /**
   * Scroll the box sideways so member column `col` is in sight, clear of the sticky session column.
   */
  reveal(col) {
    const { lefts, widths, session } = this.edges();
    if (col < 0 || col >= lefts.length) return;
    const box = this.grid.scroller;
    const start = lefts[col] - session; // the column just right of the sticky session column
    const end = lefts[col] + widths[col];
    if (start < box.scrollLeft) box.scrollLeft = Math.max(0, start);
    else if (end > box.scrollLeft + box.clientWidth) box.scrollLeft = end - box.clientWidth;
  }
}

function spacerCell() {
  return h('td', { class: 'plan-spacer-cell plan-column-spacer', 'aria-hidden': 'true' });
}
