// Notes: write a note for a session (or a corridor note), tag it with building blocks, and read
// the notes already written. The draft survives switching views until it is saved.

import { clear, h } from '../dom.js';
import { assignmentNames, dayLabel, groupByDay, stamp, timeRange } from '../format.js';
import { blockTags, emptyState, kindBadge, priorityBadge, viewHeader } from '../widgets.js';

// The note being written, kept in memory across view switches.
const draft = {
  sessionId: undefined, // string from the <select>; '' = no session; undefined = not chosen yet
  authorId: '',
  body: '',
  blocks: new Set(),
};

export async function render(container, ctx) {
  const [sessions, members] = await Promise.all([ctx.api.listSessions(), ctx.api.listMembers()]);
  new NotesView(container, ctx, sessions, members).mount();
}

class NotesView {
  constructor(container, ctx, sessions, members) {
    this.container = container;
    this.ctx = ctx;
    this.sessions = sessions;
    this.sessionById = new Map(sessions.map((s) => [String(s.id), s]));
    this.members = members;
    this.listToken = 0;
    this.saving = false;
  }

  mount() {
    const { ctx } = this;
    if (ctx.params.sessionId != null) draft.sessionId = String(ctx.params.sessionId);
    if (draft.sessionId === undefined) draft.sessionId = defaultSessionId(this.sessions);
    if (draft.sessionId && !this.sessionById.has(draft.sessionId)) draft.sessionId = '';
    if (draft.authorId && !this.members.some((m) => String(m.id) === draft.authorId)) draft.authorId = '';

    this.sessionSelect = h('select', { id: 'note-session', class: 'select' },
      h('option', { value: '' }, 'No session (corridor note)'),
      groupByDay(this.sessions, ctx.conference.days).map((g) =>
        h('optgroup', { label: dayLabel(g.day) },
          g.sessions.map((s) => h('option', { value: String(s.id) }, `${s.start} ${s.title}`)))));
    this.sessionSelect.value = draft.sessionId;

    this.authorSelect = h('select', { id: 'note-author', class: 'select' },
      h('option', { value: '' }, 'No author'),
      this.members.map((m) => h('option', { value: String(m.id) }, m.name)));
    this.authorSelect.value = draft.authorId;

    this.body = h('textarea', {
      id: 'note-body',
      class: 'note-input',
      rows: '7',
      placeholder: 'What was said, by whom, and what to follow up…',
      'aria-keyshortcuts': 'Control+Enter',
    });
    this.body.value = draft.body;

    this.chips = this.ctx.blocks.map((b) => h('button', {
      type: 'button',
      class: 'block-chip',
      'data-code': b.code,
      'aria-pressed': draft.blocks.has(b.code) ? 'true' : 'false',
      title: b.description || null,
    }, b.name));

    this.saveButton = h('button', { type: 'button', id: 'note-save', class: 'button primary', title: 'Save note (Ctrl+Enter)' },
      'Save note');
    this.formMessage = h('p', { class: 'form-message', role: 'status' });

    const composer = h('section', { class: 'note-composer', 'aria-label': 'Write a note' },
      h('div', { class: 'field' },
        h('label', { for: 'note-session' }, 'Session'), this.sessionSelect),
      h('div', { class: 'field' },
        h('label', { for: 'note-author' }, 'Author ', h('span', { class: 'muted' }, '(optional)')), this.authorSelect),
      h('div', { class: 'field' },
        h('label', { for: 'note-body' }, 'Note'), this.body),
      this.chips.length
        ? h('fieldset', { class: 'field chips' },
          h('legend', null, 'Building blocks ',
            this.chipHint = h('span', { class: 'muted chip-hint', hidden: true }, '(dashed: this session’s topics)')),
          h('div', { class: 'chip-row' }, this.chips))
        : null,
      h('div', { class: 'form-actions' },
        this.saveButton,
        h('span', { class: 'muted small' }, 'Ctrl+Enter saves'),
        this.formMessage));

    this.contextPanel = h('section', { class: 'note-context', 'aria-label': 'Session' });
    this.listPanel = h('section', { class: 'note-list-panel', 'aria-label': 'Notes' });

    clear(this.container,
      viewHeader('Notes', 'Notes stay on this computer. Tag them with the building blocks they speak to.'),
      h('div', { class: 'notes-layout' },
        composer,
        h('div', { class: 'notes-side' }, this.contextPanel, this.listPanel)));

    this.wire();
    this.showContext();
    this.markChipSuggestions();
    this.loadList();
    if (draft.body) ctx.setSaveState('dirty');
    if (ctx.params.sessionId != null) this.body.focus();
  }

  wire() {
    this.sessionSelect.addEventListener('change', () => {
      draft.sessionId = this.sessionSelect.value;
      this.showContext();
      this.markChipSuggestions();
      this.loadList();
    });
    this.authorSelect.addEventListener('change', () => {
      draft.authorId = this.authorSelect.value;
    });
    this.body.addEventListener('input', () => {
      draft.body = this.body.value;
      this.formMessage.textContent = '';
      this.ctx.setSaveState(draft.body.trim() ? 'dirty' : '');
    });
    for (const chip of this.chips) {
      chip.addEventListener('click', () => {
        const on = chip.getAttribute('aria-pressed') !== 'true';
        chip.setAttribute('aria-pressed', String(on));
        if (on) draft.blocks.add(chip.dataset.code); else draft.blocks.delete(chip.dataset.code);
      });
    }
    this.saveButton.addEventListener('click', () => this.save());
    // Ctrl+Enter saves from anywhere in the view.
    this.container.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.save();
      }
    });
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
    if (token !== this.listToken) return; // a newer selection won

    const heading = h('h3', null, s ? `Notes for this session (${notes.length})` : `All notes (${notes.length})`);
    if (notes.length === 0) {
      clear(this.listPanel, heading, s
        ? emptyState('Nothing written yet for this session.',
          'Write the first note on the left and press Save note (or Ctrl+Enter).')
        : emptyState('No notes yet.',
          'Pick a session on the left, or write a corridor note, and press Save note (or Ctrl+Enter).'));
      return;
    }
    clear(this.listPanel, heading,
      h('ol', { class: 'note-list' }, notes.map((n) => this.noteItem(n, !s))));
  }

  noteItem(n, showSession) {
    return h('li', { class: 'note-item', 'data-note-id': n.id },
      h('div', { class: 'note-body' }, n.body),
      h('div', { class: 'note-meta' },
        showSession ? h('span', { class: 'note-session' }, n.session_title || 'Corridor note') : null,
        h('span', { class: 'note-author' }, n.author_name || 'No author'),
        h('time', { class: 'note-time', datetime: n.created_at }, stamp(n.created_at)),
        blockTags(n.blocks, this.ctx.blockByCode)));
  }

  async save() {
    if (this.saving) return;
    const body = this.body.value;
    if (!body.trim()) {
      this.formMessage.textContent = 'Write something first.';
      this.body.focus();
      return;
    }
    const session = this.selectedSession();
    const author = this.members.find((m) => String(m.id) === this.authorSelect.value) || null;
    const blocks = this.chips.filter((c) => c.getAttribute('aria-pressed') === 'true').map((c) => c.dataset.code);

    this.saving = true;
    this.saveButton.setAttribute('aria-disabled', 'true');
    this.ctx.setSaveState('saving');
    try {
      await this.ctx.api.addNote(session ? session.id : null, body, blocks, author ? author.id : null);
      // Saved: clear the text and the chips, keep session and author for the next note.
      // (If more was typed while saving, keep that text.)
      const typedMeanwhile = draft.body !== body;
      if (!typedMeanwhile) draft.body = '';
      draft.blocks.clear();
      if (this.body.isConnected) {
        if (!typedMeanwhile) this.body.value = '';
        for (const chip of this.chips) chip.setAttribute('aria-pressed', 'false');
        this.formMessage.textContent = '';
      }
      this.ctx.setSaveState(typedMeanwhile ? 'dirty' : 'saved');
      if (this.body.isConnected) {
        await this.loadList();
        this.body.focus();
      }
    } catch (err) {
      // The text stays where it is; the banner says why.
      this.ctx.setSaveState('error', err.message);
      if (err.code === 'not_found') {
        // The session (or author) is gone: redraw with fresh data; the draft text is kept.
        draft.body = body;
        this.ctx.refresh();
      } else if (err.code === 'no_conference') {
        this.ctx.conferenceGone();
      }
    } finally {
      this.saving = false;
      this.saveButton.removeAttribute('aria-disabled');
    }
  }
}

/** Before anything is chosen: the session running right now, if any; otherwise no session. */
function defaultSessionId(sessions) {
  const now = Date.now();
  const running = sessions.find((s) => Date.parse(s.starts_at) <= now && now < Date.parse(s.ends_at));
  return running ? String(running.id) : '';
}
