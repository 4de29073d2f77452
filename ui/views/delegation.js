// Delegation: who is in the delegation, with languages, expertise and how many sessions each covers.

import { clear, h } from '../dom.js';
import { blockTags, emptyState, viewHeader } from '../widgets.js';
import { addMemberButton, availabilityLine, memberEditButtons } from './member-editor.js';

export async function render(container, ctx) {
  const [members, sessions] = await Promise.all([ctx.api.listMembers(), ctx.api.listSessions()]);

  if (members.length === 0) {
    clear(container,
      viewHeader('Delegation', null, addMemberButton(ctx)),
      emptyState('Nobody is in the delegation yet.',
        'Members are kept in the data file with the conference. Once they are added, they appear here and as columns in the Plan.'));
    return;
  }

  // Sessions covered per member, counted from the assignments in the programme.
  const load = new Map(members.map((m) => [m.id, 0]));
  for (const s of sessions) {
    for (const a of s.assignments) load.set(a.member_id, (load.get(a.member_id) || 0) + 1);
  }

  const summary = `${members.length} ${members.length === 1 ? 'member' : 'members'}`;
  clear(container,
    viewHeader('Delegation', summary, addMemberButton(ctx)),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'data-table members-table' },
        h('thead', null,
          h('tr', null,
            ['Name and title', 'Organisation', 'Email', 'Languages', 'Expertise', 'Sessions', 'Actions']
              .map((label) => h('th', { scope: 'col', class: label === 'Sessions' ? 'num' : null }, label)))),
        h('tbody', null, members.map((m) => memberRow(m, load.get(m.id) || 0, ctx))))));
}

function memberRow(m, sessionCount, ctx) {
  return h('tr', { class: 'member-row', 'data-member-id': m.id },
    h('th', { scope: 'row', class: 'member-who' },
      h('span', { class: 'member-name' }, m.name),
      m.title ? h('span', { class: 'member-title' }, m.title) : null,
      availabilityLine(m) ? h('span', { class: 'member-availability' }, availabilityLine(m)) : null),
    h('td', { class: 'member-org' }, m.organisation || ''),
    h('td', { class: 'member-email selectable' }, breakableEmail(m.email || '')),
    h('td', { class: 'member-languages' },
      (m.languages || []).map((l) => h('span', { class: 'lang-tag' }, l))),
    h('td', { class: 'member-expertise' }, blockTags(m.expertise, ctx.blockByCode)),
    h('td', { class: 'num' },
      h('button', {
        type: 'button',
        class: 'link-button',
        title: `Open the Plan for ${m.name}`,
        onclick: () => ctx.navigate('plan', { memberId: m.id }),
      }, String(sessionCount))),
    h('td', { class: 'member-actions' }, memberEditButtons(m, sessionCount, ctx)));
}

/** An address that may wrap only after its "@" (never in the middle of a name). */
function breakableEmail(email) {
  const at = email.indexOf('@');
  if (at < 0) return email;
  return [email.slice(0, at + 1), h('wbr'), email.slice(at + 1)];
}
