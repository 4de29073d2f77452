// Adding and editing sessions by hand, for the Agenda view: the "Add session" button, the session form
// (a modal dialog: Esc cancels, refusals shown by field), and the edit / cancel / restore / delete
// actions in a session's expanded details. Times are typed in the conference's time zone.

import { h } from '../dom.js';
import { KIND_LABELS, PRIORITY_LABELS, dayLabel } from '../format.js';
import { confirmDialog } from '../confirm.js';
import { openFormDialog, splitLines } from '../forms.js';

const ACTIONS = new Set(['edit-session', 'cancel-session', 'restore-session', 'delete-session']);

/** The "Add session" button of the Agenda header. */
export function addSessionButton(ctx) {
  return h('button', {
    type: 'button',
    class: 'button primary',
    id: 'add-session',
    title: 'Add a session or side event by hand',
    onclick: () => openSessionForm(null, ctx),
  }, 'Add session');
}

/** Edit, cancel or restore, and delete: buttons for a session's expanded details. */
export function sessionEditButtons(s) {
  const cancelled = s.status === 'cancelled';
  return [
    h('button', { type: 'button', class: 'button small', 'data-action': 'edit-session' }, 'Edit'),
    h('button', { type: 'button', class: 'button small', 'data-action': cancelled ? 'restore-session' : 'cancel-session' },
      cancelled ? 'Restore' : 'Cancel session'),
    h('button', { type: 'button', class: 'button small danger-text', 'data-action': 'delete-session' }, 'Delete'),
  ];
}

/** Handles one of the buttons above; returns false for any other action. */
export function handleSessionAction(action, s, ctx) {
  if (!ACTIONS.has(action)) return false;
  run(action, s, ctx).catch(() => { /* the banner says why */ });
  return true;
}

async function run(action, s, ctx) {
  if (action === 'edit-session') {
    await openSessionForm(s, ctx);
  } else if (action === 'cancel-session' || action === 'restore-session') {
    await ctx.saving(() => ctx.api.setSessionStatus(s.id, action === 'cancel-session' ? 'cancelled' : 'scheduled'));
    ctx.navigate('agenda', { sessionId: s.id });
  } else if (action === 'delete-session') {
    const people = s.assignments.length;
    // The brief (objectives, points, defensive lines) is deleted with the session: say so before asking.
    const brief = await ctx.api.getBrief(s.id);
    const hasBrief = [brief.objectives, brief.points, brief.lines].some((t) => t && t.trim());
    const ok = await confirmDialog({
      title: `Delete “${s.title}”?`,
      text: [
        `${dayLabel(s.day)}, ${s.start}–${s.end}${s.room ? `, ${s.room}` : ''}.`,
        people ? `${people === 1 ? 'Its assignment' : `Its ${people} assignments`} will be removed too.` : 'Nobody is assigned to it.',
        hasBrief
          ? 'Its brief (objectives, points to make, defensive lines) will be deleted too: cancel the session instead to keep it.'
          : null,
        'A session with notes cannot be deleted: cancel it instead, which keeps its notes.',
      ].filter(Boolean),
      confirmLabel: 'Delete session',
      danger: true,
    });
    if (!ok) return;
    await ctx.saving(() => ctx.api.deleteSession(s.id));
    ctx.navigate('agenda');
  }
}

/** Opens the session form: empty to add, filled to edit `session`. */
export async function openSessionForm(session, ctx) {
  const days = ctx.conference.days || [];
  const editing = Boolean(session);
  const v = session || {};
  const fields = [
    { name: 'title', label: 'Title', required: true, value: v.title, wide: true, placeholder: 'Side event: …' },
    {
      name: 'date', label: 'Day', type: 'select', value: v.day || days[0],
      options: days.map((d) => ({ value: d, label: dayLabel(d) })),
    },
    { name: 'start', label: 'Start', required: true, value: v.start, placeholder: 'HH:MM', inputmode: 'numeric',
      hint: `Time in ${ctx.conference.time_zone}` },
    { name: 'end', label: 'End', value: v.end, placeholder: 'HH:MM', inputmode: 'numeric', hint: 'Or give a duration' },
    { name: 'duration', label: 'Duration (minutes)', type: 'number', min: 1, placeholder: 'e.g. 60' },
    { name: 'room', label: 'Room', value: v.room },
    { name: 'track', label: 'Track', value: v.track },
    {
      name: 'kind', label: 'Kind', type: 'select', value: v.kind || 'side-event',
      options: Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label })),
    },
    {
      name: 'priority', label: 'Priority', type: 'select', value: v.priority || 'optional',
      options: Object.entries(PRIORITY_LABELS).map(([value, label]) => ({ value, label })),
    },
    { name: 'moderator', label: 'Moderator', value: v.moderator },
    { name: 'speakers', label: 'Speakers (one per line)', type: 'textarea', rows: 2, value: (v.speakers || []).join('\n'), wide: true },
    { name: 'description', label: 'Description', type: 'textarea', rows: 3, value: v.description, wide: true },
  ];
  const saved = await openFormDialog({
    id: 'session-form',
    idPrefix: 'sf',
    title: editing ? 'Edit session' : 'Add a session',
    intro: editing && v.assignments && v.assignments.length
      ? 'Who covers it stays assigned when its time changes.'
      : null,
    fields,
    submitLabel: editing ? 'Save changes' : 'Add session',
    onSubmit: async (values) => {
      const input = {
        title: values.title,
        date: values.date,
        start: values.start,
        room: values.room,
        kind: values.kind,
        priority: values.priority,
        track: values.track,
        moderator: values.moderator,
        speakers: splitLines(values.speakers),
        description: values.description,
      };
      const duration = String(values.duration || '').trim();
      if (duration) {
        const n = Number(duration);
        if (!Number.isInteger(n)) throw { code: 'invalid', message: `duration: "${duration}" is not a whole number of minutes` };
        input.duration = n;
        // A duration replaces the end; when both are typed the engine says so.
        if (values.end.trim() && (!editing || values.end.trim() !== v.end)) input.end = values.end;
      } else {
        input.end = values.end;
      }
      return ctx.saving(() => (editing ? ctx.api.editSession(v.id, input) : ctx.api.addSession(input)),
        { fieldErrors: true });
    },
  });
  if (saved) ctx.navigate('agenda', { sessionId: saved.id });
}
