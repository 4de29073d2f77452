// Shown instead of everything else when the data file cannot be opened at start. It says what happened
// and offers the latest backup; the damaged file is moved aside, never overwritten. A backup made with
// another passphrase than the data file's asks for the one it was made with.

import { clear, h } from '../dom.js';
import { confirmDialog } from '../confirm.js';
import { withPassphraseOf } from '../passphrase.js';

export async function render(container, ctx) {
  const status = await ctx.api.dataStatus();
  const problem = status.problem || { code: 'internal', message: 'Unknown problem.' };
  const newer = problem.code === 'newer_database';

  const recover = async (source) => {
    const preview = await withPassphraseOf('The backup', (key) => ctx.api.previewRestore(source, key));
    if (!preview) return;
    if (!(await confirmDialog({ title: 'Use this backup?', text: preview.value.message, confirmLabel: 'Use this backup' }))) return;
    const said = await ctx.saving(() => ctx.api.recoverData(source, preview.passphrase));
    ctx.reload(said);
  };

  const actions = [];
  if (!newer && status.backups.length) {
    const latest = status.backups[0];
    const button = h('button', { type: 'button', class: 'button primary', id: 'restore-latest' },
      'Restore the latest backup');
    button.addEventListener('click', () => recover(latest.path));
    actions.push(button, h('p', { class: 'muted small' }, `Latest backup: ${latest.file_name}`));
  }
  if (!newer) {
    const choose = h('button', { type: 'button', class: 'button', id: 'recover-choose' }, 'Use a copy…');
    choose.addEventListener('click', async () => {
      const path = await ctx.api.chooseOpenPath('Delegation Desk data', ['sqlite3', 'db']);
      if (path) await recover(path);
    });
    actions.push(choose);
  }

  clear(container,
    h('section', { id: 'recovery', class: 'welcome', 'aria-labelledby': 'recovery-title' },
      h('h2', { id: 'recovery-title', tabindex: '-1' }, 'Your data could not be opened'),
      h('p', { class: 'lead', id: 'recovery-problem' }, problem.message),
      h('p', null, 'Data file: ', h('code', { class: 'db-path' }, status.db_path)),
      newer
        ? h('p', null, 'Nothing was changed. Open it with the newer version of Delegation Desk.')
        : h('p', null, status.backups.length
          ? 'The file was left as it is. You can put the latest automatic backup in its place; the damaged file is kept beside it.'
          : 'The file was left as it is. There is no automatic backup yet; if you saved a copy of the data, use it.'),
      h('div', { class: 'welcome-actions' }, ...actions)));
  const first = container.querySelector('button');
  if (first) first.focus();
}
