// Notes: write a note for a session (or a corridor note) with the session's context beside it, tag it
// with building blocks and countries, and read the notes already written. This is the view: the
// composer, the session's context and the list (list.js). The note itself is the draft (draft.js),
// which saves as you type and keeps whatever could not be saved; Ctrl+Enter (or Save note) finishes
// the note and starts a new one. A note can be deleted from the list by its author (with the shared
// confirmation); the note being edited is then left for an empty one, so no autosave writes it again.

import { showSaveState } from '../../autosave.js';
import { confirmDialog } from '../../confirm.js';
import { clear, h } from '../../dom.js';
import { assignmentNames, dayLabel, fold, groupByDay, NOTE_KINDS, timeRange } from '../../format.js';
import { blockTags, kindBadge, priorityBadge, viewHeader } from '../../widgets.js';
import {
  changed, draft, finishDraft, flush, isListening, listen, loadIntoDraft, resetDraft, setAside, unsaved, useApi,
} from './draft.js';
import { firstLine, NoteList, noteHistory } from './list.js';
import { PAGE } from './window.js';

// Set while the view re-renders after a failed save, so a save failing again meanwhile (the flush
// before every render retries it) does not start yet another re-render.
let recovering = false;

export async function render(container, ctx) {
  useApi(ctx.api);
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
  // One call brings what the view draws first: the lists, the session on now (for a new note's
  // session), the note to open and the first page of the notes listed beside the composer.
  const wantsNow = params.quick || draft.sessionId === undefined;
  const opens = params.noteId && !draft.noteId && !draft.body.trim();
  // The list shows the opened note's session, else the session asked for, else (a new note) the one on now.
  let follow = 'given';
  if (opens) follow = 'note';
  else if (wantsNow && (params.sessionId == null || params.noteId)) follow = 'now';
  const listed = params.sessionId != null && !params.noteId ? String(params.sessionId) : draft.sessionId;
  const view = await ctx.api.notesView({
    now: wantsNow,
    noteId: opens ? params.noteId : null,
    list: { follow, sessionId: listed ? Number(listed) : null, limit: PAGE },
  });
  // Who this laptop belongs to ("You are" in Settings) decides which notes offer "Delete".
  const { sessions, members, countries, me, now, note } = view;
  if (note && !draft.noteId && !draft.body.trim()) loadIntoDraft(note);
  if (params.quick || draft.sessionId === undefined) {
    draft.sessionId = now ? String(now.id) : '';
  }
  new NotesView(container, ctx, sessions, members, countries, me ?? null, view.list).mount();
}

/**
 * The app is locking (everything typed has been saved): the note's text leaves memory, and the view
 * comes back after the unlock with the note read again from the store (`noteId`). The draft itself
 * keeps the session and author; a note that could not be saved stays in the draft as it is.
 */
export function setAsideForLock() {
  const noteId = setAside();
  return noteId ? { noteId } : {};
}

class NotesView {
  constructor(container, ctx, sessions, members, countries, me, firstPage) {
    this.container = container;
    this.firstPage = firstPage;
    this.me = me;
    this.ctx = ctx;
    this.sessions = sessions;
    this.sessionById = new Map(sessions.map((s) => [String(s.id), s]));
    this.members = members;
    this.countries = countries;
    this.finishing = false;
  }

  mount() {
    const { ctx } = this;
    listen(this);
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
    this.list = new NoteList(ctx, {
      selected: () => this.selectedSession(),
      currentId: () => draft.noteId,
      me: this.me,
      onDelete: (note) => this.deleteNote(note),
    });

    clear(this.container,
      viewHeader('Notes', 'Notes stay on this computer and save as you type. Tag them with the building blocks they speak to.'),
      h('div', { class: 'notes-layout' },
        composer,
        h('div', { class: 'notes-side' }, this.contextPanel, this.list.panel)));

    this.wire();
    this.showCountries();
    this.showContext();
    this.showEditing();
    this.markChipSuggestions();
    this.list.load(this.firstPage);
    this.firstPage = null;
    recovering = false;
    // A change kept from before (a failed save, a save interrupted by this render) goes on saving,
    // now with the session and author checked against fresh data.
    if (unsaved()) changed();
    if (ctx.params.sessionId != null || ctx.params.quick || ctx.params.noteId) this.body.focus();
  }

  isLive() {
    return isListening(this) && this.body.isConnected;
  }

  wire() {
    this.sessionSelect.addEventListener('change', () => {
      draft.sessionId = this.sessionSelect.value;
      this.showContext();
      this.markChipSuggestions();
      this.list.load();
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
    clear(this.historyBox, draft.noteId ? noteHistory(this.ctx, () => draft.noteId) : null);
  }

  afterSave(note) {
    if (!this.isLive()) return;
    this.showEditing();
    this.list.load();
  }

  saveFailed(err) {
    if (!this.isLive() || recovering) return;
    if (err.code === 'not_found') {
      recovering = true;
      const id = draft.noteId;
      const noteGone = id
        ? this.ctx.api.getNote(id, ['not_found']).then(() => false, (e) => e.code === 'not_found')
        : Promise.resolve(false);
      noteGone.then((gone) => {
        if (gone) {
          // Deleted (from another window or `desk notes delete`): it is not written again.
          resetDraft();
          this.ctx.showError({ code: 'not_found', message: 'The note being edited was deleted; it was not saved again.' });
          this.ctx.navigate('notes', {});
        } else {
          // Its session or author is gone: keep the text as a new note on fresh data.
          draft.noteId = null;
          this.ctx.refresh();
        }
      });
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
      await this.list.load();
      this.body.focus();
    } finally {
      this.finishing = false;
      this.saveButton.removeAttribute('aria-disabled');
    }
  }

  /** Delete a listed note after asking (the list offers it only to its author, or for none). */
  async deleteNote(note) {
    const versions = note.versions ? ` and its ${note.versions} earlier version(s)` : '';
    const ok = await confirmDialog({
      title: 'Delete this note?',
      text: [
        `“${firstLine(note.body)}”`,
        `The note${versions} will be deleted from the data on this computer: search, the matrix, the report and packs made from now on will not have it. Packs already generated keep what they printed. This cannot be undone.`,
      ],
      confirmLabel: 'Delete the note',
      danger: true,
    });
    if (!ok) return;
    const editing = draft.noteId === note.id;
    if (editing) {
      // What was typed is on disk first (nothing lost if the deletion is refused); then the composer
      // holds a new, empty note, so that no autosave can write the deleted one again.
      if (!(await flush())) return;
      this.resetComposer();
    }
    try {
      await this.ctx.saving(() => this.ctx.api.deleteNote(note.id));
    } catch (err) {
      // Refused (said in the banner): the note being edited comes back into the composer.
      if (editing) this.ctx.navigate('notes', { noteId: note.id });
      return;
    }
    // The view again, without the note (and without an "Edit" of it in the parameters).
    this.ctx.navigate('notes', {});
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
}
