// My agenda: one member's sessions by day (time, title, room, their role, who else is there), or the
// whole delegation's; and "Export to calendar (.ics)…" through the native save dialog, for their phone.

import { clear, h } from '../dom.js';
import { ROLE_LABELS } from '../format.js';
import { emptyState, kindBadge, statusBadge, viewHeader } from '../widgets.js';

// The member last shown, kept while switching views ('' = the whole delegation).
let chosen = null;

export async function render(container, ctx) {
  const members = await ctx.api.listMembers();
  if (ctx.params.memberId != null) chosen = String(ctx.params.memberId);
  if (chosen === null || (chosen !== '' && !members.some((m) => String(m.id) === chosen))) {
    chosen = members.length ? String(members[0].id) : '';
  }

  const picker = h('select', { id: 'agenda-member', class: 'select agenda-picker' },
    members.map((m) => h('option', { value: String(m.id), selected: String(m.id) === chosen }, m.name)),
    h('option', { value: '', selected: chosen === '' }, 'Whole delegation'));
  const exportButton = h('button', {
    type: 'button',
    class: 'button',
    id: 'export-ics',
    title: 'Save this agenda as a calendar file for a phone or calendar app',
  }, 'Export to calendar (.ics)…');
  const summary = h('p', { class: 'view-summary', 'aria-live': 'polite' });
  const results = h('div', { class: 'agenda-results' });
  const header = viewHeader('My agenda', null, exportButton);
  header.querySelector('.view-heading').appendChild(summary);

  let agenda = null;
  // Only the list is redrawn when another member is picked, so the picker keeps the keyboard focus.
  async function show() {
    const memberId = chosen === '' ? null : Number(chosen);
    const loaded = await ctx.api.memberAgenda(memberId);
    if (chosen !== (memberId === null ? '' : String(memberId))) return; // a newer pick is loading
    agenda = loaded;
    const count = agenda.days.reduce((n, d) => n + d.items.length, 0);
    const whose = agenda.member_name || 'The delegation';
    summary.textContent = `${whose}: ${count} ${count === 1 ? 'session' : 'sessions'} · times in ${agenda.time_zone}`;
    exportButton.disabled = count === 0;
    clear(results, count === 0
      ? emptyState(memberId === null ? 'No session is covered yet.' : `${whose} has no sessions yet.`,
        'Assign people to sessions in the Plan; their sessions then appear here by day.',
        { label: 'Go to the Plan', onClick: () => ctx.navigate('plan', memberId === null ? {} : { memberId }) })
      : agenda.days.map((day) => h('section', { class: 'day', 'aria-label': day.label },
        h('h3', { class: 'day-header' }, day.label),
        h('ul', { class: 'agenda-list' }, day.items.map((item) => agendaItem(item, agenda, ctx))))));
  }

  picker.addEventListener('change', () => {
    chosen = picker.value;
    show().catch(() => { /* the banner says why */ });
  });
  exportButton.addEventListener('click', () => {
    if (!agenda) return;
    exportIcs(agenda, agenda.member_id, ctx, exportButton).catch(() => { /* the banner says why */ });
  });

  clear(container,
    header,
    h('div', { class: 'agenda-toolbar' },
      h('label', { for: 'agenda-member', class: 'toolbar-label' }, 'Agenda of'), picker),
    results);
  await show();
}

function agendaItem(item, agenda, ctx) {
  const cancelled = item.status === 'cancelled';
  const others = item.covered_by.filter((a) => a.member_id !== agenda.member_id);
  return h('li', { class: ['agenda-item', cancelled ? 'is-cancelled' : null], 'data-session-id': item.session_id },
    h('span', { class: 'session-time' }, `${item.start}–${item.end}`),
    h('span', { class: 'agenda-main' },
      h('button', {
        type: 'button',
        class: 'link-button agenda-title',
        title: 'Show in the Agenda',
        onclick: () => ctx.navigate('agenda', { sessionId: item.session_id }),
      }, item.title),
      h('span', { class: 'session-sub' },
        kindBadge(item.kind),
        statusBadge(item.status),
        item.room ? h('span', { class: 'session-room' }, item.room) : null),
      others.length
        ? h('span', { class: 'agenda-with muted' },
          `${agenda.member_id === null ? '' : 'With '}${others.map((a) => `${a.member_name} (${a.role})`).join(', ')}`)
        : null),
    item.role ? h('span', { class: `badge role role-${item.role}` }, ROLE_LABELS[item.role] || item.role) : null);
}

async function exportIcs(agenda, memberId, ctx, button) {
  const base = (agenda.member_name || 'delegation').normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'agenda';
  const path = await ctx.api.chooseIcsPath(`${base}-agenda.ics`);
  if (!path) return;
  button.disabled = true;
  try {
    const done = await ctx.saving(() => ctx.api.exportAgendaIcs(memberId, path));
    ctx.setSaveState('saved', `Saved ${done.events} ${done.events === 1 ? 'event' : 'events'} to ${done.path}`);
  } finally {
    button.disabled = false;
  }
}
