// Settings: where the data lives and its safety (backups, copies, restore, the passphrase and the lock:
// settings-security.js), who this laptop belongs to ("You are": only a note's author may delete it), and
// the colour theme.

import { clear, h } from '../dom.js';
import { confirmDialog } from '../confirm.js';
import { withPassphraseOf } from '../passphrase.js';
import { viewHeader } from '../widgets.js';
import { securitySection } from './settings-security.js';
import { applyTheme } from '../theme.js';

function sizeLabel(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** "desk-20231118T091500Z-001.sqlite3" → "2023-11-18 09:15 UTC". */
function backupLabel(fileName) {
  const m = /^desk-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(fileName);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]} UTC` : fileName;
}

function summaryLine(summary) {
  if (!summary) return '';
  return `${summary.conferences.length} conference(s), ${summary.sessions} sessions, ${summary.members} members, ${summary.notes} notes`;
}

export async function render(container, ctx) {
  const [status, settings, security] = await Promise.all([
    ctx.api.dataStatus(), ctx.api.getSettings(), ctx.api.securityStatus(),
  ]);

  const backupList = h('ul', { class: 'backup-list', id: 'backup-list' });
  const fillBackups = (backups) => {
    clear(backupList, ...(backups.length
      ? backups.map((b) => h('li', { class: 'backup-item' },
        h('span', { class: 'backup-when' }, backupLabel(b.file_name)),
        h('span', { class: 'muted small' }, ` · ${sizeLabel(b.size_bytes)}`)))
      : [h('li', { class: 'muted' }, 'No backup yet: one is taken at every start and every hour while you work.')]));
  };
  fillBackups(status.backups);

  const backupButton = h('button', { type: 'button', class: 'button', id: 'backup-now' }, 'Back up now');
  backupButton.addEventListener('click', async () => {
    backupButton.disabled = true;
    try {
      await ctx.saving(() => ctx.api.backupNow());
      fillBackups((await ctx.api.dataStatus()).backups);
    } finally {
      backupButton.disabled = false;
    }
  });

  const copyButton = h('button', { type: 'button', class: 'button', id: 'save-copy' }, 'Save a copy of the data…');
  copyButton.addEventListener('click', async () => {
    const path = await ctx.api.chooseSavePath('delegation-desk-copy.sqlite3', 'Delegation Desk data', ['sqlite3']);
    if (!path) return;
    const written = await ctx.saving(() => ctx.api.saveCopy(path));
    copyNote.textContent = `Copy saved to ${written}.`;
  });

  const restoreButton = h('button', { type: 'button', class: 'button', id: 'restore-copy' }, 'Restore from a copy…');
  restoreButton.addEventListener('click', async () => {
    const path = await ctx.api.chooseOpenPath('Delegation Desk data', ['sqlite3', 'db']);
    if (!path) return;
    const preview = await withPassphraseOf('The copy', (key) => ctx.api.previewRestore(path, key));
    if (!preview) return;
    if (!(await confirmDialog({ title: 'Restore from a copy?', text: preview.value.message, confirmLabel: 'Replace the data' }))) return;
    await ctx.saving(() => ctx.api.restoreCopy(path, preview.passphrase));
    ctx.reload();
  });
  const copyNote = h('p', { class: 'muted small', role: 'status' });

  const theme = h('select', { id: 'theme', class: 'select' },
    ...[['system', 'Follow the system'], ['light', 'Light'], ['dark', 'Dark']].map(([value, label]) =>
      h('option', { value }, label)));
  theme.value = settings.theme;
  theme.addEventListener('change', async () => {
    const saved = await ctx.saving(() => ctx.api.saveSettings({ ...settings, theme: theme.value }));
    Object.assign(settings, saved);
    applyTheme(saved.theme);
  });

  // A second clock: the sessions' times in the capital's zone beside the conference's own.
  const homeZone = h('input', {
    id: 'home-time-zone', class: 'select', type: 'text', list: 'time-zones', autocomplete: 'off',
    placeholder: 'e.g. America/New_York', value: settings.home_time_zone || '',
  });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zoneList = h('datalist', { id: 'time-zones' }, ...zones.map((z) => h('option', { value: z })));
  const zoneNote = h('p', { class: 'muted small', role: 'status', id: 'home-time-zone-status' });
  const saveZone = async () => {
    const value = homeZone.value.trim();
    if ((settings.home_time_zone || '') === value) return;
    try {
      const saved = await ctx.saving(() => ctx.api.saveSettings({ ...settings, home_time_zone: value || null }));
      Object.assign(settings, saved);
      zoneNote.textContent = value ? `The Agenda also shows times in ${value}.` : 'Only the conference\'s time zone is shown.';
    } catch (e) {
      zoneNote.textContent = e && e.message ? e.message : String(e);
    }
  };
  homeZone.addEventListener('change', saveZone);

  // The delegation's country: printed on the briefing pack's cover.
  const pack = await ctx.api.getPackSettings();
  const country = h('input', {
    id: 'delegation-country', class: 'select', type: 'text', list: 'osce-states', autocomplete: 'off',
    placeholder: 'e.g. Ireland', value: pack.country || '',
  });
  const states = await ctx.api.listCountries();
  const stateList = h('datalist', { id: 'osce-states' }, ...states.map((c) => h('option', { value: c.name })));
  country.addEventListener('change', async () => {
    const saved = await ctx.saving(() => ctx.api.savePackSettings({ ...pack, country: country.value.trim() }));
    Object.assign(pack, saved);
  });

  // Who this laptop belongs to at this conference (members belong to one conference, so it is kept per
  // conference): a note with an author can be deleted only by them.
  const conferenceKey = ctx.conference ? String(ctx.conference.id) : null;
  const members = ctx.conference ? await ctx.api.listMembers() : [];
  const me = h('select', { id: 'settings-me', class: 'select', disabled: !conferenceKey },
    h('option', { value: '' }, 'Not set'),
    ...members.map((m) => h('option', { value: String(m.id) }, m.name)));
  const current = conferenceKey && settings.me ? settings.me[conferenceKey] : undefined;
  me.value = current != null && members.some((m) => m.id === current) ? String(current) : '';
  const meNote = h('p', { class: 'muted small', role: 'status', id: 'settings-me-status' },
    'Only a note\'s author can delete it; say which member of the delegation you are on this computer.');
  me.addEventListener('change', async () => {
    const chosen = { ...(settings.me || {}) };
    if (me.value) chosen[conferenceKey] = Number(me.value); else delete chosen[conferenceKey];
    try {
      const saved = await ctx.saving(() => ctx.api.saveSettings({ ...settings, me: chosen }));
      Object.assign(settings, saved);
      meNote.textContent = me.value
        ? `This computer is ${me.selectedOptions[0].textContent}'s: you can delete the notes you wrote.`
        : 'Nobody set: only notes without an author can be deleted.';
    } catch (e) {
      meNote.textContent = e && e.message ? e.message : String(e);
    }
  });

  clear(container,
    viewHeader('Settings', 'Where your data lives, how it is kept safe and locked, and how the app looks.'),
    h('section', { class: 'settings-section', 'aria-labelledby': 'settings-data' },
      h('h3', { id: 'settings-data' }, 'Your data'),
      h('p', null, 'Everything is kept in one file on this computer: ', h('code', { id: 'data-path', class: 'db-path' }, status.db_path)),
      status.summary ? h('p', { class: 'muted' }, `It holds ${summaryLine(status.summary)}.`) : null,
      h('p', { class: 'muted small' }, 'To use another file, start the app with DESK_DB=/path/to/file.sqlite3.'),
      h('div', { class: 'button-row' }, copyButton, restoreButton),
      copyNote,
      h('h3', null, 'Automatic backups'),
      h('p', { class: 'muted small' }, 'Kept in ', h('code', null, status.backups_dir), '; the newest 10 are kept.'),
      backupList,
      h('div', { class: 'button-row' }, backupButton)),
    securitySection(ctx, security, settings),
    h('section', { class: 'settings-section', 'aria-labelledby': 'settings-look' },
      h('h3', { id: 'settings-look' }, 'Appearance'),
      h('label', { for: 'theme' }, 'Theme '), theme),
    h('section', { class: 'settings-section', 'aria-labelledby': 'settings-delegation' },
      h('h3', { id: 'settings-delegation' }, 'Delegation and time'),
      h('div', { class: 'settings-field' }, h('label', { for: 'settings-me' }, 'You are'), me),
      meNote,
      h('div', { class: 'settings-field' }, h('label', { for: 'delegation-country' }, 'The delegation\'s country'), country, stateList),
      h('p', { class: 'muted small' }, 'Printed on the cover of the briefing pack.'),
      h('div', { class: 'settings-field' }, h('label', { for: 'home-time-zone' }, 'Second time zone'), homeZone, zoneList),
      h('p', { class: 'muted small' }, 'Times are always shown in the conference\'s time zone; a second zone (e.g. the capital\'s) is shown beside them in the Agenda.'),
      zoneNote));
}
