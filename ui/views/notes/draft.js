// The note being written, and what guarantees nothing typed in it is lost. The draft lives here, not
// in the view, so it survives switching views and every re-render. It autosaves (ui/autosave.js: soon
// after a pause, and at the latest two seconds after the first unsaved change however steady the
// typing): the first save creates the note, later ones update it, and "Saved" shows only once the
// engine has committed the write. A change that could not be saved stays pending (and in the draft, so
// in the editor) and is retried; finishing the note, or starting another one, saves this one first.
// A save only ever updates the note it created (the engine never creates a note from an update), and a
// note deleted while it is the draft is dropped from here (resetDraft, in index.js), not saved anew.
// Before the app locks, a note that is saved leaves memory too (setAside); after the unlock it is read
// back from the store.

import { autosaver, showSaveState } from '../../autosave.js';

/** The note being written, kept in memory across view switches. The view edits it, then calls changed(). */
export const draft = {
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
// The view on screen, told when a save lands or fails: { afterSave(note), saveFailed(err) }.
let listener = null;

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
    if (note && listener) listener.afterSave(note);
  },
  onFailed: (_generation, err) => {
    if (listener) listener.saveFailed(err);
  },
});

/** The commands the saves go through (the view's ctx.api). */
export function useApi(commands) {
  api = commands;
}

/** `view` is the one told about saves from now on. */
export function listen(view) {
  listener = view;
}

/** True while `view` is the one told about saves. */
export function isListening(view) {
  return listener === view;
}

/** Start a new, empty note (what is pending for the old one is dropped: save it first). */
export function resetDraft() {
  saver.discard(draft.generation);
  draft.generation += 1;
  draft.noteId = null;
  draft.kind = 'observation';
  draft.body = '';
  draft.blocks = new Set();
  draft.countries = [];
}

/** Edit a stored note: it becomes the draft. */
export function loadIntoDraft(note) {
  resetDraft();
  draft.noteId = note.id;
  draft.sessionId = note.session_id != null ? String(note.session_id) : '';
  draft.authorId = note.author_id != null ? String(note.author_id) : '';
  draft.kind = note.kind || 'observation';
  draft.body = note.body;
  draft.blocks = new Set(note.blocks);
  draft.countries = [...(note.countries || [])];
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
export function changed() {
  if (draft.body.trim()) {
    saver.change(draft.generation, null);
  } else {
    saver.discard(draft.generation);
    showSaveState();
  }
}

/** True while the note on screen holds changes not on disk. */
export function unsaved() {
  return saver.unsaved(draft.generation) !== undefined;
}

/** Save what is pending now (no wait for the timers); resolves true when all is on disk. */
export function flush() {
  return saver.flush();
}

/** Finish the current note (saving it) and start an empty one; false if it could not be saved. */
export async function finishDraft() {
  const ok = await flush();
  if ((!ok || unsaved()) && draft.body.trim()) return false;
  resetDraft();
  return true;
}

/**
 * The app is locking and has saved everything it could: drop the text of a saved note from memory and
 * return its id (the view reads it back from the store after the unlock). A note with changes not on
 * disk stays as it is (its text must not be lost; it is retried after the unlock): returns null then,
 * as for an empty note.
 */
export function setAside() {
  if (unsaved() || !draft.noteId) return null;
  const id = draft.noteId;
  resetDraft();
  return id;
}
