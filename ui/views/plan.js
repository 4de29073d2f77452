// Plan: a grid of sessions (rows, grouped by day) × members (columns). Each cell is a toggle
// button: assign as "attend" / unassign. A small role menu (right-click, R, Shift+F10) picks
// lead/attend/speak/notes. Arrow keys move between cells (roving tabindex). Only the changed
// row is redrawn from the Session the shell returns.

import { clear, h } from '../dom.js';
import { coverageLabel, groupByDay, ROLES, shortDayLabel, timeRange } from '../format.js';
import { emptyState, priorityBadge, viewHeader } from '../widgets.js';

// The cell that had focus last, so coming back to the Plan lands in the same place.
let lastCell = null; // { sessionId, memberId } as strings

export async function render(container, ctx) {
  const [sessions, members] = await Promise.all([ctx.api.listSessions(), ctx.api.listMembers()]);

  if (members.length === 0) {
    clear(container,
      viewHeader('Plan'),
      emptyState('Nobody to plan for yet.',
        'This delegation has no members yet. Load the sample conference or add the delegation with the desk tool; each member becomes a column here.',
        { label: 'Go to Delegation', onClick: () => ctx.navigate('delegation') }));
    return;
  }
  if (sessions.length === 0) {
    clear(container,
      viewHeader('Plan'),
      emptyState('There are no sessions to plan.',
        'The programme of this conference is empty. Once it has sessions, they appear here as rows.',
        { label: 'Go to Agenda', onClick: () => ctx.navigate('agenda') }));
    return;
  }

  new PlanGrid(container, ctx, sessions, members).mount();
}

class PlanGrid {
  constructor(container, ctx, sessions, members) {
    this.container = container;
    this.ctx = ctx;
    this.members = members;
    this.groups = groupByDay(sessions, ctx.conference.days);
    // Rows in display order; ids as strings because they come back from data-* attributes.
    this.rows = this.groups.flatMap((g) => g.sessions);
    this.sessions = new Map(this.rows.map((s) => [String(s.id), s]));
    this.memberById = new Map(members.map((m) => [String(m.id), m]));
    this.cells = []; // cells[row][col] → button
    this.menu = null;
  }

  mount() {
    const { ctx } = this;
    this.summary = h('p', { class: 'view-summary' });
    const header = viewHeader('Plan', null);
    header.querySelector('.view-heading').append(this.summary);

    this.table = h('table', { id: 'plan-grid', class: 'plan-grid', 'aria-label': 'Who covers which session' },
      this.head(), this.body(), this.foot());
    this.scroller = h('div', { class: 'plan-scroll' }, this.table);

    clear(this.container,
      header,
      h('p', { class: 'plan-hint muted small' },
        'Click a cell or press Enter/Space to assign (attend) or unassign. ',
        'Right-click, R or Shift+F10 chooses the role. Arrow keys move between cells.'),
      this.scroller);

    this.updateSummary();
    this.updateFoot();
    this.table.addEventListener('click', (e) => this.onClick(e));
    this.table.addEventListener('keydown', (e) => this.onKeydown(e));
    this.table.addEventListener('focusin', (e) => this.onFocusIn(e));
    this.table.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    this.scroller.addEventListener('scroll', () => this.closeMenu(false), { passive: true });

    this.placeInitialFocus();
  }

  // ---- building the table ------------------------------------------------------------

  head() {
    return h('thead', null,
      h('tr', null,
        h('th', { scope: 'col', class: 'corner' }, 'Session'),
        this.members.map((m) => h('th', {
          scope: 'col',
          class: 'member-col',
          'data-member-id': m.id,
          title: [m.title, m.organisation].filter(Boolean).join(', ') || null,
        }, m.name))));
  }

  /** One <tbody> per day, headed by a day row. */
  body() {
    let rowIndex = 0;
    return this.groups.map((group) => {
      const rows = [h('tr', { class: 'day-row' },
        h('th', { scope: 'rowgroup', colspan: this.members.length + 1 },
          h('span', { class: 'day-label' }, shortDayLabel(group.day))))];
      for (const s of group.sessions) {
        if (s.kind === 'break') {
          rows.push(this.breakRow(s));
        } else {
          rows.push(this.sessionRow(s, rowIndex));
          rowIndex += 1;
        }
      }
      return h('tbody', { 'data-day': group.day }, rows);
    });
  }

  sessionRow(s, rowIndex) {
    const rowCells = this.members.map((m, col) => {
      const btn = h('button', {
        type: 'button',
        class: 'plan-cell',
        'data-session-id': s.id,
        'data-member-id': m.id,
        'data-row': rowIndex,
        'data-col': col,
        'aria-pressed': 'false',
        tabindex: '-1',
      });
      return btn;
    });
    this.cells[rowIndex] = rowCells;

    const tr = h('tr', { class: 'plan-row', 'data-session-id': s.id },
      h('th', { scope: 'row', class: 'session-cell' },
        h('div', { class: 'session-line meta' },
          h('span', { class: 'session-time' }, timeRange(s)),
          priorityBadge(s.priority),
          h('span', { class: 'coverage' })),
        h('div', { class: 'session-title', title: s.title }, s.title)),
      rowCells.map((btn) => h('td', null, btn)));
    this.updateRow(s, tr);
    return tr;
  }

  /** Breaks take no assignments (the core refuses them), so their row has no cells. */
  breakRow(s) {
    return h('tr', { class: 'plan-row is-break', 'data-session-id': s.id },
      h('th', { scope: 'row', class: 'session-cell' },
        h('div', { class: 'session-line' },
          h('span', { class: 'session-time' }, timeRange(s)),
          h('span', { class: 'session-title' }, s.title))),
      h('td', { class: 'break-cell', colspan: this.members.length }));
  }

  foot() {
    return h('tfoot', null,
      this.groups.map((g) => h('tr', { class: 'foot-row', 'data-day': g.day },
        h('th', { scope: 'row' }, `Sessions on ${shortDayLabel(g.day)}`),
        this.members.map((m) => h('td', { class: 'day-count', 'data-member-id': m.id, 'data-day': g.day }, '0')))));
  }

  // ---- drawing state -----------------------------------------------------------------

  /** Redraw one row (its cells and coverage) from a Session. */
  updateRow(session, tr = this.rowElement(session.id)) {
    if (!tr) return;
    const byMember = new Map(session.assignments.map((a) => [String(a.member_id), a]));
    for (const btn of tr.querySelectorAll('.plan-cell')) {
      const member = this.memberById.get(btn.dataset.memberId);
      const a = byMember.get(btn.dataset.memberId);
      btn.setAttribute('aria-pressed', a ? 'true' : 'false');
      btn.textContent = a ? a.role : '';
      if (a) btn.dataset.role = a.role; else delete btn.dataset.role;
      btn.setAttribute('aria-label',
        `${member ? member.name : ''} — ${session.title}: ${a ? a.role : 'not assigned'}`);
    }
    const coverage = tr.querySelector('.coverage');
    if (!coverage) return; // a break row
    coverage.textContent = coverageLabel(session);
    const needsCover = session.assignments.length === 0 && (session.priority === 'must' || session.priority === 'should');
    coverage.classList.toggle('warn', needsCover);
  }

  rowElement(sessionId) {
    return this.table ? this.table.querySelector(`tr.plan-row[data-session-id="${cssEscape(sessionId)}"]`) : null;
  }

  /** The foot rows: sessions per member per day. */
  updateFoot() {
    const counts = new Map(); // "day|memberId" → n
    for (const s of this.rows) {
      for (const a of s.assignments) {
        const key = `${s.day}|${a.member_id}`;
        counts.set(key, (counts.get(key) || 0) + 1);
      }
    }
    for (const td of this.table.querySelectorAll('td.day-count')) {
      const n = counts.get(`${td.dataset.day}|${td.dataset.memberId}`) || 0;
      td.textContent = String(n);
      td.classList.toggle('zero', n === 0);
    }
  }

  updateSummary() {
    const real = this.rows.filter((s) => s.kind !== 'break');
    const open = real.filter((s) => s.priority === 'must' && s.assignments.length === 0).length;
    this.summary.textContent = `${real.length} sessions · ${this.members.length} members · `
      + (open === 0 ? 'every must-attend session is covered' : `${open} must-attend not covered`);
  }

  /** Store a Session returned by the shell and redraw only what depends on it. */
  applySession(session) {
    const key = String(session.id);
    const old = this.sessions.get(key);
    if (old) {
      const i = this.rows.indexOf(old);
      if (i >= 0) this.rows[i] = session;
    }
    this.sessions.set(key, session);
    this.updateRow(session);
    this.updateFoot();
    this.updateSummary();
  }

  // ---- changing assignments ----------------------------------------------------------

  /** Assign with `role`, or unassign when role is null. */
  async change(btn, role) {
    if (btn.dataset.busy) return;
    const session = this.sessions.get(btn.dataset.sessionId);
    const member = this.memberById.get(btn.dataset.memberId);
    if (!session || !member) return;
    if ((btn.dataset.role || null) === role) return; // nothing to change

    // Not `disabled`: that would drop keyboard focus from the cell.
    btn.dataset.busy = '1';
    btn.setAttribute('aria-busy', 'true');
    this.ctx.setSaveState('saving');
    try {
      const updated = role
        ? await this.ctx.api.assign(session.id, member.id, role)
        : await this.ctx.api.unassign(session.id, member.id);
      this.applySession(updated);
      this.ctx.setSaveState('saved');
    } catch (err) {
      this.ctx.setSaveState('error', err.message);
      if (err.code === 'not_found') this.ctx.refresh();
      else if (err.code === 'no_conference') this.ctx.conferenceGone();
    } finally {
      delete btn.dataset.busy;
      btn.removeAttribute('aria-busy');
    }
  }

  toggle(btn) {
    return this.change(btn, btn.getAttribute('aria-pressed') === 'true' ? null : 'attend');
  }

  // ---- events ------------------------------------------------------------------------

  onClick(e) {
    const btn = e.target.closest('.plan-cell');
    if (btn) this.toggle(btn);
  }

  onContextMenu(e) {
    const btn = e.target.closest('.plan-cell');
    if (!btn) return;
    e.preventDefault();
    btn.focus();
    this.openMenu(btn);
  }

  onFocusIn(e) {
    const btn = e.target.closest('.plan-cell');
    if (btn) this.makeCurrent(btn);
  }

  onKeydown(e) {
    const btn = e.target.closest('.plan-cell');
    if (!btn || e.altKey || e.metaKey) return;
    const row = Number(btn.dataset.row);
    const col = Number(btn.dataset.col);
    const lastRow = this.cells.length - 1;
    const lastCol = this.members.length - 1;
    let target = null;
    switch (e.key) {
      case 'ArrowRight': target = [row, Math.min(col + 1, lastCol)]; break;
      case 'ArrowLeft': target = [row, Math.max(col - 1, 0)]; break;
      case 'ArrowDown': target = [Math.min(row + 1, lastRow), col]; break;
      case 'ArrowUp': target = [Math.max(row - 1, 0), col]; break;
      case 'PageDown': target = [Math.min(row + 10, lastRow), col]; break;
      case 'PageUp': target = [Math.max(row - 10, 0), col]; break;
      case 'Home': target = e.ctrlKey ? [0, 0] : [row, 0]; break;
      case 'End': target = e.ctrlKey ? [lastRow, lastCol] : [row, lastCol]; break;
      case 'Delete':
      case 'Backspace':
        e.preventDefault();
        if (btn.getAttribute('aria-pressed') === 'true') this.change(btn, null);
        return;
      case 'F10':
        if (!e.shiftKey) return;
        e.preventDefault();
        this.openMenu(btn);
        return;
      case 'ContextMenu':
        e.preventDefault();
        this.openMenu(btn);
        return;
      case 'r':
      case 'R':
        if (e.ctrlKey) return;
        e.preventDefault();
        this.openMenu(btn);
        return;
      default:
        return; // Enter/Space: the button's own click
    }
    if (e.ctrlKey && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    this.focusCell(target[0], target[1]);
  }

  // ---- roving tabindex ---------------------------------------------------------------

  makeCurrent(btn) {
    if (this.current && this.current !== btn) this.current.tabIndex = -1;
    btn.tabIndex = 0;
    this.current = btn;
    lastCell = { sessionId: btn.dataset.sessionId, memberId: btn.dataset.memberId };
  }

  focusCell(row, col) {
    const btn = this.cells[row] && this.cells[row][col];
    if (!btn) return;
    this.makeCurrent(btn);
    btn.focus();
  }

  /** Which cell takes Tab: the asked-for session/member, the last one used, or the first. */
  placeInitialFocus() {
    const want = {
      sessionId: this.ctx.params.sessionId != null ? String(this.ctx.params.sessionId) : lastCell && lastCell.sessionId,
      memberId: this.ctx.params.memberId != null ? String(this.ctx.params.memberId) : lastCell && lastCell.memberId,
    };
    let row = this.cells.findIndex((r) => r[0].dataset.sessionId === want.sessionId);
    let col = this.members.findIndex((m) => String(m.id) === want.memberId);
    if (row < 0) row = 0;
    if (col < 0) col = 0;
    const btn = this.cells[row] && this.cells[row][col];
    if (!btn) return; // only breaks: nothing to focus
    this.makeCurrent(btn);
    if (this.ctx.params.sessionId != null || this.ctx.params.memberId != null) {
      btn.scrollIntoView({ block: 'center', inline: 'nearest' });
      btn.focus({ preventScroll: true });
    }
  }

  // ---- role menu ---------------------------------------------------------------------

  openMenu(btn) {
    this.closeMenu(false);
    const session = this.sessions.get(btn.dataset.sessionId);
    const member = this.memberById.get(btn.dataset.memberId);
    if (!session || !member) return;
    const current = btn.dataset.role || null;

    const items = ROLES.map((r) => h('button', {
      type: 'button',
      class: 'role-item',
      role: 'menuitemradio',
      'aria-checked': String(current === r.code),
      'data-role': r.code,
      tabindex: '-1',
    }, h('span', { class: 'role-name' }, r.label), h('span', { class: 'role-hint' }, r.hint)));
    if (current) {
      items.push(h('div', { class: 'role-sep', role: 'separator' }));
      items.push(h('button', { type: 'button', class: 'role-item remove', role: 'menuitem', 'data-role': '', tabindex: '-1' },
        h('span', { class: 'role-name' }, 'Unassign')));
    }
    const menu = h('div', {
      class: 'role-menu',
      role: 'menu',
      'aria-label': `Role of ${member.name} in “${session.title}”`,
    }, h('p', { class: 'role-menu-title', 'aria-hidden': 'true' }, `${member.name} · ${session.start}`), items);

    this.menu = { el: menu, btn };
    this.container.append(menu);

    // Place it under the cell, kept inside the window.
    const rect = btn.getBoundingClientRect();
    const left = Math.max(8, Math.min(rect.left, window.innerWidth - menu.offsetWidth - 8));
    let top = rect.bottom + 4;
    if (top + menu.offsetHeight > window.innerHeight - 8) top = Math.max(8, rect.top - menu.offsetHeight - 4);
    menu.style.left = `${left}px`;
    menu.style.top = `${top}px`;

    const buttons = [...menu.querySelectorAll('.role-item')];
    const start = buttons.find((b) => b.getAttribute('aria-checked') === 'true') || buttons[0];
    start.focus();

    menu.addEventListener('click', (e) => {
      const item = e.target.closest('.role-item');
      if (!item) return;
      this.closeMenu(true);
      this.change(btn, item.dataset.role || null);
    });
    menu.addEventListener('keydown', (e) => {
      const i = buttons.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') buttons[(i + 1) % buttons.length].focus();
      else if (e.key === 'ArrowUp') buttons[(i - 1 + buttons.length) % buttons.length].focus();
      else if (e.key === 'Home') buttons[0].focus();
      else if (e.key === 'End') buttons[buttons.length - 1].focus();
      else if (e.key === 'Escape' || e.key === 'Tab') this.closeMenu(true);
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
    // Clicking anywhere else closes the menu.
    this.onOutside = (e) => {
      if (!menu.contains(e.target)) this.closeMenu(false);
    };
    document.addEventListener('pointerdown', this.onOutside, true);
  }

  /** Close the role menu; `refocus` puts focus back on its cell. */
  closeMenu(refocus) {
    if (!this.menu) return;
    const { el, btn } = this.menu;
    this.menu = null;
    document.removeEventListener('pointerdown', this.onOutside, true);
    el.remove();
    if (refocus && btn.isConnected) btn.focus();
  }
}

/** Escape a value for use inside a CSS attribute selector. */
function cssEscape(value) {
  return window.CSS && CSS.escape ? CSS.escape(String(value)) : String(value).replace(/["\\]/g, '\\$&');
}
