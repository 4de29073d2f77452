// Tiny DOM helpers. Every piece of user or conference data reaches the page
// as a text node through these helpers, never as HTML.

/**
 * Create an element: h('button', { class: 'x', 'data-id': 3, onclick: fn }, 'Label', child, [more]).
 * The attributes object may be left out or null: h('p', 'text').
 * - attrs: `class`, `dataset` (object), `on<event>` (function → listener),
 *   `value`/`checked`/`selected`/`disabled`/`hidden` (set as properties),
 *   anything else → setAttribute (null/undefined/false are skipped, true → "").
 * - children: strings/numbers become text nodes; null/false are skipped; arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  // h('li', 'text') / h('li', child): no attributes, the second argument is a child.
  if (attrs !== null && attrs !== undefined && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') {
        el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
      } else if (key === 'dataset') {
        for (const [k, v] of Object.entries(value)) {
          if (v !== null && v !== undefined) el.dataset[k] = String(v);
        }
      } else if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2).toLowerCase(), value);
      } else if (PROPS.has(key)) {
        el[key] = value;
      } else if (key === 'style') {
        // The CSP forbids style attributes; style from JS goes through el.style.
        throw new Error('h(): use classes or el.style, not a style attribute');
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

const PROPS = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'textContent']);

/** Append children (strings become text nodes, arrays are flattened, null/false skipped). */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

/** Replace all children of `el` (the only way the UI clears content). */
export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Short alias for document.getElementById. */
export function byId(id) {
  return document.getElementById(id);
}

/** True when keyboard input is going into a text field (so global shortcut keys must not fire). */
export function isTyping(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target.getAttribute('type') || 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type);
  }
  return false;
}
