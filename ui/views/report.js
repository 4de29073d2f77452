// The daily report to capital: a Markdown draft built from one day's notes, edited here, kept per day
// (so the briefing pack can include it), then copied to the clipboard. It is shown in a text area:
// whatever the notes contain stays text.

import { clear, h } from '../dom.js';
import { dayLabel, stamp } from '../format.js';
import { viewHeader } from '../widgets.js';

let chosenDay = null;

export async function render(container, ctx) {
  const days = ctx.conference.days;
  if (!chosenDay || !days.includes(chosenDay)) chosenDay = days[0];
  const report = await ctx.api.getReport(chosenDay);
  const daySelect = h('select', { id: 'report-day', class: 'select' },
    days.map((d) => h('option', { value: d }, dayLabel(d))));
  daySelect.value = chosenDay;
  daySelect.addEventListener('change', () => { chosenDay = daySelect.value; ctx.navigate('report'); });
  const text = h('textarea', { id: 'report-text', class: 'note-input report-text', rows: '24', spellcheck: 'true' });
  text.value = report.saved ?? report.generated;
  const state = h('p', { class: 'small muted', id: 'report-state' });
  const showState = (r) => {
    state.textContent = r.saved != null
      ? `Edited version, saved ${stamp(r.updated_at)}. “Rebuild from notes” replaces it with a fresh draft.`
      : 'Draft built from the notes; edit it, then save, copy or export.';
  };
  showState(report);
  const save = async () => {
    ctx.setSaveState('saving');
    try {
      const r = await ctx.api.saveReport(chosenDay, text.value);
      ctx.setSaveState('saved');
      showState(r);
    } catch (err) { ctx.setSaveState('error', err.message); }
  };
  let timer = null;
  text.addEventListener('input', () => {
    ctx.setSaveState('dirty');
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  });
  const copied = h('span', { class: 'small muted', role: 'status' });
  const buttons = [
    h('button', { type: 'button', class: 'button primary', id: 'report-save', onclick: () => { clearTimeout(timer); save(); } }, 'Save'),
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
        const fresh = await ctx.api.getReport(chosenDay);
        text.value = fresh.generated;
        clearTimeout(timer);
        ctx.setSaveState('dirty');
        copied.textContent = 'Rebuilt from the notes; save to keep it.';
      },
    }, 'Rebuild from notes'),
  ];
  clear(container,
    viewHeader('Daily report', 'A report to capital for one day, drafted from the notes.',
      h('label', { for: 'report-day', class: 'sr-only' }, 'Day'), daySelect),
    state,
    h('div', { class: 'form-actions report-actions' }, buttons, copied),
    h('p', { class: 'small muted' }, `Export: desk report --day ${chosenDay} --out report-${chosenDay}.md`),
    text);
}
