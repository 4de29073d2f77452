// The Plan's filters: a day, a priority, "uncovered only". They hide rows of the grid (and days with
// no row left) without rebuilding anything, so filtering stays instant at 600 × 40, and they are kept
// while the app runs. The rows hidden are left out of the grid's window (window.js). What "uncovered" means lives here too, since the rows show it as well.

import { h } from '../../dom.js';
import { PRIORITIES, PRIORITY_LABELS, shortDayLabel } from '../../format.js';

const NONE = { day: '', priority: '', uncovered: false };

// The filters, kept while the app runs.
let filters = { ...NONE };

/** Whether a session still lacks people it needs (must and should only). */
export function isUncovered(s) {
  return (s.priority === 'must' || s.priority === 'should') && s.kind !== 'break'
    && s.status !== 'cancelled' && s.assignments.length < s.need;
}

export class Filters {
  constructor(grid) {
    this.grid = grid;
  }

  /** True while only uncovered sessions are shown (so a change of coverage re-filters). */
  get uncoveredOnly() {
    return filters.uncovered;
  }

  /** The filter bar: day and priority selects, the "Uncovered only" box, and how many rows show. */
  bar() {
    const days = this.grid.groups.map((g) => g.day);
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
      this.apply();
    };
    for (const el of [this.dayFilter, this.priorityFilter, this.uncoveredFilter]) el.addEventListener('change', onChange);
    this.filterNote = h('span', { class: 'muted small', id: 'plan-filter-note', 'aria-live': 'polite' });
    return h('div', { class: 'plan-filters', role: 'group', 'aria-label': 'Filters' },
      this.dayFilter, this.priorityFilter,
      h('label', { class: 'check' }, this.uncoveredFilter, ' Uncovered only'),
      this.filterNote);
  }

  /** Show every row again (e.g. to reach a conflict's cell that a filter hides). */
  reset() {
    filters = { ...NONE };
    this.dayFilter.value = '';
    this.priorityFilter.value = '';
    this.uncoveredFilter.checked = false;
    this.apply();
  }

  /** Hide what the filters leave out; nothing is rebuilt. */
  apply() {
    const { table, sessions, keys, hiddenIds } = this.grid;
    let shown = 0;
    hiddenIds.clear();
    for (const day of this.grid.days) {
      const dayHidden = Boolean(filters.day) && day.day !== filters.day;
      day.hidden = dayHidden;
      if (dayHidden) continue;
      let any = false;
      for (const id of day.sessions) {
        const s = sessions.get(id);
        let hide = false;
        if (s.kind === 'break') hide = Boolean(filters.priority) || filters.uncovered;
        else hide = (filters.priority && s.priority !== filters.priority) || (filters.uncovered && !isUncovered(s));
        if (hide) hiddenIds.add(id);
        if (!hide && s.kind !== 'break') { any = true; shown += 1; }
      }
      day.hidden = !any;
    }
    for (const tr of table.tFoot.rows) tr.hidden = Boolean(filters.day) && tr.dataset.day !== filters.day;
    const filtering = filters.day || filters.priority || filters.uncovered;
    this.filterNote.textContent = filtering ? `${shown} of ${this.grid.rowCount} sessions shown` : '';
    this.grid.window.refresh();
    keys.keepCurrentShown();
  }
}
