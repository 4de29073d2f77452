// Notes: write a note for a session (or a corridor note) with the session's context beside it, tag it
// with building blocks and countries, and read the notes already written. The note autosaves while
// typing (ui/autosave.js: soon after a pause, and at the latest two seconds after the first unsaved
// change however steady the typing): the first save creates it, later ones update it, and "Saved" shows
// only once the engine has committed the write. Ctrl+Enter (or Save note) finishes the note and starts a
// new one. The draft lives in this module, so it survives switching views, and a note that could not be
// saved stays in the editor.

import { autosaver, showSaveState } from '../autosave.js';
import { clear, h } from '../dom.js';
import { assignmentNames, dayLabel, groupByDay, NOTE_KIND_LABELS, NOTE_KINDS, stamp, timeRange } from '../format.js';
import { markdown } from '../markdown.js';
import { blockTags, emptyState, kindBadge, priorityBadge, viewHeader } from '../widgets.js';

// The note being written, kept in memory across view switches.
const draft = {
  generation: 0, // a new number for each note written; the autosave key
  noteId: null, // set by the first save
  sessionId: undefined, // string from the <select>; '' = no session; undefined = not chosen yet
  authorId: '',
  kind: 'observation',
  body: '',
  blocks: new Set(),
  countries: [],
};

let api = null;
let activeView = null;
let countriesCache = null;
// Set while the view re-renders after a failed save, so a save failing again meanwhile (the flush
// before every render retries it) does not start yet another re-render.
let recovering = false;

// One note is written at a time, so a save takes the draft as it is when the save starts (with the id
// the previous save of the same note returned); the key only tells one note from the next.
const saver = autosaver({
  save: async (generation) => {
    if (generation !== draft.generation || !draft.body.trim()) return null;
    const note = await api.saveNote(payload());
    if (generation === draft.generation) draft.noteId = note.id;
    return note;
  },
  onSaved: (_generation, _data, note) => {
    if (note && activeView) activeView.afterSave(note);
  },
  onFailed: (_generation, err) => {
    if (activeView) activeView.saveFailed(err);
  },
});

function resetDraft() {
  saver.discard(draft.generation);
  draft.generation += 1;
  draft.noteId = null;
  draft.kind = 'observation';
  draft.body = '';
  draft.blocks = new Set();
  draft.countries = [];
}

function payload() {
  return {
    id: draft.noteId,
    sessionId: draft.sessionId ? Number(draft.sessionId) : null,
    authorId: draft.authorId ? Number(draft.authorId) : null,
    kind: draft.kind,
    body: draft.body,
    blocks: [...draft.blocks],
    countries: [...draft.countries],
  };
}

/** The draft changed: save it soon (an empty note is not saved, and nothing is pending for it). */
function changed() {
  if (draft.body.trim()) {
    saver.change(draft.generation, null);
  } else {
    saver.discard(draft.generation);
    showSaveState();
  }
}

/** True while the note on screen holds changes not on disk. */
function unsaved() {
  return saver.unsaved(draft.generation) !== undefined;
}

/** Save what is pending now (no wait for the timers); resolves true when all is on disk. */
function flush() {
  return saver.flush();
}

/** Finish the current note (saving it) and start an empty one; false if it could not be saved. */
async function finishDraft() {
  const ok = await flush();
  if ((!ok || unsaved()) && draft.body.trim()) return false;
  resetDraft();
  return true;
}

export async function render(container, ctx) {
  api = ctx.api;
  const params = ctx.params || {};
  const otherSession = params.sessionId != null && draft.sessionId !== String(params.sessionId)
    && (draft.noteId || draft.body.trim());
  if (params.quick || params.noteId || otherSession) {
    // Ctrl+N, opening a note, or writing for another session: the note being written is saved first
    // and a new one starts; nothing is dropped.
    if (!(await finishDraft())) {
      ctx.showError({ code: 'internal', message: 'The current note could not be saved; it is still in the editor.' });
    }
  }
  const [sessions, members, countries] = await Promise.all([
    ctx.api.listSessions(),
    ctx.api.listMembers(),
    countriesCache ? Promise.resolve(countriesCache) : ctx.api.listCountries(),
  ]);
  countriesCache = countries;
  if (params.noteId && !draft.noteId && !draft.body.trim()) {
    const note = await ctx.api.getNote(params.noteId);
    loadIntoDraft(note);
  }
  if (params.quick || draft.sessionId === undefined) {
    const now = await ctx.api.sessionNow();
    draft.sessionId = now ? String(now.id) : '';
  }
  new NotesView(container, ctx, sessions, members, countries).mount();
}

function loadIntoDraft(note) {
  resetDraft();
  draft.noteId = note.id;
  draft.sessionId = note.session_id != null ? String(note.session_id) : '';
  draft.authorId = note.author_id != null ? String(note.author_id) : '';
  draft.kind = note.kind || 'observation';
  draft.body = note.body;
  draft.blocks = new Set(note.blocks);
  draft.countries = [...(note.countries || [])];
}

class NotesView {
  constructor(container, ctx, sessions, members, countries) {
    this.container = container;
    this.ctx = ctx;
    this.sessions = sessions;
    this.sessionById = new Map(sessions.map((s) => [String(s.id), s]));
    this.members = members;
    this.countries = countries;
    this.listToken = 0;
    this.finishing = false;
  }

  mount() {
    const { ctx } = this;
    activeView = this;
    if (ctx.params.sessionId != null && !ctx.params.noteId) draft.sessionId = String(ctx.params.sessionId);
    if (draft.sessionId && !this.sessionById.has(draft.sessionId)) draft.sessionId = '';
    if (draft.authorId && !this.members.some((m) => String(m.id) === draft.authorId)) draft.authorId = '';

    this.sessionSelect = h('select', { id: 'note-session', class: 'select' },
      h('option', { value: '' }, 'No session (corridor note)'),
      groupByDay(this.sessions, ctx.conference.days).map((g) =>
        h('optgroup', { label: dayLabel(g.day) },
          g.sessions.map((s) => h('option', { value: String(s.id) }, `${s.start} ${s.title}`)))));
    this.sessionSelect.value = draft.sessionId || '';

    this.authorSelect = h('select', { id: 'note-author', class: 'select' },
      h('option', { value: '' }, 'No author'),
      this.members.map((m) => h('option', { value: String(m.id) }, m.name)));
    this.authorSelect.value = draft.authorId;

    this.kindSelect = h('select', { id: 'note-kind', class: 'select' },
      NOTE_KINDS.map((k) => h('option', { value: k.code }, k.label)));
    this.kindSelect.value = draft.kind;

    this.body = h('textarea', {
      id: 'note-body',
      class: 'note-input',
      rows: '9',
      placeholder: 'What was said, by whom, and what to follow up…\n# heading, - list, **bold** work',
      'aria-keyshortcuts': 'Control+Enter',
    });
    this.body.value = draft.body;

    this.chips = this.ctx.blocks
      .filter((b) => !b.archived || draft.blocks.has(b.code))
      .map((b) => {
        const parent = b.parent_id != null ? this.ctx.blocks.find((p) => p.id === b.parent_id) : null;
        return h('button', {
          type: 'button',
          class: ['block-chip', parent ? 'sub' : null, b.archived ? 'archived' : null],
          'data-code': b.code,
          'aria-pressed': draft.blocks.has(b.code) ? 'true' : 'false',
          title: [parent ? `${parent.name} › ${b.name}` : null, b.description || null, b.archived ? '(archived)' : null]
            .filter(Boolean).join(' — ') || null,
        }, b.name);
      });

    this.countryInput = h('input', {
      id: 'note-country',
      class: 'select country-input',
      type: 'text',
      list: 'note-country-options',
      autocomplete: 'off',
      placeholder: 'Type to filter: Türkiye, Greece, IOM…',
      'aria-label': 'Add a country or organisation',
    });
    this.countryOptions = h('datalist', { id: 'note-country-options' },
      this.countries.map((c) => h('option', { value: c.name }, c.group ? `Partner (${c.group})` : c.iso2)));
    this.countryAdd = h('button', { type: 'button', id: 'note-country-add', class: 'button small' }, 'Add');
    this.countryChips = h('div', { class: 'chip-row country-chips', 'aria-live': 'polite' });

    this.saveButton = h('button', {
      type: 'button', id: 'note-save', class: 'button primary', title: 'Save and start a new note (Ctrl+Enter)',
    }, 'Save note');
    this.newButton = h('button', { type: 'button', id: 'note-new', class: 'button', title: 'Start a new note (Ctrl+N)' }, 'New note');
    this.formMessage = h('p', { class: 'form-message', role: 'status' });
    this.editing = h('p', { class: 'editing-line small muted' });
    this.historyBox = h('div', { class: 'note-history-box' });

    const composer = h('section', { class: 'note-composer', 'aria-label': 'Write a note' },
      this.editing,
      h('div', { class: 'field-row' },
        h('div', { class: 'field' }, h('label', { for: 'note-session' }, 'Session'), this.sessionSelect)),
      h('div', { class: 'field-row two' },
        h('div', { class: 'field' },
          h('label', { for: 'note-author' }, 'Author ', h('span', { class: 'muted' }, '(optional)')), this.authorSelect),
        h('div', { class: 'field' }, h('label', { for: 'note-kind' }, 'Kind'), this.kindSelect)),
      h('div', { class: 'field' },
        h('label', { for: 'note-body' }, 'Note'), this.body),
      this.chips.length
        ? h('fieldset', { class: 'field chips' },
          h('legend', null, 'Building blocks ',
            this.chipHint = h('span', { class: 'muted chip-hint', hidden: true }, '(dashed: this session’s topics)')),
          h('div', { class: 'chip-row' }, this.chips))
        : null,
      h('fieldset', { class: 'field chips' },
        h('legend', null, 'Countries and organisations'),
        h('div', { class: 'country-picker' }, this.countryInput, this.countryAdd, this.countryOptions),
        this.countryChips),
      h('div', { class: 'form-actions' },
        this.saveButton,
        this.newButton,
        h('span', { class: 'muted small' }, 'Saves as you type · Ctrl+Enter finishes the note'),
        this.formMessage),
      this.historyBox);

    this.contextPanel = h('section', { class: 'note-context', 'aria-label': 'Session' });
    this.listPanel = h('section', { class: 'note-list-panel', 'aria-label': 'Notes' });

    clear(this.container,
      viewHeader('Notes', 'Notes stay on this computer and save as you type. Tag them with the building blocks they speak to.'),
      h('div', { class: 'notes-layout' },
        composer,
        h('div', { class: 'notes-side' }, this.contextPanel, this.listPanel)));

    this.wire();
    this.showCountries();
    this.showContext();
    this.showEditing();
    this.markChipSuggestions();
    this.loadList();
    recovering = false;
    // A change kept from before (a failed save, a save interrupted by this render) goes on saving,
    // now with the session and author checked against fresh data.
    if (unsaved()) changed();
    if (ctx.params.sessionId != null || ctx.params.quick || ctx.params.noteId) this.body.focus();
  }

  isLive() {
    return activeView === this && this.body.isConnected;
  }

  wire() {
    this.sessionSelect.addEventListener('change', () => {
      draft.sessionId = this.sessionSelect.value;
      this.showContext();
      this.markChipSuggestions();
      this.loadList();
      if (draft.body.trim()) changed();
    });
    this.authorSelect.addEventListener('change', () => {
      draft.authorId = this.authorSelect.value;
      if (draft.body.trim()) changed();
    });
    this.kindSelect.addEventListener('change', () => {
      draft.kind = this.kindSelect.value;
      if (draft.body.trim()) changed();
    });
    this.body.addEventListener('input', () => {
      draft.body = this.body.value;
      this.formMessage.textContent = '';
      changed();
    });
    for (const chip of this.chips) {
      chip.addEventListener('click', () => {
        const on = chip.getAttribute('aria-pressed') !== 'true';
        chip.setAttribute('aria-pressed', String(on));
        if (on) draft.blocks.add(chip.dataset.code); else draft.blocks.delete(chip.dataset.code);
        if (draft.body.trim()) changed();
      });
    }
    const addCountry = () => {
      const value = this.countryInput.value.trim();
      if (!value) return;
      const known = this.countries.find((c) => fold(c.name) === fold(value) || c.iso2.toLowerCase() === value.toLowerCase());
      const name = known ? known.name : value;
      if (!draft.countries.some((c) => fold(c) === fold(name))) {
        draft.countries.push(name);
        if (draft.body.trim()) changed();
      }
      this.countryInput.value = '';
      this.showCountries();
    };
    this.countryAdd.addEventListener('click', addCountry);
    this.countryInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        addCountry();
      }
    });
    // Picking from the list adds at once.
    this.countryInput.addEventListener('change', () => {
      const v = this.countryInput.value.trim();
      if (this.countries.some((c) => c.name === v)) addCountry();
    });
    this.saveButton.addEventListener('click', () => this.finish());
    this.newButton.addEventListener('click', () => this.startNew());
    // Ctrl+Enter finishes the note from anywhere in the view.
    this.container.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.finish();
      }
    });
  }

  showCountries() {
    clear(this.countryChips, draft.countries.map((name) => h('span', { class: 'country-chip', 'data-name': name },
      h('span', null, name),
      h('button', {
        type: 'button',
        class: 'chip-remove',
        'aria-label': `Remove ${name}`,
        title: `Remove ${name}`,
        onclick: () => {
          draft.countries = draft.countries.filter((c) => c !== name);
          this.showCountries();
          if (draft.body.trim()) changed();
        },
      }, '×'))));
  }

  showEditing() {
    if (draft.noteId) {
      this.editing.textContent = 'Editing a saved note: every change is kept in its history.';
    } else {
      this.editing.textContent = 'New note';
    }
    this.showHistory();
  }

  /** Earlier versions of the note being edited, loaded when opened. */
  showHistory() {
    clear(this.historyBox);
    if (!draft.noteId) return;
    const list = h('ol', { class: 'history-list' });
    const details = h('details', { class: 'note-history' },
      h('summary', null, 'Earlier versions'), list);
    details.addEventListener('toggle', async () => {
      if (!details.open) return;
      clear(list, h('li', { class: 'muted' }, 'Loading…'));
      try {
        const versions = await this.ctx.api.noteHistory(draft.noteId);
        clear(list, versions.length
          ? versions.map((v) => h('li', { class: 'history-item' },
            h('div', { class: 'note-meta' },
              h('span', null, `Version ${v.number}`),
              h('time', { datetime: v.written_at }, `saved ${stamp(v.written_at)}`),
              h('span', null, `replaced ${stamp(v.replaced_at)}`),
              blockTags(v.blocks, this.ctx.blockByCode)),
            h('div', { class: 'note-body' }, markdown(v.body))))
          : h('li', { class: 'muted' }, 'No earlier versions yet.'));
      } catch (err) {
        clear(list, h('li', { class: 'muted' }, err.message));
      }
    });
    this.historyBox.appendChild(details);
  }

  afterSave(note) {
    if (!this.isLive()) return;
    this.showEditing();
    this.loadList(note.id);
  }

  saveFailed(err) {
    if (!this.isLive() || recovering) return;
    if (err.code === 'not_found') {
      // The note, session or author is gone: keep the text as a new note on fresh data.
      recovering = true;
      draft.noteId = null;
      this.ctx.refresh();
    } else if (err.code === 'no_conference') {
      recovering = true;
      this.ctx.conferenceGone();
    }
  }

  /** Save now and start a new note (Ctrl+Enter, Save note). */
  async finish() {
    if (this.finishing) return;
    if (!draft.body.trim()) {
      this.formMessage.textContent = 'Write something first.';
      this.body.focus();
      return;
    }
    this.finishing = true;
    this.saveButton.setAttribute('aria-disabled', 'true');
    try {
      const ok = await flush();
      if (!ok) return; // the banner says why; the text stays
      if (unsaved()) return; // typed meanwhile: autosave continues
      this.resetComposer();
      showSaveState();
      await this.loadList();
      this.body.focus();
    } finally {
      this.finishing = false;
      this.saveButton.removeAttribute('aria-disabled');
    }
  }

  async startNew() {
    if (!(await finishDraft())) return;
    this.resetComposer();
    this.body.focus();
  }

  /** An empty composer; session and author stay for the next note. */
  resetComposer() {
    resetDraft();
    if (!this.body.isConnected) return;
    this.body.value = '';
    this.kindSelect.value = 'observation';
    for (const chip of this.chips) chip.setAttribute('aria-pressed', 'false');
    this.formMessage.textContent = '';
    this.showCountries();
    this.showEditing();
  }

  selectedSession() {
    return this.sessionById.get(this.sessionSelect.value) || null;
  }

  /** Time, room, description of the selected session (or a word on corridor notes). */
  showContext() {
    const s = this.selectedSession();
    if (!s) {
      clear(this.contextPanel,
        h('h3', null, 'Corridor notes and all notes'),
        h('p', { class: 'muted' },
          'A note without a session is a corridor note: a bilateral chat, a contact, a follow-up. ',
          'Below are all the notes of this conference, newest first.'));
      return;
    }
    clear(this.contextPanel,
      h('h3', null, s.title),
      h('p', { class: 'context-meta' },
        h('span', null, `${dayLabel(s.day)} · ${timeRange(s)}`),
        s.room ? h('span', null, ` · ${s.room}`) : null),
      h('p', { class: 'context-badges' }, kindBadge(s.kind), ' ', priorityBadge(s.priority),
        s.blocks && s.blocks.length ? [' ', blockTags(s.blocks, this.ctx.blockByCode)] : null),
      s.description ? h('p', { class: 'context-description' }, s.description) : null,
      s.moderator ? h('p', { class: 'small' }, h('strong', null, 'Moderator: '), s.moderator) : null,
      s.speakers && s.speakers.length ? h('p', { class: 'small' }, h('strong', null, 'Speakers: '), s.speakers.join('; ')) : null,
      h('p', { class: 'small' }, h('strong', null, 'Covered by: '),
        s.assignments.length ? assignmentNames(s) : 'nobody yet'));
  }

  /** Chips for the blocks this session is about get a subtle mark as a suggestion. */
  markChipSuggestions() {
    const s = this.selectedSession();
    const suggested = new Set(s ? s.blocks || [] : []);
    for (const chip of this.chips) chip.classList.toggle('suggested', suggested.has(chip.dataset.code));
    if (this.chipHint) this.chipHint.hidden = suggested.size === 0;
  }

  /** Load the notes for the selected session (all notes for "No session"). */
  async loadList() {
    const token = ++this.listToken;
    const s = this.selectedSession();
    let notes;
    try {
      notes = await this.ctx.api.listNotes(s ? s.id : null);
    } catch (err) {
      if (token !== this.listToken) return;
      if (err.code === 'no_conference') { this.ctx.conferenceGone(); return; }
      clear(this.listPanel, emptyState('The notes could not be loaded.', err.message,
        { label: 'Try again', onClick: () => this.loadList() }));
      return;
    }
    if (token !== this.listToken || !this.listPanel.isConnected) return; // a newer selection won

    const heading = h('h3', null, s ? `Notes for this session (${notes.length})` : `All notes (${notes.length})`);
    if (notes.length === 0) {
      clear(this.listPanel, heading, s
        ? emptyState('Nothing written yet for this session.',
          'Write the first note on the left: it saves as you type.')
        : emptyState('No notes yet.',
          'Pick a session on the left, or write a corridor note: it saves as you type.'));
      return;
    }
    clear(this.listPanel, heading,
      h('ol', { class: 'note-list' }, notes.map((n) => noteItem(n, this.ctx, { showSession: !s, current: n.id === draft.noteId }))));
  }
}

/** A note in a list: body as light Markdown (DOM nodes only), meta line, open and action buttons. */
export function noteItem(n, ctx, { showSession = true, current = false } = {}) {
  return h('li', { class: ['note-item', current ? 'current' : null], 'data-note-id': n.id },
    h('div', { class: 'note-body' }, markdown(n.body)),
    h('div', { class: 'note-meta' },
      n.kind && n.kind !== 'observation' ? h('span', { class: `badge note-kind kind-${n.kind}` }, NOTE_KIND_LABELS[n.kind] || n.kind) : null,
      showSession ? h('span', { class: 'note-session' }, n.session_title || 'Corridor note') : null,
      h('span', { class: 'note-author' }, n.author_name || 'No author'),
      h('time', { class: 'note-time', datetime: n.created_at }, stamp(n.created_at)),
      n.versions ? h('span', { class: 'note-versions', title: 'Earlier versions are kept' }, `edited (${n.versions})`) : null,
      blockTags(n.blocks, ctx.blockByCode),
      n.countries && n.countries.length
        ? h('span', { class: 'country-tags' }, n.countries.map((c) => h('span', { class: 'country-tag' }, c)))
        : null),
    h('div', { class: 'note-actions' },
      current ? h('span', { class: 'muted small' }, 'Being edited') : h('button', {
        type: 'button', class: 'link-button note-open', onclick: () => ctx.navigate('notes', { noteId: n.id }),
      }, 'Edit'),
      h('button', {
        type: 'button',
        class: 'link-button note-action',
        onclick: () => ctx.navigate('actions', { noteId: n.id, title: firstLine(n.body) }),
      }, 'Add follow-up action')));
}

function firstLine(body) {
  const line = String(body || '').split('\n').map((l) => l.replace(/^[#\-*+\s]+/, '').trim()).find(Boolean) || '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/** Lower case without diacritics, for matching what is typed against the reference list. */
export function fold(s) {
  return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}
