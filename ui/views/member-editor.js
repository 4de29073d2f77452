// Adding, editing and removing members by hand, for the Delegation view: the "Add member" button, the
// member form (a modal dialog: Esc cancels, refusals shown by field) with availability and daily maximum,
// and a removal that first says whom it removes and what goes with them.

import { h } from '../dom.js';
import { stamp } from '../format.js';
import { confirmDialog } from '../confirm.js';
import { openFormDialog, splitList } from '../forms.js';

/** The "Add member" button of the Delegation header. */
export function addMemberButton(ctx) {
  return h('button', {
    type: 'button',
    class: 'button primary',
    id: 'add-member',
    onclick: () => openMemberForm(null, ctx),
  }, 'Add member');
}

/** Edit and Remove buttons for a member's row. */
export function memberEditButtons(m, sessionCount, ctx) {
  return h('span', { class: 'row-actions' },
    h('button', {
      type: 'button',
      class: 'button small',
      'data-action': 'edit-member',
      'aria-label': `Edit ${m.name}`,
      onclick: () => openMemberForm(m, ctx),
    }, 'Edit'),
    h('button', {
      type: 'button',
      class: 'button small danger-text',
      'data-action': 'remove-member',
      'aria-label': `Remove ${m.name}`,
      onclick: () => removeMember(m, sessionCount, ctx).catch(() => { /* the banner says why */ }),
    }, 'Remove'));
}

/** "Arrives Tue 18 Apr 12:00 · leaves Wed 19 Apr 16:00 · at most 2 sessions a day", or ''. */
export function availabilityLine(m) {
  const parts = [];
  if (m.arrives_at) parts.push(`arrives ${stamp(m.arrives_at)}`);
  if (m.departs_at) parts.push(`leaves ${stamp(m.departs_at)}`);
  if (m.max_per_day) parts.push(`at most ${m.max_per_day} ${m.max_per_day === 1 ? 'session' : 'sessions'} a day`);
  if (!parts.length) return '';
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "2023-04-18T12:00:00+02:00" → "2023-04-18 12:00" (already in the conference's zone). */
function localField(rfc3339) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(rfc3339 || '');
  return m ? `${m[1]} ${m[2]}` : '';
}

async function removeMember(m, sessionCount, ctx) {
  const notes = (await ctx.api.listNotes(null)).filter((n) => n.author_id === m.id).length;
  const ok = await confirmDialog({
    title: `Remove ${m.name} from the delegation?`,
    text: [
      sessionCount
        ? `${m.name} is assigned to ${sessionCount} ${sessionCount === 1 ? 'session' : 'sessions'}; ${sessionCount === 1 ? 'that assignment goes' : 'those assignments go'} too.`
        : `${m.name} is not assigned to any session.`,
      notes
        ? `The ${notes === 1 ? 'note' : `${notes} notes`} ${m.name} wrote ${notes === 1 ? 'stays' : 'stay'}, without an author.`
        : `${m.name} has written no notes.`,
    ],
    confirmLabel: `Remove ${m.name}`,
    danger: true,
  });
  if (!ok) return;
  await ctx.saving(() => ctx.api.removeMember(m.id));
  ctx.navigate('delegation');
}

/** Opens the member form: empty to add, filled to edit `member`. */
export async function openMemberForm(member, ctx) {
  const editing = Boolean(member);
  const v = member || {};
  const zone = ctx.conference.time_zone;
  const saved = await openFormDialog({
    id: 'member-form',
    idPrefix: 'mf',
    title: editing ? `Edit ${v.name}` : 'Add a member',
    fields: [
      { name: 'name', label: 'Name', required: true, value: v.name, wide: true },
      { name: 'title', label: 'Title', value: v.title, placeholder: 'e.g. Labour inspector' },
      { name: 'organisation', label: 'Organisation', value: v.organisation },
      { name: 'email', label: 'Email', value: v.email, placeholder: 'name@example.org' },
      { name: 'languages', label: 'Languages', value: (v.languages || []).join('; '), placeholder: 'en; fr', hint: 'Two-letter codes' },
      { name: 'arrives', label: 'Arrives', value: localField(v.arrives_at), placeholder: 'YYYY-MM-DD HH:MM', hint: `In ${zone}; empty: from the start` },
      { name: 'departs', label: 'Leaves', value: localField(v.departs_at), placeholder: 'YYYY-MM-DD HH:MM', hint: `In ${zone}; empty: to the end` },
      { name: 'max_per_day', label: 'Most sessions a day', type: 'number', min: 1, value: v.max_per_day ?? '', hint: 'Empty: no limit' },
      {
        name: 'expertise', label: 'Expertise', type: 'checkboxes', value: v.expertise || [], wide: true,
        options: ctx.blocks.map((b) => ({ value: b.code, label: b.name })),
      },
    ],
    submitLabel: editing ? 'Save changes' : 'Add member',
    onSubmit: async (values) => {
      const fields = {
        name: values.name,
        title: values.title,
        organisation: values.organisation,
        email: values.email,
        languages: splitList(values.languages),
        expertise: values.expertise,
        arrives: values.arrives,
        departs: values.departs,
        max_per_day: String(values.max_per_day || ''),
      };
      return ctx.saving(() => (editing ? ctx.api.editMember(v.id, fields) : ctx.api.addMember(fields)),
        { fieldErrors: true });
    },
  });
  if (saved) ctx.navigate('delegation');
}
