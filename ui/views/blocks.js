// The taxonomy of this conference: building blocks and their sub-elements, editable. Renaming keeps
// every note's tags; a block in use is never deleted (archive it: it stays on its notes and is no
// longer offered for new ones).

import { clear, h } from '../dom.js';
import { viewHeader } from '../widgets.js';

export async function render(container, ctx) {
  const list = await ctx.api.listTaxonomy();
  const reload = async () => {
    ctx.blocks = await ctx.api.listBlocks();
    ctx.blockByCode = new Map(ctx.blocks.map((b) => [b.code, b]));
    ctx.navigate('blocks');
  };
  const act = async (fn) => {
    try {
      await ctx.saving(fn);
      await reload();
    } catch {
      // The banner and the status line say why; the table shows what is stored.
    }
  };
  const siblings = (b) => list.filter((x) => x.parent_id === b.parent_id);

  const rows = list.map((b) => {
    const sibs = siblings(b);
    const index = sibs.indexOf(b);
    const name = h('input', { class: 'select block-name', type: 'text', value: b.name, 'aria-label': `Name of ${b.code}` });
    name.addEventListener('change', () => act(() => ctx.api.renameBlock(b.code, name.value)));
    const description = h('input', { class: 'select block-description', type: 'text', value: b.description,
      'aria-label': `Description of ${b.code}` });
    description.addEventListener('change', () => act(() => ctx.api.describeBlock(b.code, description.value)));
    const used = b.notes + b.sessions;
    return h('tr', { class: ['block-row', b.parent_code ? 'sub-row' : null, b.archived ? 'archived' : null], 'data-code': b.code },
      h('td', { class: 'block-code' }, h('code', null, b.parent_code ? `› ${b.code}` : b.code)),
      h('td', null, name),
      h('td', null, description),
      h('td', { class: 'num' }, String(b.notes)),
      h('td', { class: 'num' }, String(b.sessions)),
      h('td', null, h('div', { class: 'block-buttons' },
        h('button', { type: 'button', class: 'button small', 'aria-label': `Move ${b.name} up`, disabled: index === 0,
          onclick: () => act(() => ctx.api.moveBlock(b.code, index)) }, '↑'),
        h('button', { type: 'button', class: 'button small', 'aria-label': `Move ${b.name} down`, disabled: index === sibs.length - 1,
          onclick: () => act(() => ctx.api.moveBlock(b.code, index + 2)) }, '↓'),
        h('button', { type: 'button', class: 'button small block-archive',
          onclick: () => act(() => ctx.api.archiveBlock(b.code, !b.archived)) }, b.archived ? 'Restore' : 'Archive'),
        h('button', { type: 'button', class: 'button small block-delete',
          title: used ? `Used by ${b.notes} note(s) and ${b.sessions} session(s): archive it instead` : 'Delete this unused block',
          'aria-disabled': used ? 'true' : null,
          onclick: () => act(() => ctx.api.deleteBlock(b.code)) }, 'Delete'))));
  });

  const code = h('input', { id: 'block-code', class: 'select', type: 'text', placeholder: 'e.g. labour', required: true });
  const nameInput = h('input', { id: 'block-name', class: 'select', type: 'text', placeholder: 'Name', required: true });
  const parent = h('select', { id: 'block-parent', class: 'select' }, h('option', { value: '' }, 'Top-level block'),
    list.filter((b) => !b.parent_code).map((b) => h('option', { value: b.code }, `Sub-element of ${b.name}`)));
  const form = h('form', { class: 'action-form', id: 'block-form' },
    h('div', { class: 'field' }, h('label', { for: 'block-code' }, 'Code'), code),
    h('div', { class: 'field grow' }, h('label', { for: 'block-name' }, 'Name'), nameInput),
    h('div', { class: 'field' }, h('label', { for: 'block-parent' }, 'Where'), parent),
    h('div', { class: 'field' }, h('span', { class: 'field-spacer' }, ' '),
      h('button', { type: 'submit', class: 'button primary', id: 'block-add' }, 'Add block')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    act(() => ctx.api.addBlock(code.value.trim(), nameInput.value.trim(), '', parent.value || null));
  });

  clear(container,
    viewHeader('Building blocks', 'The taxonomy notes are tagged with. Renaming keeps the tags; a block in use can be archived, never deleted.'),
    form,
    h('div', { class: 'table-wrap' }, h('table', { class: 'data-table blocks-table', id: 'blocks-table' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Code'), h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Description'),
        h('th', { scope: 'col', class: 'num' }, 'Notes'), h('th', { scope: 'col', class: 'num' }, 'Sessions'),
        h('th', { scope: 'col' }, ''))),
      h('tbody', null, rows))));
}
