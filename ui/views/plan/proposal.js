// "Propose a plan": asks the auto-planner for a proposal and shows it without changing anything: the
// cells it would fill are marked in the grid, a panel says who would go where, what it drops (with
// "Re-plan auto assignments") and what stays uncovered and why. Apply writes it in one step; Cancel or
// Esc leaves the plan as it was. While open, the proposal takes the conflicts panel's place.

import { clear, h } from '../../dom.js';
import { shortDayLabel } from '../../format.js';

export class Proposal {
  constructor(grid) {
    this.grid = grid;
    this.shown = null; // the proposal on screen
    this.marked = []; // cells marked as proposed
    this.conflictsWereOpen = false;
    this.button = h('button', {
      type: 'button', class: 'button primary', id: 'propose-plan',
      onclick: () => this.propose(),
    }, 'Propose a plan');
    this.replaceAuto = h('input', { type: 'checkbox', id: 'plan-replace-auto' });
    this.panel = h('section', {
      class: 'plan-proposal', id: 'plan-proposal', hidden: true, 'aria-labelledby': 'plan-proposal-title',
    });
    this.panel.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      this.close(true);
    });
  }

  /** The header's controls: "Re-plan auto assignments" and "Propose a plan". */
  controls() {
    return [
      h('label', { class: 'check small', title: 'Let the planner drop its own earlier assignments (never locked or hand-made ones) and plan those places again' },
        this.replaceAuto, ' Re-plan auto assignments'),
      this.button,
    ];
  }

  async propose() {
    const { ctx } = this.grid;
    if (this.button.getAttribute('aria-busy') === 'true') return;
    this.close(false);
    this.button.setAttribute('aria-busy', 'true');
    this.button.textContent = 'Planning…';
    try {
      this.show(await ctx.api.proposePlan(this.replaceAuto.checked));
    } catch (err) {
      ctx.setSaveState('error', err.message);
    } finally {
      this.button.removeAttribute('aria-busy');
      this.button.textContent = 'Propose a plan';
    }
  }

  show(p) {
    const { grid } = this;
    this.shown = p;
    for (const a of p.add) {
      const btn = grid.cellByKey.get(`${a.session_id}|${a.member_id}`);
      if (btn) {
        btn.classList.add('is-proposed');
        this.marked.push(btn);
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
      onclick: () => this.apply(),
    }, p.add.length ? `Apply (${p.add.length})` : 'Apply');
    clear(this.panel,
      h('div', { class: 'proposal-head' },
        h('h3', { id: 'plan-proposal-title', tabindex: '-1' }, 'Proposed plan'),
        h('p', { class: 'proposal-summary' },
          p.add.length === 0 ? 'Nothing to add. ' : `Adds ${p.add.length} assignment${p.add.length === 1 ? '' : 's'} (marked in the grid). `,
          `Must ${ratio(p.before.must)} → ${ratio(p.after.must)} covered, should ${ratio(p.before.should)} → ${ratio(p.after.should)}.`,
          p.optimal ? '' : ' (The solver stopped before proving this optimal.)'),
        h('div', { class: 'proposal-actions' },
          apply,
          h('button', { type: 'button', class: 'button', id: 'cancel-plan', onclick: () => this.close(true) }, 'Cancel'))),
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
    this.panel.hidden = false;
    // The proposal takes the conflicts' place while it is open.
    const conflicts = grid.conflicts.details;
    this.conflictsWereOpen = conflicts.open;
    conflicts.open = false;
    this.panel.querySelector('h3').focus();
  }

  blockName(code) {
    const { ctx } = this.grid;
    const b = ctx.blockByCode && ctx.blockByCode.get(code);
    return b ? b.name : code;
  }

  close(refocus) {
    for (const btn of this.marked) btn.classList.remove('is-proposed');
    this.marked = [];
    this.shown = null;
    if (!this.panel.hidden && this.conflictsWereOpen) this.grid.conflicts.details.open = true;
    this.panel.hidden = true;
    clear(this.panel);
    if (refocus) this.button.focus();
  }

  async apply() {
    const { grid } = this;
    if (!this.shown) return;
    const proposal = this.shown;
    let applied;
    try {
      applied = await grid.ctx.saving(() => grid.ctx.api.applyPlan(proposal));
    } catch (err) {
      if (err.code === 'invalid') this.close(true);
      return;
    }
    for (const s of applied.sessions) grid.storeSession(s);
    grid.updateFoot();
    this.close(true);
    grid.refreshChecks();
  }
}
