// Agenda: the programme grouped by day. Each row shows time, title, kind, room, priority and
// who covers it; clicking a row (or Enter on it) expands description, moderator and speakers. The
// details of a row are built when it is first expanded (600 sessions' descriptions, speakers and
// buttons would otherwise be thousands of hidden elements), and a day's rows are put into the page in
// runs of 30 as they come near the screen (a placeholder of their height stands in until then), so
// 600 sessions open as fast as 30.

import { append, clear, h } from '../dom.js';
import { assignmentNames, dayLabel, groupByDay, timeRange, zoneCity } from '../format.js';
import { blockTags, emptyState, kindBadge, priorityBadge, statusBadge, viewHeader } from '../widgets.js';
import { addSessionButton, handleSessionAction, sessionEditButtons } from './session-editor.js';
import { importButton } from '../import.js';

// Rows the user expanded, kept while switching views.
const expanded = new Set();
// A row's details are built on its first expansion: row → the function that builds them.
const detailsOf = new WeakMap();
/** Rows put into the page at a time, and the height a row is guessed at until then (px). */
const CHUNK = 30;
const ROW_GUESS = 64;

export async function render(container, ctx) {
  const sessions = await ctx.api.listSessions();

  if (sessions.length === 0) {
    clear(container,
      viewHeader('Agenda', null, importButton(ctx), addSessionButton(ctx)),
      emptyState('The programme is empty.',
        'This conference has no sessions yet. Once its programme is in the data file, the sessions appear here day by day.'));
    return;
  }

  const groups = groupByDay(sessions, ctx.conference.days);
  const uncovered = sessions.filter((s) => s.priority === 'must' && s.kind !== 'break' && s.status !== 'cancelled' && s.assignments.length === 0).length;
  const breaks = sessions.filter((s) => s.kind === 'break').length;
  const real = sessions.length - breaks;
  const summary = `${real} ${real === 1 ? 'session' : 'sessions'}`
    + (breaks ? ` and ${breaks} ${breaks === 1 ? 'break' : 'breaks'}` : '')
    + ` over ${groups.length} ${groups.length === 1 ? 'day' : 'days'}`
    + (uncovered ? ` · ${uncovered} must-attend ${uncovered === 1 ? 'session is' : 'sessions are'} not covered yet` : ' · every must-attend session is covered');

  // Runs of rows not in the page yet: placeholder → the sessions it stands for.
  const pending = new Map();
  const fill = (placeholder) => {
    const run = pending.get(placeholder);
    if (!run) return;
    pending.delete(placeholder);
    observer.unobserve(placeholder);
    placeholder.replaceWith(...run.map((s) => sessionRow(s, ctx)));
  };
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) fill(e.target);
  }, { root: container, rootMargin: '1200px 0px' });
  const rows = (daySessions, first) => {
    const out = [];
    for (let i = 0; i < daySessions.length; i += CHUNK) {
      const run = daySessions.slice(i, i + CHUNK);
      if (first && i === 0) {
        out.push(...run.map((s) => sessionRow(s, ctx)));
      } else {
        const placeholder = h('li', { class: 'session-run', 'aria-hidden': 'true' });
        placeholder.style.height = `${run.length * ROW_GUESS}px`;
        pending.set(placeholder, run);
        observer.observe(placeholder);
        out.push(placeholder);
      }
    }
    return out;
  };

  clear(container,
    viewHeader('Agenda', summary, importButton(ctx), addSessionButton(ctx)),
    groups.map(({ day, sessions: daySessions }, i) =>
      h('section', { class: 'day', 'aria-label': dayLabel(day) },
        h('h3', { class: 'day-header' }, dayLabel(day)),
        h('ul', { class: 'session-list' }, rows(daySessions, i === 0)))));

  // Jump to a session when asked (e.g. from elsewhere: navigate('agenda', {sessionId})).
  if (ctx.params.sessionId != null) {
    const id = Number(ctx.params.sessionId);
    for (const [placeholder, run] of [...pending]) if (run.some((s) => s.id === id)) fill(placeholder);
    const row = container.querySelector(`.session-row[data-session-id="${id}"]`);
    if (row) {
      setExpanded(row, true);
      row.scrollIntoView({ block: 'center' });
    }
  }
}

/** One session: a summary line (a button, so it works from the keyboard) and hidden details. */
function sessionRow(s, ctx) {
  const detailsId = `session-details-${s.id}`;
  const covered = s.assignments.length > 0;
  const needsCover = !covered && (s.priority === 'must' || s.priority === 'should');

  const toggle = h('button', {
    type: 'button',
    class: 'session-summary',
    'aria-expanded': 'false',
    'aria-controls': detailsId,
  },
  h('span', { class: 'session-time' }, timeRange(s),
    s.home ? h('span', { class: 'home-time', title: `The same time in ${s.home.zone}` },
      h('span', null, `${s.home.start}–${s.home.end}`),
      h('span', { class: 'home-zone' }, zoneCity(s.home.zone))) : null),
  h('span', { class: 'session-main' },
    h('span', { class: 'session-title' }, s.title),
    h('span', { class: 'session-sub' },
      kindBadge(s.kind),
      statusBadge(s.status),
      s.room ? h('span', { class: 'session-room' }, s.room) : null)),
  h('span', { class: 'session-priority' }, priorityBadge(s.priority)),
  h('span', { class: ['session-cover', needsCover ? 'warn' : null, covered ? null : 'muted'] },
    covered ? assignmentNames(s) : (s.kind === 'break' || s.priority === 'skip' ? '' : 'Not covered')));

  const details = h('div', { id: detailsId, class: 'session-details', hidden: true });
  const fillDetails = () => append(details, [
    s.description ? h('p', { class: 'session-description' }, s.description) : null,
    h('dl', { class: 'session-facts' },
      s.moderator ? [h('dt', null, 'Moderator'), h('dd', null, s.moderator)] : null,
      s.speakers && s.speakers.length
        ? [h('dt', null, 'Speakers'), h('dd', null, h('ul', { class: 'speakers' }, s.speakers.map((p) => h('li', null, p))))]
        : null,
      s.track ? [h('dt', null, 'Track'), h('dd', null, s.track)] : null,
      s.blocks && s.blocks.length ? [h('dt', null, 'Building blocks'), h('dd', null, blockTags(s.blocks, ctx.blockByCode))] : null,
      s.kind === 'break' ? null : [h('dt', null, 'Covered by'), h('dd', null, covered ? assignmentNames(s) : 'Nobody yet')]),
    h('div', { class: 'session-actions' },
      h('button', { type: 'button', class: 'button small', 'data-action': 'notes' }, 'Notes for this session'),
      s.kind === 'break' ? null : h('button', { type: 'button', class: 'button small', 'data-action': 'plan' }, 'Plan who goes'),
      sessionEditButtons(s))]);

  const row = h('li', {
    class: ['session-row', `priority-${s.priority}-row`, s.kind === 'break' ? 'is-break' : null, s.status === 'cancelled' ? 'is-cancelled' : null],
    'data-session-id': s.id,
  }, toggle, details);
  detailsOf.set(row, fillDetails);

  // A click anywhere on the row toggles it, except on its action buttons or while selecting text.
  row.addEventListener('click', (e) => {
    const action = e.target.closest('[data-action]');
    if (action) {
      if (handleSessionAction(action.dataset.action, s, ctx)) return;
      ctx.navigate(action.dataset.action, { sessionId: s.id });
      return;
    }
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed && row.contains(selection.anchorNode) && e.target !== toggle) return;
    setExpanded(row, !row.classList.contains('expanded'));
  });

  if (expanded.has(s.id)) setExpanded(row, true);
  return row;
}

function setExpanded(row, open) {
  const id = Number(row.dataset.sessionId);
  row.classList.toggle('expanded', open);
  row.querySelector('.session-summary').setAttribute('aria-expanded', String(open));
  const details = row.querySelector('.session-details');
  if (open && !details.firstChild && detailsOf.has(row)) detailsOf.get(row)();
  details.hidden = !open;
  if (open) expanded.add(id); else expanded.delete(id);
}
