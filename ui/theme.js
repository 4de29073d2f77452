// The colour theme. Its own module because boot applies it before any view is loaded (Settings, which
// chooses it, comes later: ui/app.js).

const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
let chosenTheme = 'system';

/** Apply a theme: 'system' follows the operating system (live), 'light'/'dark' override it. The
 *  stylesheet has one dark palette, under data-theme="dark". */
export function applyTheme(theme) {
  chosenTheme = theme === 'light' || theme === 'dark' ? theme : 'system';
  const dark = chosenTheme === 'dark' || (chosenTheme === 'system' && systemDark.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}
systemDark.addEventListener('change', () => applyTheme(chosenTheme));
