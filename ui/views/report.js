// The daily report to capital: a Markdown draft built from one day's notes, edited here, kept per day
// (so the briefing pack can include it), then copied to the clipboard. It is shown in a text area:
// whatever the notes contain stays text. Edits autosave (ui/autosave.js) under the day they were typed
// for, taken at the keystroke: switching the day never moves text to another day.

import { autosaver } from '../autosave.js';
import { clear, h } from '../dom.js';
import { dayLabel, stamp } from '../format.js';
import { viewHeader } from '../widgets.js';

let chosenDay = null;
let reportApi = null;
// The report view on screen, told when one of its saves lands: { day, saved(report) }.
let live = null;

// Keyed by day; the content is the text as it was when typed.
const reports = autosaver({
  save: (day, body) => reportApi.saveReport(day, body),
  onSaved: (day, _body, report) => {
    if (live && live.day === day) live.saved(report);
  },
});

export async function render(container, ctx) {
  reportApi = ctx.api;
  live = null;
  const days = ctx.conference.days;
  if (!chosenDay || !days.includes(chosenDay)) chosenDay = days[0];
  const day = chosenDay; // this rendering's day, whatever is chosen later
  const report = await ctx.api.getReport(day);
  const daySelect = h('select', { id: 'report-day', class: 'select' },
    days.map((d) => h('option', { value: d }, dayLabel(d))));
  daySelect.value = day;
  daySelect.addEventListener('change', async () => {
    chosenDay = daySelect.value;
    await reports.flush(); // the day being left is saved first (navigating flushes again: harmless)
    ctx.navigate('report');
  });
  const text = h('textarea', { id: 'report-text', class: 'note-input report-text', rows: '24', spellcheck: 'true' });
  // What was typed but could not be saved yet is shown, not the stored report.
  const kept = reports.unsaved(day);
  // (An empty text kept is a rebuild not saved yet: the draft again.)
  text.value = kept || (kept === '' ? report.generated : report.saved ?? report.generated);
  const state = h('p', { class: 'small muted', id: 'report-state' });
  const showState = (r) => {
    state.textContent = r.saved != null
      ? `Edited version, saved ${stamp(r.updated_at)}. “Rebuild from notes” replaces it with a fresh draft.`
      : 'Draft built from the notes; edit it, then save, copy or export.';
  };
  if (kept !== undefined) state.textContent = 'Not saved yet: what you typed is shown.';
  else showState(report);
  live = { day, saved: (r) => { if (state.isConnected && reports.unsaved(day) === undefined) showState(r); } };
  text.addEventListener('input', () => reports.change(day, text.value));
  const copied = h('span', { class: 'small muted', role: 'status' });
  const buttons = [
    h('button', {
      type: 'button', class: 'button primary', id: 'report-save',
      onclick: () => { reports.change(day, text.value); reports.flush(); },
    }, 'Save'),
    h('button', {
      type: 'button', class: 'button', id: 'report-copy',
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(text.value);
          copied.textContent = 'Copied to the clipboard.';
        } catch (err) {
          copied.textContent = `Could not copy: ${err && err.message ? err.message : err}. Select the text and press Ctrl+C.`;
        }
      },
    }, 'Copy'),
    h('button', {
      type: 'button', class: 'button', id: 'report-regenerate',
      onclick: async () => {
        const fresh = await ctx.api.getReport(day);
        text.value = fresh.generated;
        // An empty body drops the edited version: the report is the draft from the notes again.
        reports.change(day, '');
        copied.textContent = 'Rebuilt from the notes; the edited version is replaced.';
      },
    }, 'Rebuild from notes'),
  ];
  clear(container,
    viewHeader('Daily report', 'A report to capital for one day, drafted from the notes.',
      h('label', { for: 'report-day', class: 'sr-only' }, 'Day'), daySelect),
    state,
    h('div', { class: 'form-actions report-actions' }, buttons, copied),
    h('p', { class: 'small muted' }, `Export: desk report --day ${day} --out report-${day}.md`),
    text);
  if (kept !== undefined) reports.change(day, kept); // retry it
}
