// "Import agenda…": a button that opens the system's file chooser (<input type="file">), sends the file's
// text to the shell (no file-system access for the webview), then shows what the import did — added,
// changed, removed, flagged, and the file's events that were skipped or repaired (with their line or
// JSON path and the reason) — in a dialog, and refreshes the views.

import { h } from './dom.js';

const ACCEPT = '.json,.xml,.ics,.ical,.csv,.txt,application/json,text/xml,text/calendar,text/csv';

/** The button (with its hidden file input). `ctx` is the app's view context. */
export function importButton(ctx, { primary = false, large = false } = {}) {
  const input = h('input', {
    type: 'file',
    id: 'import-file',
    class: 'visually-hidden',
    accept: ACCEPT,
    tabindex: '-1',
    'aria-hidden': 'true',
  });
  const label = 'Import agenda…';
  const button = h('button', {
    type: 'button',
    id: 'import-agenda',
    class: ['button', primary ? 'primary' : null, large ? 'large' : null],
    title: 'Import a programme: frab/pretalx schedule JSON or XML, iCalendar (.ics) or CSV',
  }, label);
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    button.disabled = true;
    button.textContent = 'Importing…';
    try {
      const report = await ctx.saving(async () => ctx.api.importAgenda(file.name, await file.text(), 'auto'));
      await ctx.onConferenceLoaded(report.conference);
      showReport(report);
    } catch (err) {
      // A refused file: api.js has put the message (naming the line or field) in the banner, and the
      // status line says "Not saved". Anything else is a bug in the UI.
      if (!(err && typeof err.code === 'string')) console.error(err);
    } finally {
      button.disabled = false;
      button.textContent = label;
      input.value = '';
    }
  });
  return h('span', { class: 'import-control' }, button, input);
}

/** The report in a modal dialog; it lives on <body>, so the views can refresh underneath. */
export function showReport(report) {
  const old = document.getElementById('import-report');
  if (old) old.remove();
  const close = h('button', { type: 'button', class: 'button primary', id: 'import-report-close' }, 'Close');
  const nothing = !report.added.length && !report.changed.length && !report.removed.length;
  const dialog = h('dialog', { id: 'import-report', class: 'import-report', 'aria-labelledby': 'import-report-title' },
    h('h2', { id: 'import-report-title' }, report.created_conference ? 'Agenda imported' : 'Agenda updated'),
    h('p', { class: 'import-summary' }, summary(report)),
    report.notes.length ? h('ul', { class: 'import-notes' }, report.notes.map((n) => h('li', null, n))) : null,
    nothing ? h('p', { class: 'muted' }, 'Nothing changed: the programme is as the file says.') : null,
    section('Skipped: not imported', 'skipped', report.skipped || [], problem),
    section('Repaired', 'repaired', report.repaired || [], problem),
    section('Flagged assignments', 'flagged', report.flagged, (f) =>
      h('li', null, h('strong', null, f.member_name), ': ', f.flag)),
    section('Changed', 'changed', report.changed, (c) =>
      h('li', null, h('span', { class: 'import-title' }, c.title),
        h('ul', { class: 'import-fields' }, c.changes.map((f) => h('li', null,
          h('span', { class: 'import-field' }, f.field), ' ',
          f.before ? [h('span', { class: 'import-before' }, f.before), ' → '] : null,
          h('span', { class: 'import-after' }, f.after)))))),
    section('Removed', 'removed', report.removed, (r) =>
      h('li', null, `${r.day} ${r.start} `, h('span', { class: 'import-title' }, r.title),
        h('span', { class: 'muted' }, r.kept_as_cancelled ? ' — kept as cancelled (it has notes, assignments or a brief)' : ' — deleted'))),
    section('Added', 'added', [...report.added].sort((a, b) => `${a.day} ${a.start}`.localeCompare(`${b.day} ${b.start}`)), (s) =>
      h('li', null, `${s.day} ${s.start}–${s.end} `, h('span', { class: 'import-title' }, s.title),
        s.room ? h('span', { class: 'muted' }, ` · ${s.room}`) : null)),
    h('div', { class: 'dialog-actions' }, close));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  if (typeof dialog.showModal === 'function') dialog.showModal();
  else dialog.setAttribute('open', '');
  close.focus({ preventScroll: true });
  dialog.scrollTop = 0;
  return dialog;
}

/** A skipped or repaired event: where the file has it, which one, why (all as text nodes). */
function problem(p) {
  return h('li', null,
    h('span', { class: 'import-at' }, p.at), ' ',
    p.event ? h('span', { class: 'import-title' }, p.event) : null,
    h('span', { class: 'muted' }, ` — ${p.reason}`));
}

function summary(r) {
  const parts = [
    `${r.added.length} added`,
    `${r.changed.length} changed`,
    `${r.removed.length} removed`,
    `${r.unchanged} unchanged`,
  ];
  const flagged = r.flagged.length ? ` · ${r.flagged.length} assignment${r.flagged.length === 1 ? '' : 's'} flagged` : '';
  const skipped = (r.skipped || []).length ? ` · ${r.skipped.length} event${r.skipped.length === 1 ? '' : 's'} of the file skipped` : '';
  const repaired = (r.repaired || []).length ? ` · ${r.repaired.length} repaired` : '';
  return `${r.file_name} → “${r.conference.title}”: ${parts.join(', ')}${flagged}${skipped}${repaired}.`;
}

// Long lists (a whole programme's "Added") start folded so the summary and the changes stay in view.
const FOLD_OVER = 10;

function section(title, key, items, row) {
  if (!items.length) return null;
  const list = h('ul', { class: 'import-list' }, items.map(row));
  const heading = `${title} (${items.length})`;
  return h('section', { class: `import-section import-${key}`, 'data-count': items.length },
    items.length > FOLD_OVER
      ? h('details', null, h('summary', null, h('h3', null, heading)), list)
      : [h('h3', null, heading), list]);
}
