// Plan: a grid of sessions (rows, grouped by day) × members (columns). Each cell is a toggle
// button: assign as "attend" / unassign. A small role menu (right-click, R, Shift+F10) picks
// lead/attend/speak/notes and locks the assignment against the auto-planner (also L). Arrow keys
// move between cells (roving tabindex). Filters hide rows (day, priority, uncovered) without
// rebuilding anything; each row has a priority select; the conflicts panel lists every conflict as a
// sentence (clicking one focuses its cell) and conflicting cells carry their sentence (title +
// aria-describedby). "Propose a plan" shows the auto-planner's proposal, marked in the grid, with
// Apply/Cancel. Only the rows that change are redrawn, so the grid stays responsive at 600 × 40.

import { clear, h } from '../dom.js';
import { groupByDay, PRIORITY_LABELS, ROLES, shortDayLabel, STATUS_LABELS, timeRange } from '../format.js';
import { emptyState, viewHeader } from '../widgets.js';

const PRIORITIES = Object.keys(PRIORITY_LABELS);

// The cell that had focus last, so coming back to the Plan lands in the same place.
let lastCell = null; // { sessionId, memberId } as strings
// The filters, kept while the app runs.
let filters = { day: '', priority: '', uncovered: false };

export async function render(container, ctx) {
  const [sessions, members, conflicts, coverage] = await Promise.all([
    ctx.api.listSessions(), ctx.api.listMembers(), ctx.api.conflicts(), ctx.api.coverage()]);

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

  new PlanGrid(container, ctx, sessions, members).mount(conflicts, coverage);
}

/** Whether a session still lacks people it needs (must and should only). */
function isUncovered(s) {
  return (s.priority === 'must' || s.priority === 'should') && s.kind !== 'break'
    && s.status !== 'cancelled' && s.assignments.length < s.need;
}

/** "1/2": people against the need; "2 assigned" when nobody is needed. */
function coverageText(s) {
  const n = s.assignments.length;
  if (s.need > 0) return `${n}/${s.need}`;
  return n === 0 ? '' : `${n} assigned`;
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
    this.cellByKey = new Map(); // "sessionId|memberId" → button
    this.rowById = new Map(); // sessionId → <tr>
    this.dayCoverage = new Map(); // day → <span> in the day header
    this.marked = new Map(); // "sessionId|memberId" → describedby ids, for cells marked as conflicting
    this.markedRows = new Set(); // sessionIds of rows marked
    this.proposed = []; // buttons marked as proposed
    this.menu = null;
    this.checks = 0; // sequence number of conflict/coverage refreshes
  }

  mount(conflicts, coverage) {
    this.summary = h('p', { class: 'view-summary', id: 'plan-summary', 'aria-live': 'polite' });
    this.proposeButton = h('button', {
      type: 'button', class: 'button primary', id: 'propose-plan',
      onclick: () => this.propose(),
    }, 'Propose a plan');
    this.replaceAuto = h('input', { type: 'checkbox', id: 'plan-replace-auto' });
    const header = viewHeader('Plan', null,
      h('label', { class: 'check small', title: 'Let the planner drop its own earlier assignments (never locked or hand-made ones) and plan those places again' },
        this.replaceAuto, ' Re-plan auto assignments'),
      this.proposeButton);
    header.querySelector('.view-heading').append(this.summary);

    this.table = h('table', { id: 'plan-grid', class: 'plan-grid', 'aria-label': 'Who covers which session' },
      this.head(), this.body(), this.foot());
    this.scroller = h('div', { class: 'plan-scroll' }, this.table);

    this.conflictCount = h('span', { class: 'conflict-count' });
    this.conflictList = h('ol', { class: 'conflict-list', id: 'plan-conflict-list' });
    this.conflictPanel = h('details', { class: 'plan-conflicts', id: 'plan-conflicts', open: '' },
      h('summary', null, 'Conflicts ', this.conflictCount),
      this.conflictList);
    this.proposalPanel = h('section', {
      class: 'plan-proposal', id: 'plan-proposal', hidden: true, 'aria-labelledby': 'plan-proposal-title',
    });
    this.proposalPanel.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      this.closeProposal(true);
    });

    clear(this.container,
      header,
      this.filterBar(),
      this.proposalPanel,
      this.conflictPanel,
      h('p', { class: 'plan-hint muted small' },
        'Click a cell or press Enter/Space to assign (attend) or unassign. ',
        'Right-click, R or Shift+F10 chooses the role or locks; L locks. Arrow keys move between cells.'),
      this.scroller);

    this.updateFoot();
    this.applyConflicts(conflicts);
    this.applyCoverage(coverage);
    this.applyFilters();
    this.table.addEventListener('click', (e) => this.onClick(e));
    this.table.addEventListener('change', (e) => this.onChange(e));
    this.table.addEventListener('keydown', (e) => this.onKeydown(e));
    this.table.addEventListener('focusin', (e) => this.onFocusIn(e));
    this.table.addEventListener('contextmenu', (e) => this.onContextMenu(e));
    this.conflictList.addEventListener('click', (e) => this.onConflictClick(e));
    this.scroller.addEventListener('scroll', () => this.closeMenu(false), { passive: true });

    this.placeInitialFocus();
  }

  // ---- building ----------------------------------------------------------------------

  filterBar() {
    const days = this.groups.map((g) => g.day);
    if (filters.day && !days.includes(filters.day)) filters.day = '';
    this.dayFilter = h('select', { class: 'select compact', id: 'plan-filter-day', 'aria-label': 'Day' },
      h('option', { value: '' }, 'All days'),
      days.map((d) => h('option', { value: d, selected: d === filters.day }, shortDayLabel(d))));
    this.priorityFilter = h('select', { class: 'select compact', id: 'plan-filter-priority', 'aria-label': 'Priority' },
      h('option', { value: '' }, 'All priorities'),
      PRIORITIES.map((p) => h('option', { value: p, selected: p === filters.priority }, PRIORITY_LABELS[p])));
    this.uncoveredFilter = h('input', { type: 'checkbox', id: 'plan-filter-uncovered', checked: filters.uncovered });
    const onChange = () => {
      filters = {
        day: this.dayFilter.value,
        priority: this.priorityFilter.value,
        uncovered: this.uncoveredFilter.checked,
      };
      this.applyFilters();
    };
    for (const el of [this.dayFilter, this.priorityFilter, this.uncoveredFilter]) el.addEventListener('change', onChange);
    this.filterNote = h('span', { class: 'muted small', id: 'plan-filter-note', 'aria-live': 'polite' });
    return h('div', { class: 'plan-filters', role: 'group', 'aria-label': 'Filters' },
      this.dayFilter, this.priorityFilter,
      h('label', { class: 'check' }, this.uncoveredFilter, ' Uncovered only'),
      this.filterNote);
  }

  head() {
    return h('thead', null,
      h('tr', null,
        h('th', { scope: 'col', class: 'corner' }, 'Session'),
        this.members.map((m) => h('th', {
          scope: 'col',
          class: 'member-col',
          'data-member-id': m.id,
          title: [m.title, m.organisation, m.max_per_day ? `at most ${m.max_per_day} a day` : null].filter(Boolean).join(', ') || null,
        }, m.name))));
  }

  /** One <tbody> per day, headed by a day row with that day's coverage. */
  body() {
    let rowIndex = 0;
    return this.groups.map((group) => {
      const cov = h('span', { class: 'day-coverage muted' });
      this.dayCoverage.set(group.day, cov);
      const rows = [h('tr', { class: 'day-row' },
        h('th', { scope: 'rowgroup', colspan: this.members.length + 1 },
          h('span', { class: 'day-label' }, shortDayLabel(group.day), cov)))];
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
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'plan-cell';
      btn.dataset.sessionId = s.id;
      btn.dataset.memberId = m.id;
      btn.dataset.row = rowIndex;
      btn.dataset.col = col;
      btn.tabIndex = -1;
      this.cellByKey.set(`${s.id}|${m.id}`, btn);
      return btn;
    });
    this.cells[rowIndex] = rowCells;

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
      rowCells.map((btn) => {
        const td = document.createElement('td');
        td.appendChild(btn);
        return td;
      }));
    this.rowById.set(String(s.id), tr);
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
    this.rowById.set(String(s.id), tr);
    return tr;
  }

  foot() {
    return h('tfoot', null,
      this.groups.map((g) => h('tr', { class: 'foot-row', 'data-day': g.day },
        h('th', { scope: 'row' }, `Sessions on ${shortDayLabel(g.day)}`),
        this.members.map((m) => h('td', { class: 'day-count', 'data-member-id': m.id, 'data-day': g.day }, '0')))));
  }

  // ---- drawing state -----------------------------------------------------------------

  /** Redraw one row (its cells, priority and coverage) from a Session. */
  updateRow(session, tr = this.rowById.get(String(session.id))) {
    if (!tr || session.kind === 'break') return;
    const byMember = new Map(session.assignments.map((a) => [String(a.member_id), a]));
    for (const btn of tr.querySelectorAll('.plan-cell')) {
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
    for (const td of this.table.querySelectorAll('td.day-count')) {
      const n = counts.get(`${td.dataset.day}|${td.dataset.memberId}`) || 0;
      const text = String(n);
      if (td.textContent !== text) td.textContent = text;
      td.classList.toggle('zero', n === 0);
    }
  }

  applyCoverage(cov) {
    this.coverage = cov;
    const real = this.rows.filter((s) => s.kind !== 'break').length;
    const conflicts = this.conflicts ? this.conflicts.length : 0;
    this.summary.textContent = `${real} sessions · ${this.members.length} members · `
      + `must ${cov.must.covered}/${cov.must.total} covered · should ${cov.should.covered}/${cov.should.total} · `
      + (conflicts === 0 ? 'no conflicts' : `${conflicts} conflict${conflicts === 1 ? '' : 's'}`);
    for (const d of cov.days) {
      const el = this.dayCoverage.get(d.day);
      if (el) el.textContent = ` · must ${d.must.covered}/${d.must.total} · should ${d.should.covered}/${d.should.total}`;
    }
  }

  /** Show the conflicts: the panel's sentences, and the marks on cells and rows (only what changed). */
  applyConflicts(list) {
    this.conflicts = list;
    this.conflictCount.textContent = `(${list.length})`;
    this.conflictPanel.classList.toggle('none', list.length === 0);
    clear(this.conflictList, list.length === 0
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
    for (const [key, btn] of [...this.marked.keys()].map((k) => [k, this.cellByKey.get(k)])) {
      if (!cells.has(key) && btn) {
        btn.classList.remove('has-conflict');
        btn.removeAttribute('title');
        btn.removeAttribute('aria-describedby');
      }
      if (!cells.has(key)) this.marked.delete(key);
    }
    for (const [key, indices] of cells) {
      const btn = this.cellByKey.get(key);
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
      const tr = this.rowById.get(id);
      if (tr) {
        const th = tr.querySelector('.session-cell');
        th.classList.remove('row-conflict');
        th.removeAttribute('aria-describedby');
        th.querySelector('.coverage').removeAttribute('title');
      }
      this.markedRows.delete(id);
    }
    for (const [id, indices] of rows) {
      const tr = this.rowById.get(id);
      if (!tr) continue;
      const th = tr.querySelector('.session-cell');
      th.classList.add('row-conflict');
      th.setAttribute('aria-describedby', indices.map((i) => `plan-conflict-${i}`).join(' '));
      th.querySelector('.coverage').title = indices.map((i) => list[i].message).join('\n');
      this.markedRows.add(id);
    }
    if (this.coverage) this.applyCoverage(this.coverage);
  }

  /** Ask the engine again for conflicts and coverage after a change (latest answer wins). */
  async refreshChecks() {
    const seq = ++this.checks;
    try {
      const [conflicts, coverage] = await Promise.all([this.ctx.api.conflicts(), this.ctx.api.coverage()]);
      if (seq !== this.checks || !this.table.isConnected) return;
      this.applyConflicts(conflicts);
      this.applyCoverage(coverage);
      if (filters.uncovered) this.applyFilters();
    } catch {
      // The banner shows the error; the grid keeps its last marks.
    }
  }

  /** Hide what the filters leave out; nothing is rebuilt. */
  applyFilters() {
    let shown = 0;
    for (const tbody of this.table.tBodies) {
      const dayHidden = Boolean(filters.day) && tbody.dataset.day !== filters.day;
      tbody.hidden = dayHidden;
      if (dayHidden) continue;
      let any = false;
      for (const tr of tbody.rows) {
        if (!tr.classList.contains('plan-row')) continue;
        const s = this.sessions.get(tr.dataset.sessionId);
        let hide = false;
        if (s.kind === 'break') hide = Boolean(filters.priority) || filters.uncovered;
        else hide = (filters.priority && s.priority !== filters.priority) || (filters.uncovered && !isUncovered(s));
        if (tr.hidden !== hide) tr.hidden = hide;
        if (!hide && s.kind !== 'break') { any = true; shown += 1; }
      }
      tbody.hidden = !any;
    }
    for (const tr of this.table.tFoot.rows) tr.hidden = Boolean(filters.day) && tr.dataset.day !== filters.day;
    const filtering = filters.day || filters.priority || filters.uncovered;
    this.filterNote.textContent = filtering ? `${shown} of ${this.cells.length} sessions shown` : '';
    if (this.current && this.isHiddenRow(Number(this.current.dataset.row))) {
      const r = this.step(-1, 1);
      if (r >= 0) this.makeCurrent(this.cells[r][Number(this.current.dataset.col)] || this.cells[r][0]);
    }
  }

  isHiddenRow(r) {
    const btn = this.cells[r] && this.cells[r][0];
    if (!btn) return true;
    const tr = btn.parentElement.parentElement;
    return tr.hidden || tr.parentElement.hidden;
  }

  /** The row `count` visible rows away from `row` (staying put at the ends). */
  step(row, delta) {
    let r = row;
    const dir = Math.sign(delta);
    for (let k = 0; k < Math.abs(delta); k += 1) {
      let t = r + dir;
      while (t >= 0 && t < this.cells.length && this.isHiddenRow(t)) t += dir;
      if (t < 0 || t >= this.cells.length) break;
      r = t;
    }
    return r;
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

  /** Run a change on a cell with the busy and save states; `action` returns the updated Session. */
  async busy(btn, action) {
    if (btn.dataset.busy) return;
    // Not `disabled`: that would drop keyboard focus from the cell.
    btn.dataset.busy = '1';
    btn.setAttribute('aria-busy', 'true');
    try {
      this.applySession(await this.ctx.saving(action));
    } catch (err) {
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
      : this.ctx.api.unassign(session.id, member.id)));
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

  // ---- the auto-planner's proposal ---------------------------------------------------

  async propose() {
    if (this.proposeButton.getAttribute('aria-busy') === 'true') return;
    this.closeProposal(false);
    this.proposeButton.setAttribute('aria-busy', 'true');
    this.proposeButton.textContent = 'Planning…';
    try {
      this.showProposal(await this.ctx.api.proposePlan(this.replaceAuto.checked));
    } catch (err) {
      this.ctx.setSaveState('error', err.message);
    } finally {
      this.proposeButton.removeAttribute('aria-busy');
      this.proposeButton.textContent = 'Propose a plan';
    }
  }

  showProposal(p) {
    this.proposal = p;
    for (const a of p.add) {
      const btn = this.cellByKey.get(`${a.session_id}|${a.member_id}`);
      if (btn) {
        btn.classList.add('is-proposed');
        this.proposed.push(btn);
      }
    }
    const ratio = (c) => `${c.covered}/${c.total}`;
    const line = (a) => h('li', { class: 'proposal-item' },
      h('span', { class: 'proposal-when' }, `${shortDayLabel(a.day)} ${a.start}–${a.end}`),
      ' ', h('span', { class: 'proposal-session' }, a.session_title),
      ' → ', h('strong', null, a.member_name),
      a.matches.length ? h('span', { class: 'muted' }, ` (knows ${a.matches.map((c) => this.blockName(c)).join(', ')})`) : null);
    const apply = h('button', {
      type: 'button', class: 'button primary', id: 'apply-plan',
      disabled: p.add.length === 0 && p.remove.length === 0,
      onclick: () => this.applyProposal(),
    }, p.add.length ? `Apply (${p.add.length})` : 'Apply');
    clear(this.proposalPanel,
      h('div', { class: 'proposal-head' },
        h('h3', { id: 'plan-proposal-title', tabindex: '-1' }, 'Proposed plan'),
        h('p', { class: 'proposal-summary' },
          p.add.length === 0 ? 'Nothing to add. ' : `Adds ${p.add.length} assignment${p.add.length === 1 ? '' : 's'} (marked in the grid). `,
          `Must ${ratio(p.before.must)} → ${ratio(p.after.must)} covered, should ${ratio(p.before.should)} → ${ratio(p.after.should)}.`,
          p.optimal ? '' : ' (The solver stopped before proving this optimal.)'),
        h('div', { class: 'proposal-actions' },
          apply,
          h('button', { type: 'button', class: 'button', id: 'cancel-plan', onclick: () => this.closeProposal(true) }, 'Cancel'))),
      h('div', { class: 'proposal-body' },
        h('div', { class: 'proposal-col' },
          h('h4', null, `Who would go where (${p.add.length})`),
          p.add.length ? h('ul', { class: 'proposal-list', id: 'proposal-adds' }, p.add.map(line))
            : h('p', { class: 'muted' }, 'No one: the plan already has everyone it can place.'),
          p.remove.length ? [h('h4', null, `Earlier auto assignments dropped (${p.remove.length})`),
            h('ul', { class: 'proposal-list' }, p.remove.map(line))] : null),
        h('div', { class: 'proposal-col' },
          h('h4', null, `Stays uncovered (${p.uncovered.length})`),
          p.uncovered.length ? h('ul', { class: 'proposal-list', id: 'proposal-uncovered' },
            p.uncovered.map((u) => h('li', { class: 'proposal-why' }, u.why)))
            : h('p', { class: 'muted' }, 'Every must and should session would be covered.'))));
    this.proposalPanel.hidden = false;
    // The proposal takes the conflicts' place while it is open.
    this.conflictsWereOpen = this.conflictPanel.open;
    this.conflictPanel.open = false;
    this.proposalPanel.querySelector('h3').focus();
  }

  blockName(code) {
    const b = this.ctx.blockByCode && this.ctx.blockByCode.get(code);
    return b ? b.name : code;
  }

  closeProposal(refocus) {
    for (const btn of this.proposed) btn.classList.remove('is-proposed');
    this.proposed = [];
    this.proposal = null;
    if (!this.proposalPanel.hidden && this.conflictsWereOpen) this.conflictPanel.open = true;
    this.proposalPanel.hidden = true;
    clear(this.proposalPanel);
    if (refocus) this.proposeButton.focus();
  }

  async applyProposal() {
    if (!this.proposal) return;
    const proposal = this.proposal;
    let applied;
    try {
      applied = await this.ctx.saving(() => this.ctx.api.applyPlan(proposal));
    } catch (err) {
      if (err.code === 'invalid') this.closeProposal(true);
      return;
    }
    for (const s of applied.sessions) this.storeSession(s);
    this.updateFoot();
    this.closeProposal(true);
    this.refreshChecks();
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

  onConflictClick(e) {
    const item = e.target.closest('.conflict-item');
    if (!item || !this.conflicts) return;
    const c = this.conflicts[Number(item.dataset.index)];
    if (!c) return;
    const cell = c.cells[0];
    let btn = cell ? this.cellByKey.get(`${cell.session_id}|${cell.member_id}`) : null;
    if (!btn && c.session_ids.length) {
      const row = this.cells.findIndex((r) => r[0] && r[0].dataset.sessionId === String(c.session_ids[0]));
      btn = row >= 0 ? this.cells[row][0] : null;
    }
    if (!btn) return;
    if (this.isHiddenRow(Number(btn.dataset.row))) {
      filters = { day: '', priority: '', uncovered: false };
      this.dayFilter.value = '';
      this.priorityFilter.value = '';
      this.uncoveredFilter.checked = false;
      this.applyFilters();
    }
    this.makeCurrent(btn);
    btn.scrollIntoView({ block: 'center', inline: 'nearest' });
    btn.focus({ preventScroll: true });
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
    const lastCol = this.members.length - 1;
    let target = null;
    switch (e.key) {
      case 'ArrowRight': target = [row, Math.min(col + 1, lastCol)]; break;
      case 'ArrowLeft': target = [row, Math.max(col - 1, 0)]; break;
      case 'ArrowDown': target = [this.step(row, 1), col]; break;
      case 'ArrowUp': target = [this.step(row, -1), col]; break;
      case 'PageDown': target = [this.step(row, 10), col]; break;
      case 'PageUp': target = [this.step(row, -10), col]; break;
      case 'Home': target = e.ctrlKey ? [this.step(-1, 1), 0] : [row, 0]; break;
      case 'End': target = e.ctrlKey ? [this.step(this.cells.length, -1), lastCol] : [row, lastCol]; break;
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
      case 'l':
      case 'L':
        if (e.ctrlKey) return;
        e.preventDefault();
        this.setLock(btn, !btn.dataset.locked);
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

  /** Which cell takes Tab: the asked-for session/member, the last one used, or the first shown. */
  placeInitialFocus() {
    const want = {
      sessionId: this.ctx.params.sessionId != null ? String(this.ctx.params.sessionId) : lastCell && lastCell.sessionId,
      memberId: this.ctx.params.memberId != null ? String(this.ctx.params.memberId) : lastCell && lastCell.memberId,
    };
    let row = this.cells.findIndex((r) => r[0].dataset.sessionId === want.sessionId);
    let col = this.members.findIndex((m) => String(m.id) === want.memberId);
    if (row < 0 || this.isHiddenRow(row)) row = this.step(-1, 1);
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
      const locked = Boolean(btn.dataset.locked);
      items.push(h('div', { class: 'role-sep', role: 'separator' }));
      items.push(h('button', {
        type: 'button', class: 'role-item lock', role: 'menuitemcheckbox',
        'aria-checked': String(locked), 'data-action': 'lock', tabindex: '-1',
      }, h('span', { class: 'role-name' }, 'Locked'), h('span', { class: 'role-hint' }, 'the auto-planner keeps it (L)')));
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
    const start = buttons.find((b) => b.getAttribute('aria-checked') === 'true' && b.dataset.role) || buttons[0];
    start.focus();

    menu.addEventListener('click', (e) => {
      const item = e.target.closest('.role-item');
      if (!item) return;
      this.closeMenu(true);
      if (item.dataset.action === 'lock') this.setLock(btn, item.getAttribute('aria-checked') !== 'true');
      else this.change(btn, item.dataset.role || null);
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
