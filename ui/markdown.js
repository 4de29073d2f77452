// Light Markdown for notes, turned into DOM nodes by a tiny parser: headings (#, ##, ###), bullet and
// numbered lists, **bold**, and links shown as text ("label (url)"). Nothing is ever parsed as HTML:
// every piece of the note reaches the page as a text node, so markup in a note stays visible text.

import { h } from './dom.js';

const INLINE = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)/g;

/** Inline pieces of one line or paragraph: text, <strong>, link-as-text. */
export function inline(text) {
  const out = [];
  let last = 0;
  INLINE.lastIndex = 0;
  let m;
  while ((m = INLINE.exec(text)) !== null) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(h('strong', null, m[1]));
    else out.push(h('span', { class: 'md-link', title: m[3] }, `${m[2]} (${m[3]})`));
    last = INLINE.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** The nodes of a note body. */
export function markdown(text) {
  const nodes = [];
  let para = [];
  let list = null; // { el, ordered }
  const flushPara = () => {
    if (para.length) nodes.push(h('p', { class: 'md-p' }, inline(para.join('\n'))));
    para = [];
  };
  const flushList = () => { list = null; };
  for (const line of String(text || '').split('\n')) {
    const heading = /^\s{0,3}(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d{1,3}[.)]\s+(.*)$/.exec(line);
    if (!line.trim()) {
      flushPara();
      flushList();
    } else if (heading) {
      flushPara();
      flushList();
      const tag = ['h4', 'h5', 'h6'][heading[1].length - 1];
      nodes.push(h(tag, { class: 'md-heading' }, inline(heading[2])));
    } else if (bullet || numbered) {
      flushPara();
      const ordered = !!numbered && !bullet;
      if (!list || list.ordered !== ordered) {
        list = { el: h(ordered ? 'ol' : 'ul', { class: 'md-list' }), ordered };
        nodes.push(list.el);
      }
      list.el.appendChild(h('li', null, inline((bullet || numbered)[1])));
    } else {
      flushList();
      para.push(line);
    }
  }
  flushPara();
  return nodes;
}
