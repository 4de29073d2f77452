// Notes shown for reading: the list beside the composer (the selected session's notes, or every note
// of the conference for a corridor note, newest first) and the earlier versions of the note being
// edited. Each shows its body as light Markdown (DOM nodes only, never HTML), its kind, session,
// author, time and tags; a listed note offers editing it, making a follow-up action of it, and deleting
// it when this laptop's owner ("You are" in Settings) wrote it, or nobody did. The list comes from the
// engine a page at a time; a list longer than a page is a window on it (window.js), whose rows show
// each note's start at one height.

import { clear, h } from '../../dom.js';
import { NOTE_KIND_LABELS, stamp } from '../../format.js';
import { markdown } from '../../markdown.js';
import { blockTags, emptyState } from '../../widgets.js';
import { NoteWindow, PAGE } from './window.js';

export class NoteList {
  /**
   * `selected()`: the session whose notes to show (null: all); `currentId()`: the note being edited;
   * `me`: the member this laptop belongs to (null: not set); `onDelete(note)`: delete it (after asking).
   */
  constructor(ctx, { selected, currentId, me = null, onDelete = null }) {
    this.ctx = ctx;
    this.selected = selected;
    this.currentId = currentId;
    this.me = me;
    this.onDelete = onDelete;
    this.token = 0;
    this.window = null; // the NoteWindow while the list is long
    this.panel = h('section', { class: 'note-list-panel', 'aria-label': 'Notes' });
  }

  /**
   * Load the notes for the selected session (all notes for "No session"): one page of the engine's list.
   * A list that fits in a page is shown whole; a longer one is a window on it (window.js). Loading the
   * same list again (after a save) keeps the place it was scrolled to. `first`: the list's first page
   * when the view's own call brought it ({ session_id, notes, offset, total }); used only if it is the
   * page this load would ask for.
   */
  async load(first = null) {
    const token = ++this.token;
    const s = this.selected();
    const key = s ? String(s.id) : '';
    const same = this.window && this.window.key === key && this.window.box.isConnected;
    let page;
    try {
      page = first && !same && String(first.session_id ?? '') === key && first.offset === 0
        ? first
        : await this.ctx.api.notePage(s ? s.id : null, same ? this.window.topOffset() : 0, PAGE);
    } catch (err) {
      if (token !== this.token) return;
      if (err.code === 'no_conference') { this.ctx.conferenceGone(); return; }
      clear(this.panel, emptyState('The notes could not be loaded.', err.message,
        { label: 'Try again', onClick: () => this.load() }));
      return;
    }
    if (token !== this.token || !this.panel.isConnected) return; // a newer selection won

    const heading = h('h3', null, s ? `Notes for this session (${page.total})` : `All notes (${page.total})`);
    if (page.total === 0) {
      this.window = null;
      clear(this.panel, heading, s
        ? emptyState('Nothing written yet for this session.',
          'Write the first note on the left: it saves as you type.')
        : emptyState('No notes yet.',
          'Pick a session on the left, or write a corridor note: it saves as you type.'));
      return;
    }
    const options = (n) => ({
      showSession: !s,
      current: n.id === this.currentId(),
      onDelete: this.deletable(n) ? () => this.onDelete(n) : null,
    });
    if (page.total <= PAGE && page.offset === 0 && page.notes.length === page.total) {
      // Fits in one page: every note whole, as written.
      this.window = null;
      clear(this.panel, heading,
        h('ol', { class: 'note-list' }, page.notes.map((n) => noteItem(n, this.ctx, options(n)))),
        this.hint(page.notes));
      return;
    }
    if (!same) {
      this.window = new NoteWindow({
        key,
        label: s ? 'Notes for this session' : 'All notes',
        fetch: (offset) => this.ctx.api.notePage(s ? s.id : null, offset, PAGE),
        row: (n) => noteItem(n, this.ctx, { ...options(n), clamped: true }),
        open: (n) => this.ctx.navigate('notes', { noteId: n.id }),
      });
      clear(this.panel, heading,
        h('p', { class: 'muted small note-window-help' },
          'Newest first, each note’s start; Edit opens it whole. ↑ ↓ Page Up/Down Home End move through the list.'),
        this.window.box, this.hint(page.notes));
    } else {
      this.panel.querySelector('h3').replaceWith(heading);
    }
    this.window.reset(page);
  }

  /** Only the author deletes a note (the engine checks it too); a note without an author, anyone. */
  deletable(n) {
    return this.onDelete && (n.author_id == null || n.author_id === this.me);
  }

  hint(notes) {
    return this.onDelete && this.me == null && notes.some((n) => n.author_id != null)
      ? h('p', { class: 'muted small', id: 'note-delete-hint' },
        'To delete notes you wrote, say who you are under “You are” in Settings.')
      : null;
  }
}

/** The most characters of a note a row of the long list renders. */
const CLAMP_CHARS = 600;

/** A note in a list: body as light Markdown (DOM nodes only), meta line, open and action buttons. */
export function noteItem(n, ctx, { showSession = true, current = false, onDelete = null, clamped = false } = {}) {
  // A row of the long list shows the note's start (the rest is cut off by its fixed height anyway):
  // a 200,000-character note must not put thousands of elements into a row.
  const body = clamped && n.body.length > CLAMP_CHARS ? `${n.body.slice(0, CLAMP_CHARS).replace(/[\uD800-\uDBFF]$/, '')}…` : n.body;
  return h('li', { class: ['note-item', current ? 'current' : null, clamped ? 'windowed' : null], 'data-note-id': n.id },
    h('div', { class: 'note-body' }, markdown(body)),
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
      }, 'Add follow-up action'),
      onDelete ? h('button', {
        type: 'button', class: 'link-button note-delete', onclick: onDelete,
        title: 'Delete this note and its earlier versions',
      }, 'Delete') : null));
}

/** "Earlier versions" of the note `noteId()`: folded, loaded when opened. */
export function noteHistory(ctx, noteId) {
  const list = h('ol', { class: 'history-list' });
  const details = h('details', { class: 'note-history' },
    h('summary', null, 'Earlier versions'), list);
  details.addEventListener('toggle', async () => {
    if (!details.open) return;
    clear(list, h('li', { class: 'muted' }, 'Loading…'));
    try {
      const versions = await ctx.api.noteHistory(noteId());
      clear(list, versions.length
        ? versions.map((v) => h('li', { class: 'history-item' },
          h('div', { class: 'note-meta' },
            h('span', null, `Version ${v.number}`),
            h('time', { datetime: v.written_at }, `saved ${stamp(v.written_at)}`),
            h('span', null, `replaced ${stamp(v.replaced_at)}`),
            blockTags(v.blocks, ctx.blockByCode)),
          h('div', { class: 'note-body' }, markdown(v.body))))
        : h('li', { class: 'muted' }, 'No earlier versions yet.'));
    } catch (err) {
      clear(list, h('li', { class: 'muted' }, err.message));
    }
  });
  return details;
}

/** The note's first line without Markdown marks, at most 120 characters: the action's title. */
export function firstLine(body) {
  const line = String(body || '').split('\n').map((l) => l.replace(/^[#\-*+\s]+/, '').trim()).find(Boolean) || '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
