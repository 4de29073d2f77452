// Exchange: one delegation, many laptops, no server. The coordinator writes a copy of the conference
// that each delegate joins; afterwards every laptop sends the changes the others have not seen, receives
// their files (in any order, any number of times), or syncs with a folder picked once (a USB stick, a
// shared or Syncthing folder). Files are sealed with the delegation's passphrase, typed here for each
// exchange and never kept.

import { clear, h } from '../dom.js';
import { stampIn } from '../format.js';
import { withChooser } from '../forms.js';
import { joinButton } from '../join.js';
import { emptyState, viewHeader } from '../widgets.js';

// The folder picked once for "Sync": a path, nothing sensitive; kept by the webview per laptop.
const FOLDER_KEY = 'desk.exchange.folder';

/** "From Zoë’s laptop: 2 notes, 1 plan change, 0 other changes; 1 edit kept beside another." */
export function receivedLine(r) {
  const n = (count, one, many) => `${count} ${count === 1 ? one : many}`;
  const parts = [n(r.notes, 'note', 'notes'), n(r.plan, 'plan change', 'plan changes'), n(r.other, 'other change', 'other changes')];
  let line = `From ${r.from}: ${parts.join(', ')}`;
  if (r.conflicts_kept) line += `; ${n(r.conflicts_kept, 'edit', 'edits')} kept beside another`;
  if (r.duplicates) line += `; ${r.duplicates} already here`;
  if (r.waiting) line += `; ${r.waiting} waiting for earlier changes`;
  if (r.refused) line += `; ${r.refused} left out (they would break a rule here)`;
  return `${line}.`;
}

const FIELDS = { objectives: 'Objectives', points: 'Points to make', lines: 'Defensive lines' };
function fieldName(field) {
  return FIELDS[field] || field;
}

function pathField(id, label, value, choose) {
  const input = h('input', { id, class: 'text-input', type: 'text', autocomplete: 'off', value: value || '' });
  return { input, el: h('div', { class: 'field grow' }, h('label', { for: id }, label), withChooser(input, choose)) };
}

function passphraseField(id, label) {
  const input = h('input', { id, class: 'text-input', type: 'password', autocomplete: 'off' });
  return { input, el: h('div', { class: 'field' }, h('label', { for: id }, label), input) };
}

export async function render(container, ctx) {
  const status = await ctx.api.exchangeStatus();
  const message = h('p', { class: 'exchange-message', id: 'exchange-message', role: 'status' });
  const report = h('ul', { class: 'exchange-report', id: 'exchange-report', 'aria-live': 'polite' });
  const say = (text) => { message.textContent = text; };

  // One action at a time; what it needs is checked before anything is written.
  async function act(button, needs, work) {
    for (const [input, what] of needs) {
      if (!input.value.trim()) { say(`Give ${what} first.`); input.focus(); return; }
    }
    button.disabled = true;
    say('Working…');
    try {
      await work();
    } catch (err) {
      say(err && err.message ? `Not done: ${err.message}` : 'Not done.');
    } finally {
      button.disabled = false;
    }
  }

  if (!status) {
    const name = h('input', { id: 'exchange-name', class: 'text-input', type: 'text', value: 'Coordinator', autocomplete: 'off' });
    const phrase = passphraseField('exchange-passphrase', 'The delegation’s passphrase');
    const again = passphraseField('exchange-passphrase-again', 'The passphrase again');
    const dest = pathField('exchange-copy-path', 'Write the copy to', '',
      () => ctx.api.chooseSavePath('delegation.desk-exchange', 'Delegation copy', ['desk-exchange']));
    const copy = h('button', { type: 'submit', class: 'button primary', id: 'exchange-copy' }, 'Write the copy');
    const form = h('form', { class: 'exchange-form', id: 'exchange-copy-form' },
      h('div', { class: 'field' }, h('label', { for: 'exchange-name' }, 'This laptop’s name'), name),
      phrase.el, again.el, dest.el,
      h('div', { class: 'field' }, h('span', { class: 'field-spacer' }, ' '), copy));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      act(copy, [[name, 'this laptop’s name'], [phrase.input, 'a passphrase'], [dest.input, 'where to write the copy']], async () => {
        if (phrase.input.value.length < 8) { say('The passphrase needs at least 8 characters.'); phrase.input.focus(); return; }
        if (phrase.input.value !== again.input.value) { say('The two passphrases differ.'); again.input.focus(); return; }
        const made = await ctx.saving(() => ctx.api.makeCopy(name.value.trim(), phrase.input.value, dest.input.value.trim()));
        await ctx.navigate('exchange', { said: `Copy written to ${made.file} (${Math.ceil(made.bytes / 1024)} KB). A delegate opens it with “Join a delegation…” and the passphrase.` });
      });
    });
    clear(container,
      viewHeader('Exchange', 'This laptop is not part of a delegation yet.'),
      emptyState('Share this conference with the delegation, or join one.',
        'Write a copy of the conference for each delegate (programme, delegation, plan, briefs and notes so far), '
        + 'sealed with a passphrase you tell them out loud. Or join the copy your coordinator made.'),
      form, h('p', null, joinButton(ctx, { replaces: true })), message);
    return;
  }

  const phrase = passphraseField('exchange-passphrase', 'The delegation’s passphrase');
  const folder = pathField('exchange-folder', 'Sync folder', localStorage.getItem(FOLDER_KEY) || '',
    () => ctx.api.chooseFolder('The folder the delegation syncs through'));
  const syncButton = h('button', { type: 'button', class: 'button primary', id: 'exchange-sync' }, 'Sync now');
  const sendPath = pathField('exchange-send-path', 'Send my changes to a file', '',
    () => ctx.api.chooseSavePath(`${status.laptop.name}.desk-exchange`, 'Exchange file', ['desk-exchange']));
  const forLaptop = h('select', { id: 'exchange-for', class: 'select' },
    h('option', { value: '' }, 'Anyone'), status.peers.map((p) => h('option', { value: p.laptop }, p.name)));
  const sendButton = h('button', { type: 'button', class: 'button', id: 'exchange-send' }, 'Send changes');
  const receivePath = pathField('exchange-receive-path', 'Receive a file', '',
    () => ctx.api.chooseOpenPath('Exchange file', ['desk-exchange']));
  const receiveButton = h('button', { type: 'button', class: 'button', id: 'exchange-receive' }, 'Receive');
  const copyPath = pathField('exchange-copy-path', 'A copy for a new delegate', '',
    () => ctx.api.chooseSavePath('delegation.desk-exchange', 'Delegation copy', ['desk-exchange']));
  const copyButton = h('button', { type: 'button', class: 'button', id: 'exchange-copy' }, 'Write a copy');

  const showReceived = (received, skipped = []) => {
    clear(report, received.map((r) => h('li', { class: 'exchange-received' }, receivedLine(r))),
      skipped.map((s) => h('li', { class: 'exchange-skipped' }, `Left out ${s.file}: ${s.why}`)));
  };
  syncButton.addEventListener('click', () => act(syncButton, [[phrase.input, 'the delegation’s passphrase'], [folder.input, 'a folder']], async () => {
    localStorage.setItem(FOLDER_KEY, folder.input.value.trim());
    const synced = await ctx.saving(() => ctx.api.syncFolder(folder.input.value.trim(), phrase.input.value));
    await ctx.navigate('exchange', { said: `Synced: ${synced.received.length} file(s) taken in, ${synced.sent.changes} change(s) written to ${synced.written}.`, received: synced.received, skipped: synced.skipped });
  }));
  sendButton.addEventListener('click', () => act(sendButton, [[phrase.input, 'the delegation’s passphrase'], [sendPath.input, 'a file to write']], async () => {
    const sent = await ctx.saving(() => ctx.api.sendChanges(sendPath.input.value.trim(), phrase.input.value, forLaptop.value));
    say(`Sent: ${sent.changes} change(s), ${Math.ceil(sent.bytes / 1024)} KB, in ${sendPath.input.value.trim()}.`);
  }));
  receiveButton.addEventListener('click', () => act(receiveButton, [[phrase.input, 'the delegation’s passphrase'], [receivePath.input, 'a file to receive']], async () => {
    const received = await ctx.saving(() => ctx.api.receiveChanges([receivePath.input.value.trim()], phrase.input.value));
    await ctx.navigate('exchange', { said: `Received ${received.length} file(s).`, received });
  }));
  copyButton.addEventListener('click', () => act(copyButton, [[phrase.input, 'the delegation’s passphrase'], [copyPath.input, 'where to write the copy']], async () => {
    const made = await ctx.saving(() => ctx.api.makeCopy(status.laptop.name, phrase.input.value, copyPath.input.value.trim()));
    say(`Copy written to ${made.file} (${Math.ceil(made.bytes / 1024)} KB).`);
  }));

  // Times in the conference's zone, like every other time in the app (the engine gives UTC).
  const zone = ctx.conference && ctx.conference.time_zone;
  const peers = status.peers.length
    ? h('table', { class: 'data-table', id: 'exchange-peers' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Laptop'), h('th', { scope: 'col' }, 'Last received from it'),
        h('th', { scope: 'col' }, 'Its changes here'))),
      h('tbody', null, status.peers.map((p) => h('tr', { 'data-laptop': p.laptop },
        h('td', null, p.name),
        h('td', { class: 'exchange-received-at', 'data-utc': p.received_at || '' }, p.received_at ? stampIn(p.received_at, zone) : 'never'),
        h('td', null, String(p.changes_held))))))
    : h('p', { class: 'muted' }, 'No other laptop has sent anything yet.');

  const twice = status.notes_edited_in_two_places;
  const conflicts = twice.length
    ? h('ul', { id: 'exchange-conflicts' }, twice.map((id) => h('li', null,
      'A note was edited on two laptops: both texts are kept (the other in its history). ',
      h('button', { type: 'button', class: 'link-button', onclick: () => ctx.navigate('notes', { noteId: id }) }, 'Open it'), ' ',
      h('button', { type: 'button', class: 'button small', onclick: async () => {
        await ctx.saving(() => ctx.api.noteSeen(id));
        ctx.navigate('exchange');
      } }, 'Seen'))))
    : null;

  // Briefs and daily reports edited on two laptops: the texts that are not current, each with when it
  // was written; "Seen" clears the mark.
  const keptList = (kept) => h('ul', { class: 'exchange-kept' }, kept.map((k) => h('li', null,
    `${k.field === 'report' ? 'Report' : fieldName(k.field)}, written ${stampIn(k.written_at, zone)}: `,
    h('q', null, k.body))));
  const seenButton = (work) => h('button', { type: 'button', class: 'button small', onclick: async () => {
    await ctx.saving(work);
    ctx.navigate('exchange');
  } }, 'Seen');
  const briefs = status.briefs_edited_in_two_places || [];
  const reports = status.reports_edited_in_two_places || [];
  const textConflicts = briefs.length || reports.length
    ? h('ul', { id: 'exchange-text-conflicts' },
      briefs.map((b) => h('li', { 'data-session': String(b.session_id) },
        `The brief of “${b.title}” was edited on two laptops: the later text is current; kept: `,
        keptList(b.kept), seenButton(() => ctx.api.briefSeen(b.session_id)))),
      reports.map((r) => h('li', { 'data-day': r.day },
        `The daily report of ${r.day} was edited on two laptops: the later text is current; kept: `,
        keptList(r.kept), seenButton(() => ctx.api.reportSeen(r.day)))))
    : null;

  const params = ctx.params || {};
  if (params.said) say(params.said);
  if (params.received) showReceived(params.received, params.skipped || []);
  clear(container,
    viewHeader('Exchange', `${status.laptop.name} in the delegation of “${status.conference}”: ${status.own_changes} change(s) made here, ${status.changes_held} held.`),
    h('div', { class: 'exchange-form' }, phrase.el),
    h('h3', null, 'Sync with a folder'),
    h('div', { class: 'exchange-form' }, folder.el, h('div', { class: 'field' }, h('span', { class: 'field-spacer' }, ' '), syncButton)),
    h('h3', null, 'By file'),
    h('div', { class: 'exchange-form' }, sendPath.el, h('div', { class: 'field' }, h('label', { for: 'exchange-for' }, 'For'), forLaptop),
      h('div', { class: 'field' }, h('span', { class: 'field-spacer' }, ' '), sendButton)),
    h('div', { class: 'exchange-form' }, receivePath.el, h('div', { class: 'field' }, h('span', { class: 'field-spacer' }, ' '), receiveButton)),
    h('div', { class: 'exchange-form' }, copyPath.el, h('div', { class: 'field' }, h('span', { class: 'field-spacer' }, ' '), copyButton)),
    message, report,
    conflicts || textConflicts ? h('h3', null, 'Edited in two places') : null, conflicts, textConflicts,
    h('h3', null, 'The other laptops'), peers);
}
