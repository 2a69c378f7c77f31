// Light/dark theme: follows the system until the user picks one with the toggle; the pick is remembered
// (localStorage) and applied before first paint by the inline script in index.html.

const KEY = 'chorus.theme';
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

/** 'light' or 'dark': what the page shows now. */
export function currentTheme(root = document.documentElement) {
  const chosen = root.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return darkQuery.matches ? 'dark' : 'light';
}

function stored() {
  try {
    const t = localStorage.getItem(KEY);
    return t === 'light' || t === 'dark' ? t : null;
  } catch {
    return null;
  }
}

/** Applies `theme` ('light' | 'dark' | null = the system's) and remembers it. */
export function setTheme(theme) {
  const root = document.documentElement;
  if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
  else delete root.dataset.theme;
  try {
    if (theme) localStorage.setItem(KEY, theme);
    else localStorage.removeItem(KEY);
  } catch { /* private mode: this page only */ }
  document.dispatchEvent(new CustomEvent('chorus:theme', { detail: { theme: currentTheme() } }));
}

/** Wires the toggle button; its label always says what a click does. */
export function initTheme(button) {
  const t = stored();
  if (t) document.documentElement.dataset.theme = t;
  const update = () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    button.setAttribute('aria-label', `Switch to ${next} theme`);
    button.title = `Switch to ${next} theme`;
    button.dataset.current = currentTheme();
  };
  button.addEventListener('click', () => {
    // picking the theme the system already has means "follow the system" again
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    const system = darkQuery.matches ? 'dark' : 'light';
    setTheme(next === system ? null : next);
    update();
  });
  darkQuery.addEventListener('change', () => {
    update();
    document.dispatchEvent(new CustomEvent('chorus:theme', { detail: { theme: currentTheme() } }));
  });
  update();
}
