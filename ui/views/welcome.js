// Welcome: shown while the data file has no conference. Explains the app and offers the sample.

import { clear, h } from '../dom.js';
import { openFormDialog } from '../forms.js';

/** "New conference…": a form for a conference that has no agenda file yet. */
async function newConference(ctx) {
  const conference = await openFormDialog({
    id: 'conference-form',
    idPrefix: 'cf',
    title: 'New conference',
    intro: 'Times are typed and shown in the conference’s time zone. Sessions and members are added afterwards.',
    fields: [
      { name: 'title', label: 'Title', value: '', required: true, wide: true },
      { name: 'starts_on', label: 'First day (YYYY-MM-DD)', value: '', required: true, placeholder: '2024-04-15' },
      { name: 'ends_on', label: 'Last day (empty: one day)', value: '', placeholder: '2024-04-16' },
      { name: 'time_zone', label: 'Time zone', value: 'Europe/Vienna', required: true, hint: 'IANA name, e.g. Europe/Vienna' },
      { name: 'venue', label: 'Venue', value: '' },
      { name: 'city', label: 'City', value: '' },
      { name: 'organiser', label: 'Organiser', value: '', wide: true },
    ],
    submitLabel: 'Create conference',
    onSubmit: (values) => ctx.saving(() => ctx.api.createConference(values), { fieldErrors: true }),
  });
  if (conference) await ctx.onConferenceLoaded(conference);
}
import { importButton } from '../import.js';
import { joinButton } from '../join.js';

export async function render(container, ctx) {
  const loadButton = h('button', { type: 'button', id: 'load-sample', class: 'button primary large' },
    'Load the sample conference');
  const dbPath = h('code', { id: 'db-path', class: 'db-path' }, '…');
  const newButton = h('button', { type: 'button', id: 'new-conference', class: 'button large' }, 'New conference…');
  newButton.addEventListener('click', () => newConference(ctx));

  loadButton.addEventListener('click', async () => {
    loadButton.disabled = true;
    loadButton.textContent = 'Loading the sample…';
    try {
      const conference = await ctx.saving(() => ctx.api.loadSample());
      await ctx.onConferenceLoaded(conference);
    } catch {
      // The banner and the status line say why; let the user try again.
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
      h('div', { class: 'welcome-actions' }, loadButton, importButton(ctx, { large: true }), newButton, joinButton(ctx, { large: true })),
      h('p', { class: 'muted small' },
        'Or import the real programme: a frab/pretalx schedule (JSON or XML), a calendar file (.ics) ',
        'or a CSV typed from the printed programme (see docs/import.md). ',
        'A delegate whose coordinator made a copy of the conference joins it with “Join a delegation…”.'),
      h('p', { class: 'muted small' }, 'Your data file: ', dbPath)));

  loadButton.focus();

  try {
    const info = await ctx.api.appInfo();
    dbPath.textContent = info.db_path;
  } catch {
    dbPath.textContent = 'unknown (see the message above)';
  }
}
