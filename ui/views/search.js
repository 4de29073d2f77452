// Search (Ctrl+K): search-as-you-type over every note (body, session, author, countries, blocks), with
// filters. Results come ranked with a snippet whose highlights are <mark> elements built from the
// engine's segments: the note's text is never parsed as HTML. A result opens the note in the editor.

import { clear, h } from '../dom.js';
import { dayLabel, NOTE_KINDS, stamp } from '../format.js';
import { blockTags, emptyState, viewHeader } from '../widgets.js';


/** Results drawn at once; the next ones are drawn as the list's end scrolls into sight (or the keys reach it). */
const BATCH = 20;

// The last search, kept across view switches.
const state = { text: '', block: '', session_id: '', day: '', author_id: '', country: '', kind: '' };

export async function render(container, ctx) {
  const params = ctx.params || {};
  if (params.block !== undefined || params.session_id !== undefined || params.country !== undefined) {
    // From the matrix: exactly the notes behind one cell.
    Object.assign(state, { text: '', block: '', session_id: '', day: '', author_id: '', country: '', kind: '' });
    if (params.block) state.block = params.block;
    if (params.session_id != null) state.session_id = String(params.session_id);
    if (params.country) state.country = params.country;
  }
  // One call: the filters' lists and the results of the search the view opens with.
  const view = await ctx.api.searchView(query());
  new SearchView(container, ctx, view).mount();
}

/** The engine's query for the search in `state`. */
function query() {
  return {
    text: state.text,
    block: state.block || null,
    session_id: state.session_id && state.session_id !== 'none' ? Number(state.session_id) : null,
    no_session: state.session_id === 'none',
    day: state.day || null,
    author_id: state.author_id ? Number(state.author_id) : null,
    country: state.country || null,
    kind: state.kind || null,
    limit: 100,
  };
}

class SearchView {
  constructor(container, ctx, { sessions, members, countries, hits }) {
    Object.assign(this, { container, ctx, sessions, members, countries });
    this.first = hits;
    this.token = 0;
    this.running = false; // a search is on its way
    this.again = false; // the text changed meanwhile
    this.hits = []; // the results of the search drawn, of which `shown` are in the page
    this.shown = 0;
    this.list = null;
    this.end = h('li', { class: 'result-more', 'aria-hidden': 'true' }); // the list's end, while more are to come
    this.watch = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.drawMore();
    }, { rootMargin: '600px 0px' });
  }

  mount() {
    const { ctx } = this;
    this.input = h('input', {
      id: 'search-input',
      class: 'search-input',
      type: 'search',
      placeholder: 'Search notes: words, names, countries, blocks…',
      autocomplete: 'off',
      'aria-label': 'Search notes',
      'aria-keyshortcuts': 'Control+K',
      value: state.text,
    });
    const select = (id, label, options, value) => {
      const el = h('select', { id, class: 'select' }, h('option', { value: '' }, label), options);
      el.value = value;
      return el;
    };
    this.filters = {
      block: select('search-block', 'Any block', ctx.blocks.map((b) =>
        h('option', { value: b.code }, b.parent_id != null ? `  › ${b.name}` : b.name)), state.block),
      session_id: select('search-session', 'Any session', [
        h('option', { value: 'none' }, 'Corridor notes (no session)'),
        this.sessions.filter((s) => s.kind !== 'break').map((s) =>
          h('option', { value: String(s.id) }, `${s.day.slice(5)} ${s.start} ${s.title}`))], state.session_id),
      day: select('search-day', 'Any day', ctx.conference.days.map((d) => h('option', { value: d }, dayLabel(d))), state.day),
      author_id: select('search-author', 'Any author', this.members.map((m) => h('option', { value: String(m.id) }, m.name)), state.author_id),
      country: select('search-country', 'Any country', this.countries.map((c) => h('option', { value: c.name }, c.name)), state.country),
      kind: select('search-kind', 'Any kind', NOTE_KINDS.map((k) => h('option', { value: k.code }, k.label)), state.kind),
    };
    if (state.country && !this.countries.some((c) => c.name === state.country)) {
      // A free entry (an organisation) from the matrix.
      this.filters.country.appendChild(h('option', { value: state.country }, state.country));
      this.filters.country.value = state.country;
    }
    this.results = h('div', { id: 'search-results', class: 'search-results', 'aria-live': 'polite' });
    this.count = h('p', { class: 'muted small search-count' });

    clear(this.container,
      viewHeader('Search', 'Every term is a prefix; case and accents are ignored (“turkiye” finds Türkiye).'),
      h('div', { class: 'search-bar' }, this.input),
      h('div', { class: 'search-filters', role: 'group', 'aria-label': 'Filters' }, Object.values(this.filters),
        h('button', { type: 'button', class: 'button small', id: 'search-clear', onclick: () => this.clearFilters() }, 'Clear')),
      this.count,
      this.results);

    this.input.addEventListener('input', () => { state.text = this.input.value; this.schedule(); });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') {
        const first = this.results.querySelector('.search-result');
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
    for (const [key, el] of Object.entries(this.filters)) {
      el.addEventListener('change', () => { state[key] = el.value; this.run(); });
    }
    this.results.addEventListener('keydown', (e) => {
      let items = [...this.results.querySelectorAll('.search-result')];
      const i = items.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === 'ArrowDown' && i + 1 === items.length && this.shown < this.hits.length) {
        this.drawMore();
        items = [...this.results.querySelectorAll('.search-result')];
      }
      if (e.key === 'ArrowDown' && i + 1 < items.length) { e.preventDefault(); items[i + 1].focus(); }
      if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? items[i - 1] : this.input).focus(); }
    });
    this.input.focus();
    this.input.select();
    this.run(this.first);
    this.first = null;
  }

  clearFilters() {
    for (const [key, el] of Object.entries(this.filters)) { el.value = ''; state[key] = ''; }
    this.run();
  }

  /**
   * Searches as the text changes, with no fixed delay: a key starts a search at once unless one is
   * still running, in which case one more runs when it answers, for whatever the text is by then (the
   * results of the one in between are not drawn). The engine answers in milliseconds (docs/search.md).
   */
  schedule() {
    if (this.running) {
      this.again = true;
      return;
    }
    this.run();
  }

  /** Runs the search in `state` (`first`: its results, already brought by the view's call). */
  async run(first = null) {
    const token = ++this.token;
    const q = query();
    const anything = q.text.trim() || q.block || q.session_id || q.day || q.author_id || q.country || q.kind;
    let hits;
    this.running = true;
    try {
      hits = first || await this.ctx.api.searchNotes(q);
    } catch (err) {
      if (token !== this.token) return;
      clear(this.results, emptyState('The search failed.', err.message));
      return;
    } finally {
      this.running = false;
      if (this.again && this.results.isConnected) {
        // The text changed while this one ran: search again now, and draw only that.
        this.again = false;
        this.run();
      }
    }
    if (token !== this.token || !this.results.isConnected) return;
    this.count.textContent = anything
      ? `${hits.length}${hits.length === 100 ? '+' : ''} note${hits.length === 1 ? '' : 's'} found`
      : `The latest ${hits.length} note${hits.length === 1 ? '' : 's'}`;
    this.watch.disconnect();
    if (hits.length === 0) {
      this.hits = [];
      clear(this.results, emptyState(anything ? 'No notes match.' : 'No notes yet.',
        anything ? 'Try fewer or shorter words, or clear the filters.' : 'Write notes in the Notes view (Ctrl+N).'));
      return;
    }
    // Only what fills the window is drawn now (typing draws a new list at every key).
    this.hits = hits;
    this.shown = 0;
    this.list = h('ol', { class: 'result-list' });
    clear(this.results, this.list);
    this.drawMore();
  }

  /** Draws the next results; the list's end, while more are to come, draws more once in sight. */
  drawMore() {
    if (!this.list || this.shown >= this.hits.length) return;
    const next = this.hits.slice(this.shown, this.shown + BATCH);
    this.shown += next.length;
    this.end.remove();
    this.list.append(...next.map((hit) => this.item(hit)));
    if (this.shown < this.hits.length) {
      this.list.append(this.end);
      this.watch.unobserve(this.end);
      this.watch.observe(this.end);
    }
  }

  item(hit) {
    const n = hit.note;
    const open = () => this.ctx.navigate('notes', { noteId: n.id });
    return h('li', null, h('div', {
      class: 'search-result',
      tabindex: '0',
      role: 'link',
      'data-note-id': n.id,
      onclick: open,
      onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } },
    },
    h('p', { class: 'search-snippet' }, hit.snippet.map((s) => (s.hit ? h('mark', null, s.text) : s.text))),
    h('div', { class: 'note-meta' },
      h('span', { class: 'note-session' }, n.session_title || 'Corridor note'),
      h('span', { class: 'note-author' }, n.author_name || 'No author'),
      h('time', { class: 'note-time', datetime: n.created_at }, stamp(n.created_at)),
      blockTags(n.blocks, this.ctx.blockByCode),
      n.countries.length ? h('span', { class: 'country-tags' }, n.countries.map((c) => h('span', { class: 'country-tag' }, c))) : null)));
  }
}
