// "Join a delegation…": this laptop takes the copy of the conference the coordinator made, sealed with
// the delegation's passphrase (said out loud, never written in the file), and becomes one of the
// delegation's laptops. Shared by the welcome and the Exchange view.

import { openFormDialog } from './forms.js';
import { h } from './dom.js';

/** Opens the join form; on success the app starts again from the joined data (`ctx.reload`). */
export function joinButton(ctx, { large = false, replaces = false } = {}) {
  const button = h('button', { type: 'button', id: 'join-delegation', class: ['button', large ? 'large' : null] },
    'Join a delegation…');
  button.addEventListener('click', () => joinDelegation(ctx, replaces));
  return button;
}

async function joinDelegation(ctx, replaces) {
  const joined = await openFormDialog({
    id: 'join-form',
    idPrefix: 'join',
    title: 'Join a delegation',
    intro: replaces
      ? 'The data on this laptop is replaced by the coordinator’s copy (what it holds now is kept as a backup).'
      : 'Open the copy of the conference your coordinator made for the delegation.',
    fields: [
      { name: 'path', label: 'Copy file (.desk-exchange)', value: '', required: true, wide: true,
        browse: () => ctx.api.chooseOpenPath('Delegation copy', ['desk-exchange']) },
      { name: 'passphrase', label: 'The delegation’s passphrase', type: 'password', value: '', required: true,
        hint: 'The one the coordinator said out loud; it is not this laptop’s own passphrase.' },
      { name: 'laptop_name', label: 'This laptop’s name in the delegation', value: '', required: true,
        placeholder: 'Zoë’s laptop' },
    ],
    submitLabel: 'Join',
    onSubmit: (v) => {
      for (const [field, label] of [['path', 'the copy file'], ['passphrase', 'the passphrase'], ['laptop_name', 'a name']]) {
        if (!v[field].trim()) return Promise.reject({ code: 'invalid', message: `${field}: give ${label}.` });
      }
      return ctx.saving(() => ctx.api.joinDelegation(v.path.trim(), v.passphrase, v.laptop_name.trim()), { fieldErrors: true });
    },
  });
  if (joined) await ctx.reload();
}
