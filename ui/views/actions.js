// Follow-up actions: what the delegation has to do after the conference, with an owner and a due
// date; overdue ones (open, due before today in the conference's time zone) stand out.

import { clear, h } from '../dom.js';
import { emptyState, viewHeader } from '../widgets.js';

export async function render(container, ctx) {
  const [actions, members] = await Promise.all([ctx.api.listActions(), ctx.api.listMembers()]);
  const params = ctx.params || {};
  const title = h('input', { id: 'action-title', class: 'select', type: 'text', required: true,
    placeholder: 'What is to be done', value: params.title || '' });
  const owner = h('select', { id: 'action-owner', class: 'select' },
    h('option', { value: '' }, 'No owner'), members.map((m) => h('option', { value: String(m.id) }, m.name)));
  const due = h('input', { id: 'action-due', class: 'select', type: 'date' });
  const message = h('p', { class: 'form-message', role: 'status' });
  const noteId = params.noteId || null;
  const form = h('form', { class: 'action-form', id: 'action-form' },
    h('div', { class: 'field grow' }, h('label', { for: 'action-title' }, 'Action'), title),
    h('div', { class: 'field' }, h('label', { for: 'action-owner' }, 'Owner'), owner),
    h('div', { class: 'field' }, h('label', { for: 'action-due' }, 'Due'), due),
    h('div', { class: 'field' }, h('span', { class: 'field-spacer' }, ' '),
      h('button', { type: 'submit', class: 'button primary', id: 'action-add' }, 'Add action')),
    noteId ? h('p', { class: 'small muted form-note' }, 'From a note: the action links back to it.') : null,
    message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!title.value.trim()) { message.textContent = 'Say what is to be done.'; title.focus(); return; }
    try {
      await ctx.saving(() => ctx.api.addAction(title.value.trim(), owner.value ? Number(owner.value) : null, due.value || null, noteId));
    } catch {
      return; // the banner and the status line say why; the form keeps what was typed
    }
    ctx.navigate('actions');
  });

  const open = actions.filter((a) => a.status === 'open');
  const overdue = open.filter((a) => a.overdue).length;
  const summary = `${open.length} open${overdue ? `, ${overdue} overdue` : ''}, ${actions.length - open.length} done.`;
  const list = actions.length
    ? h('table', { class: 'data-table actions-table', id: 'actions-table' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Done'), h('th', { scope: 'col' }, 'Action'), h('th', { scope: 'col' }, 'Owner'),
        h('th', { scope: 'col' }, 'Due'), h('th', { scope: 'col' }, ''))),
      h('tbody', null, actions.map((a) => h('tr', {
        class: ['action-row', a.overdue ? 'overdue' : null, a.status === 'done' ? 'done' : null],
        'data-action-id': a.id,
      },
      h('td', null, h('input', {
        type: 'checkbox',
        class: 'action-done',
        checked: a.status === 'done',
        'aria-label': `Done: ${a.title}`,
        onchange: async (e) => {
          try {
            await ctx.saving(() => ctx.api.setActionDone(a.id, e.target.checked));
            ctx.navigate('actions');
          } catch { e.target.checked = !e.target.checked; }
        },
      })),
      h('td', { class: 'action-title' }, a.title),
      h('td', null, a.owner_name || h('span', { class: 'muted' }, 'no owner')),
      h('td', { class: 'action-due' }, a.due_on || '', a.overdue ? h('span', { class: 'badge overdue-badge' }, 'Overdue') : null),
      h('td', null, a.note_id ? h('button', {
        type: 'button', class: 'link-button', onclick: () => ctx.navigate('notes', { noteId: a.note_id }),
      }, 'Open note') : null)))))
    : emptyState('No actions yet.', 'Add one above, or from a note with “Add follow-up action”.');
  clear(container, viewHeader('Actions', summary), form, list);
  if (params.title !== undefined) title.focus();
}
