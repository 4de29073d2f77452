// The notes list when it is long: only the rows in sight (and a few either side) are in the page. A
// hundred thousand notes cannot be rendered whole (1.5 million elements froze the window), so the list
// is a scroll box as tall as all its rows, each row the same height, and the rows in sight are drawn
// from pages of notes the engine hands out by position (`note_page`). Pages far from sight are dropped
// again, so scrolling through the whole list never holds more than a few pages.
//
// Keyboard: the list holds one tab stop (the row last reached); ↑/↓ move by a row, Page Up/Down by a
// screen, Home/End to the ends, Enter opens the row's note in the editor. The row's buttons follow it
// in the tab order.

import { clear, h } from '../../dom.js';

/** Notes per page asked of the engine. */
export const PAGE = 100;
/** Height of a row in px, its gap included (styles.css: .note-item.windowed is ROW - 10 high). */
export const ROW = 132;
const OVERSCAN = 4; // rows drawn beyond each edge of the box
const KEEP_PAGES = 2; // pages kept either side of those in sight

export class NoteWindow {
  /**
   * `fetch(offset)`: resolves with the page at `offset`; `row(note, index)`: the <li> for a note;
   * `open(note)`: what Enter does on a row; `key`: which list this is (a session id, or '' for all).
   */
  constructor({ fetch, row, open, key, label }) {
    this.fetch = fetch;
    this.row = row;
    this.open = open;
    this.key = key;
    this.total = 0;
    this.pages = new Map(); // page number → [Note]
    this.loading = new Map(); // page number → Promise
    this.active = 0; // the row holding the list's tab stop
    this.frame = 0;
    this.generation = 0;
    this.list = h('ol', { class: 'note-list windowed', 'aria-label': label });
    this.sizer = h('div', { class: 'note-window-sizer' }, this.list);
    this.box = h('div', { class: 'note-window', 'data-total': '0' }, this.sizer);
    this.box.addEventListener('scroll', () => this.schedule());
    this.list.addEventListener('keydown', (e) => this.key_(e));
    // The tab stop follows the row last clicked or tabbed into.
    this.list.addEventListener('focusin', (e) => {
      const li = e.target.closest('li[data-index]');
      if (li) this.active = Number(li.dataset.index);
    });
  }

  /** Start over from a first page (a new list, or the same list after a write: the scroll stays). */
  reset(first) {
    this.generation += 1;
    this.pages.clear();
    this.loading.clear();
    this.total = first.total;
    this.pages.set(Math.floor(first.offset / PAGE), first.notes);
    this.sizer.style.height = `${this.total * ROW}px`;
    this.box.dataset.total = String(this.total);
    this.active = Math.min(this.active, Math.max(0, this.total - 1));
    this.draw();
  }

  /** The offset of the page at the top of the box now (to reload the list where it is). */
  topOffset() {
    return Math.floor(Math.floor(this.box.scrollTop / ROW) / PAGE) * PAGE;
  }

  /** Notes loaded now (for the hint about deleting). */
  loaded() {
    return [...this.pages.values()].flat();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** The rows in sight (plus overscan), from the pages at hand; missing pages are asked for. */
  draw() {
    if (!this.box.isConnected && this.drawn) return;
    this.drawn = true;
    const height = this.box.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.box.scrollTop / ROW) - OVERSCAN);
    const last = Math.min(this.total, Math.ceil((this.box.scrollTop + height) / ROW) + OVERSCAN);
    const rows = [];
    for (let i = first; i < last; i += 1) {
      const note = this.noteAt(i);
      const li = note
        ? this.row(note, i)
        : h('li', { class: 'note-item windowed placeholder', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
      li.dataset.index = String(i);
      li.setAttribute('aria-setsize', String(this.total));
      li.setAttribute('aria-posinset', String(i + 1));
      li.tabIndex = i === this.active ? 0 : -1;
      rows.push(li);
    }
    const focused = this.list.contains(document.activeElement) ? document.activeElement.closest('li') : null;
    const focusIndex = focused ? Number(focused.dataset.index) : null;
    this.list.style.transform = `translateY(${first * ROW}px)`;
    clear(this.list, rows);
    if (focusIndex !== null) {
      const again = this.list.querySelector(`li[data-index="${focusIndex}"]`);
      if (again) again.focus({ preventScroll: true });
    }
    this.forget(first, last);
    for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last - 1) / PAGE); p += 1) {
      if (!this.pages.has(p)) this.load(p);
    }
  }

  noteAt(i) {
    const page = this.pages.get(Math.floor(i / PAGE));
    return page ? page[i % PAGE] : undefined;
  }

  load(p) {
    if (this.loading.has(p)) return;
    const generation = this.generation;
    const done = this.fetch(p * PAGE).then((page) => {
      if (generation !== this.generation) return;
      this.loading.delete(p);
      this.pages.set(p, page.notes);
      if (page.total !== this.total) {
        this.total = page.total;
        this.sizer.style.height = `${this.total * ROW}px`;
        this.box.dataset.total = String(this.total);
      }
      this.schedule();
    }, () => {
      // Said in the banner; the rows stay "Loading…" and the next scroll asks again.
      if (generation === this.generation) this.loading.delete(p);
    });
    this.loading.set(p, done);
  }

  /** Pages far from the rows in sight leave memory. */
  forget(first, last) {
    const low = Math.floor(first / PAGE) - KEEP_PAGES;
    const high = Math.floor(last / PAGE) + KEEP_PAGES;
    for (const p of this.pages.keys()) {
      if (p < low || p > high) this.pages.delete(p);
    }
  }

  /** Make row `i` the active one, in sight, drawn and focused. */
  moveTo(i) {
    if (this.total === 0) return;
    this.active = Math.max(0, Math.min(this.total - 1, i));
    const top = this.active * ROW;
    const height = this.box.clientHeight;
    if (top < this.box.scrollTop) this.box.scrollTop = top;
    else if (top + ROW > this.box.scrollTop + height) this.box.scrollTop = top + ROW - height;
    this.draw();
    const li = this.list.querySelector(`li[data-index="${this.active}"]`);
    if (li) li.focus({ preventScroll: true });
  }

  key_(e) {
    const li = e.target.closest ? e.target.closest('li[data-index]') : null;
    if (!li || e.altKey || e.ctrlKey || e.metaKey) return;
    const i = Number(li.dataset.index);
    const screen = Math.max(1, Math.floor(this.box.clientHeight / ROW));
    const to = {
      ArrowDown: i + 1, ArrowUp: i - 1, PageDown: i + screen, PageUp: i - screen, Home: 0, End: this.total - 1,
    }[e.key];
    if (to !== undefined && e.target === li) {
      e.preventDefault();
      this.moveTo(to);
    } else if (e.key === 'Enter' && e.target === li) {
      const note = this.noteAt(i);
      if (note) {
        e.preventDefault();
        this.open(note);
      }
    }
  }
}
