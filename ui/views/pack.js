// The Briefing pack: choose sections, the whole delegation's pack or one member's, paper and marking;
// generate with a progress bar; then open the PDF in the system's viewer or save it elsewhere. Packs are
// kept in the data file (never as plain files beside it): the list of packs kept offers the same two
// buttons; "Open" goes through a temporary copy in a private folder, emptied on lock and exit.
// Below, the session briefs (objectives, points to make, defensive lines) the pack prints, saved
// while typing like notes (ui/autosave.js), each change under the session it was typed for. Everything
// typed here is shown back as text.

import { autosaver } from '../autosave.js';
import { clear, h } from '../dom.js';
import { dayLabel, stamp, timeRange } from '../format.js';
import { emptyState, viewHeader } from '../widgets.js';

const SECTIONS = [
  ['cover', 'Cover', 'Conference, country, dates and venue, marking, version'],
  ['contents', 'Contents', 'With page numbers, linked'],
  ['delegation', 'Delegation list', 'Name, title, organisation, contact, languages'],
  ['schedule', 'Schedule by day', 'Time, session, room, priority, who covers it'],
  ['agendas', 'Personal agendas', 'One page per member'],
  ['briefs', 'Session briefs', 'Description, people, objectives, points, lines, notes so far'],
  ['blocks', 'What we learnt', 'Notes by building block'],
  ['actions', 'Follow-up actions', 'Owner, due date, status'],
  ['reports', 'Daily reports', 'The reports to capital, as edited'],
];

// Choices survive moving between views (not restarts: the defaults are sensible).
const chosen = { sections: new Set(SECTIONS.map(([k]) => k)), member: '', paper: 'a4', justify: true, briefSession: null };

// The brief editor on screen, told when one of its saves lands: { sessionId, saved(brief) }.
let liveBrief = null;
let briefApi = null;

// Keyed by session id; the content is the three fields as they were when typed.
const briefs = autosaver({
  save: (sessionId, fields) => briefApi.saveBrief(sessionId, fields),
  onSaved: (sessionId, _fields, brief) => {
    if (liveBrief && liveBrief.sessionId === sessionId) liveBrief.saved(brief);
  },
});

export async function render(container, ctx) {
  const [members, sessions, packSettings] = await Promise.all([
    ctx.api.listMembers(), ctx.api.listSessions(), ctx.api.getPackSettings(),
  ]);

  const boxes = SECTIONS.map(([key, label, hint]) => {
    const box = h('input', { type: 'checkbox', id: `pack-section-${key}`, value: key, checked: chosen.sections.has(key) });
    box.addEventListener('change', () => {
      if (box.checked) chosen.sections.add(key); else chosen.sections.delete(key);
      generate.disabled = chosen.sections.size === 0;
    });
    return h('label', { class: 'pack-section', for: `pack-section-${key}` }, box,
      h('span', { class: 'pack-section-name' }, label), h('span', { class: 'muted small' }, hint));
  });

  const whose = h('select', { id: 'pack-member', class: 'select' },
    h('option', { value: '' }, 'The whole delegation'),
    members.map((m) => h('option', { value: String(m.id) }, `${m.name}: personal pack`)));
  whose.value = chosen.member;
  whose.addEventListener('change', () => { chosen.member = whose.value; });

  const paper = h('select', { id: 'pack-paper', class: 'select' },
    h('option', { value: 'a4' }, 'A4'), h('option', { value: 'letter' }, 'US Letter'));
  paper.value = chosen.paper;
  paper.addEventListener('change', () => { chosen.paper = paper.value; });

  // Body text (briefs, notes, reports) set justified with hyphenation by default, or ragged right.
  const text = h('select', { id: 'pack-text', class: 'select' },
    h('option', { value: 'justified' }, 'Justified'), h('option', { value: 'ragged' }, 'Ragged right'));
  text.value = chosen.justify ? 'justified' : 'ragged';
  text.addEventListener('change', () => { chosen.justify = text.value === 'justified'; });

  const marking = h('input', {
    id: 'pack-marking', class: 'select', type: 'text', maxlength: '60',
    placeholder: 'e.g. RESTRICTED (none if empty)', value: packSettings.marking || '',
  });
  marking.addEventListener('change', async () => {
    const saved = await ctx.saving(() => ctx.api.savePackSettings({ ...packSettings, marking: marking.value.trim() }));
    Object.assign(packSettings, saved);
  });

  const bar = h('progress', { id: 'pack-progress', class: 'pack-progress', max: '1', value: '0', hidden: true });
  const result = h('div', { id: 'pack-result', class: 'pack-result', role: 'status', 'aria-live': 'polite' });
  const generate = h('button', {
    type: 'button', class: 'button primary', id: 'pack-generate', disabled: chosen.sections.size === 0,
    title: 'Generate the PDF (Ctrl+Enter)', 'aria-keyshortcuts': 'Control+Enter',
  }, 'Generate the pack');

  const run = async () => {
    if (generate.disabled) return;
    generate.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    clear(result, h('span', { class: 'muted' }, 'Typesetting…'));
    try {
      const sections = SECTIONS.map(([k]) => k).filter((k) => chosen.sections.has(k));
      const made = await ctx.api.generatePack({
        sections,
        member_id: chosen.member ? Number(chosen.member) : null,
        paper: chosen.paper,
        justify: chosen.justify,
        marking: marking.value.trim() === (packSettings.marking || '') ? null : marking.value.trim(),
      }, (fraction) => { bar.value = fraction; });
      bar.value = 1;
      showMade(made);
    } catch (err) {
      clear(result, h('span', { class: 'warn' }, `The pack could not be made: ${err.message}`));
    } finally {
      generate.disabled = chosen.sections.size === 0;
    }
  };
  generate.addEventListener('click', run);

  // Open and Save as… for a kept pack; `idPrefix` keeps the ids of the fresh pack's buttons stable.
  const packButtons = (pack, idPrefix) => {
    const open = h('button', { type: 'button', class: 'button', id: idPrefix ? `${idPrefix}-open` : null, 'data-pack-id': String(pack.id) }, 'Open');
    const savedNote = h('span', { class: 'muted small', id: idPrefix ? `${idPrefix}-saved` : null, role: 'status' });
    open.addEventListener('click', async () => {
      try {
        await ctx.api.openPack(pack.id);
        savedNote.textContent = 'Opened from a private temporary copy (removed when the app locks or closes).';
      } catch (err) {
        savedNote.textContent = err.message;
      }
    });
    const saveAs = h('button', { type: 'button', class: 'button', id: idPrefix ? `${idPrefix}-save` : null }, 'Save as…');
    saveAs.addEventListener('click', async () => {
      const path = await ctx.api.chooseSavePath(pack.file_name, 'PDF document', ['pdf']);
      if (!path) return;
      savedNote.textContent = `Saved to ${await ctx.api.savePackAs(pack.id, path)}.`;
    });
    return { open, row: h('div', { class: 'button-row' }, open, saveAs, savedNote) };
  };

  const keptList = h('ol', { id: 'packs-kept', class: 'packs-kept' });
  const showKept = async () => {
    const kept = await ctx.api.listPacks();
    clear(keptList, kept.length
      ? kept.map((p) => h('li', { class: 'pack-kept', 'data-pack-id': String(p.id) },
        h('span', { class: 'pack-kept-title' }, p.title),
        h('span', { class: 'muted small' },
          ` · ${stamp(p.created_at)} UTC${p.pages != null ? ` · ${p.pages} pages` : ''} · ${Math.max(1, Math.round(p.size_bytes / 1024))} KB`),
        packButtons(p, null).row))
      : [h('li', { class: 'muted' }, 'No pack generated yet.')]);
  };

  const showMade = (made) => {
    const { open, row } = packButtons(made, 'pack');
    const kb = Math.max(1, Math.round(made.size_bytes / 1024));
    clear(result,
      h('p', null, h('strong', null, `Version ${made.edition} is ready: `),
        h('span', { id: 'pack-pages' }, `${made.pages} pages`), `, ${kb} KB.`),
      h('p', { class: 'muted small' }, 'Kept in the data file, as ', h('code', null, made.file_name), '.'),
      row);
    open.focus();
    showKept();
  };

  container.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });

  const briefArea = h('div', { id: 'brief-editor' });
  showKept();
  const briefable = sessions.filter((s) => s.kind !== 'break');

  clear(container,
    viewHeader('Briefing pack', 'A typeset PDF for the delegation: choose what goes in, generate, open or save.'),
    h('section', { class: 'settings-section', 'aria-labelledby': 'pack-what' },
      h('h3', { id: 'pack-what' }, 'What goes in'),
      h('fieldset', { class: 'pack-sections' }, h('legend', { class: 'sr-only' }, 'Sections'), boxes),
      h('div', { class: 'pack-options' },
        h('label', { for: 'pack-member' }, 'For ', whose),
        h('label', { for: 'pack-paper' }, 'Paper ', paper),
        h('label', { for: 'pack-text' }, 'Text ', text),
        h('label', { for: 'pack-marking' }, 'Marking ', marking)),
      packSettings.country
        ? h('p', { class: 'muted small' }, `The cover names the delegation of ${packSettings.country} (Settings).`)
        : h('p', { class: 'muted small' }, 'Set the delegation\'s country in Settings to print it on the cover.'),
      h('div', { class: 'button-row' }, generate, bar),
      result),
    h('section', { class: 'settings-section', 'aria-labelledby': 'packs-kept-title' },
      h('h3', { id: 'packs-kept-title' }, 'Packs kept'),
      h('p', { class: 'muted small' }, 'Every pack generated is kept in the data file, newest first.'),
      keptList),
    h('section', { class: 'settings-section', 'aria-labelledby': 'brief-title' },
      h('h3', { id: 'brief-title' }, 'Session briefs'),
      h('p', { class: 'muted small' }, 'What the delegation wants from a session, the points to make and the defensive lines (one per line). Saved as you type.'),
      briefable.length
        ? briefPicker(briefable, briefArea, ctx)
        : emptyState('No sessions yet', 'Import the agenda or add sessions first.'),
      briefArea));
}

function briefPicker(sessions, area, ctx) {
  const select = h('select', { id: 'brief-session', class: 'select' },
    sessions.map((s) => h('option', { value: String(s.id) }, `${dayLabel(s.day)} ${timeRange(s)} · ${s.title}`)));
  if (!chosen.briefSession || !sessions.some((s) => s.id === chosen.briefSession)) {
    chosen.briefSession = (sessions.find((s) => s.priority === 'must') || sessions[0]).id;
  }
  select.value = String(chosen.briefSession);
  const show = () => { chosen.briefSession = Number(select.value); briefEditor(chosen.briefSession, area, ctx); };
  select.addEventListener('change', () => {
    briefs.flush(); // the brief being left is saved now, under its own session
    show();
  });
  show();
  return h('p', null, h('label', { for: 'brief-session' }, 'Session '), select);
}

async function briefEditor(sessionId, area, ctx) {
  briefApi = ctx.api;
  const brief = await ctx.api.getBrief(sessionId);
  if (chosen.briefSession !== sessionId) return; // another session was picked meanwhile
  // What was typed but could not be saved yet is shown, not the stored brief.
  const kept = briefs.unsaved(sessionId);
  const state = h('p', { class: 'muted small', id: 'brief-state', role: 'status' },
    kept ? 'Not saved yet: what you typed is shown.'
      : brief.updated_at ? `Saved ${stamp(brief.updated_at)}.` : 'Nothing written yet.');
  const fields = {};
  const current = () => ({
    objectives: fields.objectives.value, points: fields.points.value, lines: fields.lines.value,
  });
  const field = (key, label, rows, placeholder) => {
    const ta = h('textarea', { id: `brief-${key}`, class: 'note-input', rows: String(rows), placeholder, spellcheck: 'true' });
    ta.value = (kept || brief)[key] || '';
    ta.addEventListener('input', () => briefs.change(sessionId, current()));
    ta.addEventListener('blur', () => { if (briefs.unsaved(sessionId)) briefs.flush(); });
    fields[key] = ta;
    return h('div', { class: 'brief-field' }, h('label', { for: `brief-${key}` }, label), ta);
  };
  clear(area,
    field('objectives', 'Our objectives', 3, 'What the delegation wants from this session'),
    field('points', 'Points to make', 4, 'One point per line'),
    field('lines', 'Defensive lines', 3, 'One line per expected question or criticism'),
    state);
  liveBrief = {
    sessionId,
    saved: (saved) => {
      if (state.isConnected && !briefs.unsaved(sessionId)) state.textContent = `Saved ${stamp(saved.updated_at)}.`;
    },
  };
  if (kept) briefs.change(sessionId, kept); // retry it
  // Which session's brief the fields now hold (the end-to-end tests wait for it after a switch).
  area.dataset.session = String(sessionId);
}
