// Welcome: shown while the data file has no conference. Explains the app and offers the sample.

import { clear, h } from '../dom.js';
import { importButton } from '../import.js';

export async function render(container, ctx) {
  const loadButton = h('button', { type: 'button', id: 'load-sample', class: 'button primary large' },
    'Load the sample conference');
  const dbPath = h('code', { id: 'db-path', class: 'db-path' }, '…');

  loadButton.addEventListener('click', async () => {
    loadButton.disabled = true;
    loadButton.textContent = 'Loading the sample…';
    ctx.setSaveState('saving');
    try {
      const conference = await ctx.api.loadSample();
      ctx.setSaveState('saved');
      await ctx.onConferenceLoaded(conference);
    } catch (err) {
      // The banner shows the message; let the user try again.
      ctx.setSaveState('error', err.message);
      loadButton.disabled = false;
      loadButton.textContent = 'Load the sample conference';
    }
  });

  clear(container,
    h('section', { id: 'welcome', class: 'welcome', 'aria-labelledby': 'welcome-title' },
      h('h2', { id: 'welcome-title', tabindex: '-1' }, 'Welcome to Delegation Desk'),
      h('p', { class: 'lead' },
        'Delegation Desk helps the coordinator of a national delegation get through a conference: ',
        'see the programme day by day, decide who covers which session and in what role, ',
        'and keep notes tied to sessions and to the building blocks of an effective national response.'),
      h('ul', { class: 'welcome-points' },
        h('li', h('strong', null, 'Agenda'), ' — every session with its time, room, priority and who covers it.'),
        h('li', h('strong', null, 'Delegation'), ' — the members, their languages and expertise.'),
        h('li', h('strong', null, 'Plan'), ' — a grid of sessions × members to share out the work.'),
        h('li', h('strong', null, 'Notes'), ' — quick notes per session, or corridor notes, tagged by building block.')),
      h('p', null,
        'Everything stays on this computer; the app works offline. To start, load the sample conference: ',
        'the 23rd Conference of the Alliance against Trafficking in Persons (Hofburg, Vienna) ',
        'with its programme, a fictional delegation and the building blocks of a national response.'),
      h('div', { class: 'welcome-actions' }, loadButton, importButton(ctx, { large: true })),
      h('p', { class: 'muted small' },
        'Or import the real programme: a frab/pretalx schedule (JSON or XML), a calendar file (.ics) ',
        'or a CSV typed from the printed programme (see docs/import.md).'),
      h('p', { class: 'muted small' }, 'Your data file: ', dbPath)));

  loadButton.focus();

  try {
    const info = await ctx.api.appInfo();
    dbPath.textContent = info.db_path;
  } catch {
    dbPath.textContent = 'unknown (see the message above)';
  }
}
