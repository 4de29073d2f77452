// Keyboard use of the Plan grid. One cell takes Tab (roving tabindex) and comes back when the Plan is
// shown again; arrow keys, Home/End (Ctrl: first/last row) and PageUp/PageDown move over the rows the
// filters leave visible; single keys act on the cell: Delete unassigns, R, Shift+F10 or the menu key
// opens the role menu, L locks. Enter and Space are the cell button's own click.

// The cell that had focus last, so coming back to the Plan lands in the same place.
let lastCell = null; // { sessionId, memberId } as strings

export class CellKeys {
  constructor(grid) {
    this.grid = grid;
    this.current = null; // the cell that takes Tab
  }

  onKeydown(e) {
    const { grid } = this;
    const btn = e.target.closest('.plan-cell');
    if (!btn || e.altKey || e.metaKey) return;
    const row = Number(btn.dataset.row);
    const col = Number(btn.dataset.col);
    const lastCol = grid.members.length - 1;
    let target = null;
    switch (e.key) {
      case 'ArrowRight': target = [row, Math.min(col + 1, lastCol)]; break;
      case 'ArrowLeft': target = [row, Math.max(col - 1, 0)]; break;
      case 'ArrowDown': target = [this.step(row, 1), col]; break;
      case 'ArrowUp': target = [this.step(row, -1), col]; break;
      case 'PageDown': target = [this.step(row, 10), col]; break;
      case 'PageUp': target = [this.step(row, -10), col]; break;
      case 'Home': target = e.ctrlKey ? [this.step(-1, 1), 0] : [row, 0]; break;
      case 'End': target = e.ctrlKey ? [this.step(grid.rowCount, -1), lastCol] : [row, lastCol]; break;
      case 'Delete':
      case 'Backspace':
        e.preventDefault();
        if (btn.getAttribute('aria-pressed') === 'true') grid.change(btn, null);
        return;
      case 'F10':
        if (!e.shiftKey) return;
        e.preventDefault();
        grid.menu.open(btn);
        return;
      case 'ContextMenu':
        e.preventDefault();
        grid.menu.open(btn);
        return;
      case 'r':
      case 'R':
        if (e.ctrlKey) return;
        e.preventDefault();
        grid.menu.open(btn);
        return;
      case 'l':
      case 'L':
        if (e.ctrlKey) return;
        e.preventDefault();
        grid.setLock(btn, !btn.dataset.locked);
        return;
      default:
        return; // Enter/Space: the button's own click
    }
    if (e.ctrlKey && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    this.focusCell(target[0], target[1]);
  }

  /** `btn` becomes the cell that takes Tab. */
  makeCurrent(btn) {
    if (this.current && this.current !== btn) this.current.tabIndex = -1;
    btn.tabIndex = 0;
    this.current = btn;
    lastCell = { sessionId: btn.dataset.sessionId, memberId: btn.dataset.memberId };
  }

  focusCell(row, col) {
    const btn = this.grid.cell(row, col);
    if (!btn) return;
    this.makeCurrent(btn);
    this.grid.window.reveal(btn.dataset.sessionId, col);
    btn.focus({ preventScroll: true });
  }

  /**
   * After the window drew: the cell taking Tab must be in the page, else Tab would skip the grid. One
   * scrolled out of sight (without focus) hands Tab to the same column of the first row drawn, or to
   * the nearest column drawn.
   */
  keepCurrentDrawn() {
    if (!this.current || this.current.isConnected) return;
    const tr = this.grid.window.body.querySelector('tr.plan-row:not(.is-break)');
    if (!tr) return;
    const { columns } = this.grid;
    const col = Math.min(Math.max(Number(this.current.dataset.col), columns.from), columns.to - 1);
    const r = Number(tr.querySelector('.plan-cell').dataset.row);
    const btn = this.grid.cell(r, col) || this.grid.cell(r, 0);
    if (!btn) return;
    this.current.tabIndex = -1;
    btn.tabIndex = 0;
    this.current = btn; // lastCell stays: coming back to the Plan still lands where one worked
  }

  /** Which cell takes Tab: the asked-for session/member, the last one used, or the first shown. */
  placeInitialFocus() {
    const { ctx, members, rowIndexOf } = this.grid;
    const want = {
      sessionId: ctx.params.sessionId != null ? String(ctx.params.sessionId) : lastCell && lastCell.sessionId,
      memberId: ctx.params.memberId != null ? String(ctx.params.memberId) : lastCell && lastCell.memberId,
    };
    let row = want.sessionId != null && rowIndexOf.has(want.sessionId) ? rowIndexOf.get(want.sessionId) : -1;
    let col = members.findIndex((m) => String(m.id) === want.memberId);
    if (row < 0 || this.isHiddenRow(row)) row = this.step(-1, 1);
    if (col < 0) col = 0;
    const btn = this.grid.cell(row, col);
    if (!btn) return; // only breaks: nothing to focus
    this.makeCurrent(btn);
    if (ctx.params.sessionId != null || ctx.params.memberId != null) {
      this.grid.window.reveal(btn.dataset.sessionId, col);
      btn.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      btn.focus({ preventScroll: true });
    } else if (!btn.isConnected) {
      this.grid.window.reveal(btn.dataset.sessionId);
    }
  }

  /** After filtering: a hidden current cell hands Tab to the first row still shown. */
  keepCurrentShown() {
    const { grid } = this;
    if (this.current && this.isHiddenRow(Number(this.current.dataset.row))) {
      const r = this.step(-1, 1);
      const btn = r >= 0 ? grid.cell(r, Number(this.current.dataset.col)) || grid.cell(r, 0) : null;
      if (btn) this.makeCurrent(btn);
    }
  }

  isHiddenRow(r) {
    const id = this.grid.rowSessions[r];
    return id === undefined || this.grid.isHiddenSession(id);
  }

  /** The row `count` visible rows away from `row` (staying put at the ends). */
  step(row, delta) {
    const count = this.grid.rowCount;
    let r = row;
    const dir = Math.sign(delta);
    for (let k = 0; k < Math.abs(delta); k += 1) {
      let t = r + dir;
      while (t >= 0 && t < count && this.isHiddenRow(t)) t += dir;
      if (t < 0 || t >= count) break;
      r = t;
    }
    return r;
  }
}
