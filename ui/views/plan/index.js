// Plan: who covers which session. A grid of sessions (rows, grouped by day) × members (columns) where
// each cell assigns or unassigns one member. This entry loads what the grid needs and says what to do
// when there is nothing to plan yet; the grid and its parts live beside it:
//   grid.js      the table, its rows and foot, and the changes a cell makes (assign, role, lock, priority)
//   filters.js   the filter bar (day, priority, uncovered only), hiding rows without rebuilding them
//   conflicts.js the conflicts panel and the marks on conflicting cells and rows
//   proposal.js  "Propose a plan": the auto-planner's proposal, marked in the grid, with Apply/Cancel
//   menu.js      the role menu of a cell (right-click, R, Shift+F10)
//   keys.js      keyboard use: the one cell that takes Tab, arrow keys, the cell's single-key actions
//   window.js    the rows in sight: only they are in the table, each built when first needed
//   columns.js   the member columns in sight: a drawn row holds only their cells

import { clear } from '../../dom.js';
import { emptyState, viewHeader } from '../../widgets.js';
import { PlanGrid } from './grid.js';

export async function render(container, ctx) {
  // One call (the sessions from the shared list when the window holds it).
  const { sessions, members, conflicts, coverage } = await ctx.api.planGrid();

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
