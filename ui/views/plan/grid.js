// The Plan's grid: sessions (rows, grouped by day, each with its priority and the people it needs)
// × members (columns), with a foot row per day counting each member's sessions. Each cell is a toggle
// button: assign as "attend" / unassign; the role menu, the keys, the filters, the conflicts and the
// auto-planner's proposal are its parts (menu.js, keys.js, filters.js, conflicts.js, proposal.js).
// Only the rows a change touches are redrawn, and only the rows in sight are in the page (window.js),
// each holding only the member columns in sight (columns.js): a row is built the first time it is
// needed (drawn, focused, or marked by a conflict or a proposal), so the grid stays responsive at 600 × 40.

import { clear, h } from '../../dom.js';
import { groupByDay, PRIORITIES, PRIORITY_LABELS, shortDayLabel, STATUS_LABELS, timeRange } from '../../format.js';
import { viewHeader } from '../../widgets.js';
import { ConflictPanel } from './conflicts.js';
import { ColumnWindow } from './columns.js';
import { Filters, isUncovered } from './filters.js';
import { CellKeys } from './keys.js';
import { RoleMenu } from './menu.js';
import { Proposal } from './proposal.js';
import { RowWindow } from './window.js';

/** "1/2": people against the need; "2 assigned" when nobody is needed. */
function coverageText(s) {
  const n = s.assignments.length;
  if (s.need > 0) return `${n}/${s.need}`;
  return n === 0 ? '' : `${n} assigned`;
}

export class PlanGrid {
  constructor(container, ctx, sessions, members) {
    this.container = container;
    this.ctx = ctx;
    this.members = members;
    this.groups = groupByDay(sessions, ctx.conference.days);
    // Rows in display order; ids as strings because they come back from data-* attributes.
    this.rows = this.groups.flatMap((g) => g.sessions);
    this.sessions = new Map(this.rows.map((s) => [String(s.id), s]));
    this.memberById = new Map(members.map((m) => [String(m.id), m]));
    // Rows are built when first needed: `cell(row, col)`, `cellByKey.get(key)` and `rowById.get(id)`
    // build the row they name; `built` holds those built so far (sessionId → <tr>).
    this.built = new Map();
    this.builtCells = new Map(); // "sessionId|memberId" → button, of the rows built
    this.rowCells = []; // rowCells[row] → [button], of the rows built
    this.memberCells = new WeakMap(); // <tr> (a session's or a foot row) → its member <td>s, drawn or not
    this.footRows = []; // the foot rows (one a day)
    this.cellByKey = { get: (key) => this.builtCells.get(key) || (this.trOf(key.split('|')[0]) && this.builtCells.get(key)) };
    this.rowById = { get: (id) => this.trOf(id) };
    this.days = []; // { day, header: <tr>, sessions: [sessionId], hidden }: the model the window draws from
    this.dayOf = new Map(); // sessionId → its entry in days
    this.rowIndexOf = new Map(); // sessionId → row number (sessions that take assignments)
    this.rowSessions = []; // row number → sessionId
    this.hiddenIds = new Set(); // sessions the filters hide
    this.dayCoverage = new Map(); // day → <span> in the day header
    this.coverage = null; // the coverage last shown
    this.checks = 0; // sequence number of conflict/coverage refreshes
    this.filters = new Filters(this);
    this.conflicts = new ConflictPanel(this);
    this.proposal = new Proposal(this);
    this.menu = new RoleMenu(this);
    this.keys = new CellKeys(this);
    this.columns = new ColumnWindow(this);
    this.window = new RowWindow(this);
  }

  mount(conflicts, coverage) {
    this.summary = h('p', { class: 'view-summary', id: 'plan-summary', 'aria-live': 'polite' });
    const header = viewHeader('Plan', null, ...this.proposal.controls());
    header.querySelector('.view-heading').append(this.summary);

    this.table = h('table', {
      id: 'plan-grid', class: 'plan-grid', 'aria-label': 'Who covers which session', 'aria-colcount': this.members.length + 1,
    },
      this.head(), this.body(), this.foot());
    this.scroller = h('div', { class: 'plan-scroll' }, this.table);

    clear(this.container,
      header,
      this.filters.bar(),
      this.proposal.panel,
      this.conflicts.details,
      h('p', { class: 'plan-hint muted small' },
        'Click a cell or press Enter/Space to assign (attend) or unassign. ',
        'Right-click, R or Shift+F10 chooses the role or locks; L locks. Arrow keys move between cells.'),
      this.scroller);

    this.updateFoot();
    this.conflicts.apply(conflicts);
    this.applyCoverage(coverage);
    this.filters.apply();
    this.table.addEventListener('click', (e) => this.onClick(e));
    this.table.addEventListener('change', (e) => this.onChange(e));
    this.table.addEventListener('keydown', (e) => this.keys.onKeydown(e));
    this.table.addEventListener('focusin', (e) => this.onFocusIn(e));
    this.table.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    this.scroller.addEventListener('scroll', () => {
      this.menu.close(false);
      this.window.schedule();
    }, { passive: true });
    // A wider window shows more columns (and a taller one more rows) without a scroll.
    const resized = new ResizeObserver(() => {
      if (this.table.isConnected) this.window.schedule();
      else resized.disconnect();
    });
    resized.observe(this.scroller);

    this.keys.placeInitialFocus();
  }

  // ---- building ----------------------------------------------------------------------

  head() {
    return h('thead', null,
      h('tr', null,
        h('th', { scope: 'col', class: 'corner', 'aria-colindex': 1 }, 'Session'),
        this.members.map((m, col) => h('th', {
          scope: 'col',
          class: 'member-col',
          'aria-colindex': col + 2,
          'data-member-id': m.id,
          title: [m.title, m.organisation, m.max_per_day ? `at most ${m.max_per_day} a day` : null].filter(Boolean).join(', ') || null,
        }, m.name))));
  }

  /**
   * Every day's rows, headed by a day row with that day's coverage, built once into `days`; the table's
   * body holds only those in sight (the window's).
   */
  body() {
    this.days = this.groups.map((group) => {
      const cov = h('span', { class: 'day-coverage muted' });
      this.dayCoverage.set(group.day, cov);
      const header = h('tr', { class: 'day-row', 'data-day': group.day },
        h('th', { colspan: this.members.length + 1 },
          h('span', { class: 'day-label' }, shortDayLabel(group.day), cov)));
      const entry = { day: group.day, header, sessions: group.sessions.map((s) => String(s.id)), hidden: false };
      for (const s of group.sessions) {
        this.dayOf.set(String(s.id), entry);
        if (s.kind !== 'break') {
          this.rowIndexOf.set(String(s.id), this.rowSessions.length);
          this.rowSessions.push(String(s.id));
        }
      }
      return entry;
    });
    return this.window.body;
  }

  /** How many rows take assignments (breaks do not). */
  get rowCount() {
    return this.rowSessions.length;
  }

  /** The <tr> of a session, built now if it was not yet (undefined for an unknown id). */
  trOf(id) {
    const key = String(id);
    let tr = this.built.get(key);
    if (tr) return tr;
    const s = this.sessions.get(key);
    if (!s) return undefined;
    tr = s.kind === 'break' ? this.breakRow(s) : this.sessionRow(s, this.rowIndexOf.get(key));
    return tr;
  }

  /** The cell at row `row`, column `col` (its row built now if need be), or undefined. */
  cell(row, col) {
    const id = this.rowSessions[row];
    if (id === undefined) return undefined;
    this.trOf(id);
    return this.rowCells[row] && this.rowCells[row][col];
  }

  /** True when the filters hide the session `id` (or its day). */
  isHiddenSession(id) {
    const day = this.dayOf.get(String(id));
    return this.hiddenIds.has(String(id)) || !day || day.hidden;
  }

  sessionRow(s, rowIndex) {
    const rowCells = this.members.map((m, col) => {
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'plan-cell';
      btn.dataset.sessionId = s.id;
      btn.dataset.memberId = m.id;
      btn.dataset.row = rowIndex;
      btn.dataset.col = col;
      btn.tabIndex = -1;
      this.builtCells.set(`${s.id}|${m.id}`, btn);
      return btn;
    });
    this.rowCells[rowIndex] = rowCells;
    const cells = rowCells.map((btn, col) => {
      const td = document.createElement('td');
      td.setAttribute('aria-colindex', col + 2);
      td.appendChild(btn);
      return td;
    });

    const select = h('select', {
      class: `priority-select priority-${s.priority}`,
      'data-session-id': s.id,
      'aria-label': `Priority of “${s.title}”`,
    }, PRIORITIES.map((p) => h('option', { value: p, selected: p === s.priority }, PRIORITY_LABELS[p])));
    const need = h('input', {
      type: 'number', class: 'need-input', min: '0', max: '99', value: String(s.need),
      'data-session-id': s.id, 'aria-label': `People needed for “${s.title}”`, title: 'People needed',
    });
    const tr = h('tr', { class: 'plan-row', 'data-session-id': s.id },
      h('th', { scope: 'row', class: 'session-cell' },
        h('div', { class: 'session-line meta' },
          h('span', { class: 'session-time' }, timeRange(s)),
          select,
          need,
          h('span', { class: 'coverage' })),
        h('div', { class: 'session-title', title: s.title },
          s.status === 'cancelled' ? h('span', { class: 'cancelled-tag' }, `${STATUS_LABELS.cancelled} · `) : null, s.title)),
      cells);
    this.memberCells.set(tr, cells);
    this.built.set(String(s.id), tr);
    this.updateRow(s, tr);
    return tr;
  }

  /** Breaks take no assignments (the core refuses them), so their row has no cells. */
  breakRow(s) {
    const tr = h('tr', { class: 'plan-row is-break', 'data-session-id': s.id },
      h('th', { scope: 'row', class: 'session-cell' },
        h('div', { class: 'session-line' },
          h('span', { class: 'session-time' }, timeRange(s)),
          h('span', { class: 'session-title' }, s.title))),
      h('td', { class: 'break-cell', colspan: this.members.length }));
    this.built.set(String(s.id), tr);
    return tr;
  }

  foot() {
    this.footRows = this.groups.map((g) => {
      const cells = this.members.map((m, col) => h('td', {
        class: 'day-count', 'data-member-id': m.id, 'data-day': g.day, 'aria-colindex': col + 2,
      }, '0'));
      const tr = h('tr', { class: 'foot-row', 'data-day': g.day },
        h('th', { scope: 'row' }, `Sessions on ${shortDayLabel(g.day)}`), cells);
      this.memberCells.set(tr, cells);
      return tr;
    });
    return h('tfoot', null, this.footRows);
  }

  /** A drawn row holds only the member columns in sight (columns.js); day and break rows span them. */
  fitColumns(tr) {
    const cells = this.memberCells.get(tr);
    if (cells) this.columns.fit(tr, cells);
  }

  fitFoot() {
    for (const tr of this.footRows) this.fitColumns(tr);
  }

  // ---- drawing state -----------------------------------------------------------------

  /** Redraw one row (its cells, priority and coverage) from a Session. */
  updateRow(session, tr = this.built.get(String(session.id))) {
    if (!tr || session.kind === 'break') return;
    const byMember = new Map(session.assignments.map((a) => [String(a.member_id), a]));
    for (const td of this.memberCells.get(tr) || []) {
      const btn = td.firstChild;
      const member = this.memberById.get(btn.dataset.memberId);
      const a = byMember.get(btn.dataset.memberId);
      btn.setAttribute('aria-pressed', a ? 'true' : 'false');
      btn.textContent = a ? a.role : '';
      if (a) btn.dataset.role = a.role; else delete btn.dataset.role;
      if (a && a.locked) btn.dataset.locked = '1'; else delete btn.dataset.locked;
      if (a && a.origin === 'auto') btn.dataset.origin = 'auto'; else delete btn.dataset.origin;
      const extra = a ? [a.locked ? 'locked' : null, a.origin === 'auto' ? 'planned automatically' : null].filter(Boolean) : [];
      btn.setAttribute('aria-label',
        `${member ? member.name : ''} — ${session.title}: ${a ? a.role : 'not assigned'}${extra.length ? ` (${extra.join(', ')})` : ''}`);
    }
    const select = tr.querySelector('.priority-select');
    if (select) {
      select.value = session.priority;
      select.className = `priority-select priority-${session.priority}`;
    }
    const need = tr.querySelector('.need-input');
    if (need && document.activeElement !== need) need.value = String(session.need);
    const coverage = tr.querySelector('.coverage');
    coverage.textContent = coverageText(session);
    coverage.classList.toggle('warn', isUncovered(session));
    if (session.need > 0) {
      coverage.setAttribute('aria-label', `${isUncovered(session) ? 'Not covered: ' : 'Covered: '}${session.assignments.length} of ${session.need} needed`);
    } else {
      coverage.removeAttribute('aria-label');
    }
  }

  /** The foot rows: sessions per member per day. */
  updateFoot() {
    const counts = new Map(); // "day|memberId" → n
    for (const s of this.rows) {
      if (s.status === 'cancelled') continue;
      for (const a of s.assignments) {
        const key = `${s.day}|${a.member_id}`;
        counts.set(key, (counts.get(key) || 0) + 1);
      }
    }
    for (const tr of this.footRows) for (const td of this.memberCells.get(tr)) {
      const n = counts.get(`${td.dataset.day}|${td.dataset.memberId}`) || 0;
      const text = String(n);
      if (td.textContent !== text) td.textContent = text;
      td.classList.toggle('zero', n === 0);
    }
  }

  applyCoverage(cov) {
    this.coverage = cov;
    const real = this.rows.filter((s) => s.kind !== 'break').length;
    const conflicts = this.conflicts.size;
    this.summary.textContent = `${real} sessions · ${this.members.length} members · `
      + `must ${cov.must.covered}/${cov.must.total} covered · should ${cov.should.covered}/${cov.should.total} · `
      + (conflicts === 0 ? 'no conflicts' : `${conflicts} conflict${conflicts === 1 ? '' : 's'}`);
    for (const d of cov.days) {
      const el = this.dayCoverage.get(d.day);
      if (el) el.textContent = ` · must ${d.must.covered}/${d.must.total} · should ${d.should.covered}/${d.should.total}`;
    }
  }

  /** Ask the engine again for conflicts and coverage after a change (latest answer wins). */
  async refreshChecks() {
    const seq = ++this.checks;
    try {
      const { conflicts, coverage } = await this.ctx.api.planChecks();
      if (seq !== this.checks || !this.table.isConnected) return;
      this.conflicts.apply(conflicts);
      this.applyCoverage(coverage);
      if (this.filters.uncoveredOnly) this.filters.apply();
    } catch {
      // The banner shows the error; the grid keeps its last marks.
    }
  }

  /** Store a Session returned by the shell and redraw only what depends on it. */
  storeSession(session) {
    const key = String(session.id);
    const old = this.sessions.get(key);
    if (old) {
      const i = this.rows.indexOf(old);
      if (i >= 0) this.rows[i] = session;
    }
    this.sessions.set(key, session);
    this.updateRow(session);
  }

  applySession(session) {
    this.storeSession(session);
    this.updateFoot();
    this.refreshChecks();
  }

  // ---- changing assignments ----------------------------------------------------------

  /**
   * Run a change on a cell with the busy and save states; `action` returns the updated Session.
   * `pending` draws the change in the cell at once (before the engine answers); a refusal redraws the
   * row as it was.
   */
  async busy(btn, action, pending = null) {
    if (btn.dataset.busy) return;
    // Not `disabled`: that would drop keyboard focus from the cell.
    btn.dataset.busy = '1';
    btn.setAttribute('aria-busy', 'true');
    const before = this.sessions.get(btn.dataset.sessionId);
    if (pending) pending();
    try {
      this.applySession(await this.ctx.saving(action));
    } catch (err) {
      if (before && this.sessions.get(btn.dataset.sessionId) === before) this.updateRow(before);
      if (err.code === 'not_found') this.ctx.refresh();
      else if (err.code === 'no_conference') this.ctx.conferenceGone();
    } finally {
      delete btn.dataset.busy;
      btn.removeAttribute('aria-busy');
    }
  }

  /** Assign with `role`, or unassign when role is null. */
  change(btn, role) {
    const session = this.sessions.get(btn.dataset.sessionId);
    const member = this.memberById.get(btn.dataset.memberId);
    if (!session || !member) return null;
    if ((btn.dataset.role || null) === role) return null; // nothing to change
    return this.busy(btn, () => (role
      ? this.ctx.api.assign(session.id, member.id, role)
      : this.ctx.api.unassign(session.id, member.id)), () => this.drawPending(btn, role));
  }

  /** The cell as it will be once the engine has written `role` (null: unassigned), drawn at once. */
  drawPending(btn, role) {
    btn.setAttribute('aria-pressed', role ? 'true' : 'false');
    btn.textContent = role || '';
    if (role) btn.dataset.role = role; else delete btn.dataset.role;
    delete btn.dataset.locked;
    delete btn.dataset.origin;
  }

  setLock(btn, locked) {
    if (btn.getAttribute('aria-pressed') !== 'true') return null;
    return this.busy(btn, () => this.ctx.api.setLock(Number(btn.dataset.sessionId), Number(btn.dataset.memberId), locked));
  }

  toggle(btn) {
    return this.change(btn, btn.getAttribute('aria-pressed') === 'true' ? null : 'attend');
  }

  /** A new priority keeps a need the coordinator set; a new need keeps the priority. */
  async setPriority(field) {
    const session = this.sessions.get(field.dataset.sessionId);
    if (!session) return;
    const tr = this.rowById.get(String(session.id));
    const select = tr.querySelector('.priority-select');
    const input = tr.querySelector('.need-input');
    let need = session.need_set ? session.need : null;
    if (field === input) {
      const n = Number(input.value);
      if (input.value === '' || !Number.isInteger(n) || n < 0) {
        input.value = String(session.need);
        return;
      }
      need = n;
      if (n === session.need) return;
    } else if (session.priority === select.value) {
      return;
    }
    field.disabled = true;
    try {
      this.applySession(await this.ctx.saving(() => this.ctx.api.setPriority(session.id, select.value, need)));
    } catch {
      select.value = session.priority;
      input.value = String(session.need);
    } finally {
      field.disabled = false;
      field.focus();
    }
  }

  // ---- events ------------------------------------------------------------------------

  onClick(e) {
    const btn = e.target.closest('.plan-cell');
    if (btn) this.toggle(btn);
  }

  onChange(e) {
    const field = e.target.closest('.priority-select, .need-input');
    if (field) this.setPriority(field);
  }

  onContextMenu(e) {
    const btn = e.target.closest('.plan-cell');
    if (!btn) return;
    e.preventDefault();
    btn.focus();
    this.menu.open(btn);
  }

  onFocusIn(e) {
    const btn = e.target.closest('.plan-cell');
    if (btn) this.keys.makeCurrent(btn);
  }
}
