// Keyboard shortcuts in a call: single keys, ignored while typing (chat, name fields) or with modifiers
// (so browser and screen-reader shortcuts keep working).

export const SHORTCUTS = Object.freeze([
  { key: 'm', action: 'mic', label: 'Mute or unmute the microphone' },
  { key: 'v', action: 'camera', label: 'Turn the camera off or on' },
  { key: 's', action: 'screen', label: 'Start or stop sharing the screen' },
  { key: 'c', action: 'chat', label: 'Open or close the chat' },
  { key: 'p', action: 'people', label: 'Show or hide the people' },
  { key: 'i', action: 'stats', label: 'Show or hide the call statistics' },
  { key: '?', action: 'help', label: 'Devices and shortcuts' },
  { key: 'Escape', action: 'close', label: 'Close the side panel' },
]);

function typing(target) {
  if (!(target instanceof Element)) return false;
  return target.closest('input, textarea, select, [contenteditable="true"], dialog[open]') !== null;
}

/**
 * Calls `handlers[action]()` for shortcut keys while `active()` holds. Returns a function that removes the
 * listener.
 */
export function installShortcuts(handlers, active) {
  const onKey = (ev) => {
    if (!active() || ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || ev.repeat) return;
    const key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
    // Escape still closes the panel from inside the chat box; other keys are text there
    if (typing(ev.target) && !(key === 'Escape' && !(ev.target instanceof Element && ev.target.closest('dialog[open]')))) return;
    const s = SHORTCUTS.find((x) => x.key === key);
    if (!s || !handlers[s.action]) return;
    ev.preventDefault();
    handlers[s.action]();
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

/** Fills a <dl> with the shortcut list (settings dialog). */
export function renderShortcutList(dl) {
  const items = [];
  for (const s of SHORTCUTS) {
    const dt = document.createElement('dt');
    const kbd = document.createElement('kbd');
    kbd.textContent = s.key === 'Escape' ? 'Esc' : s.key.toUpperCase();
    dt.append(kbd);
    const dd = document.createElement('dd');
    dd.textContent = s.label;
    items.push(dt, dd);
  }
  dl.replaceChildren(...items);
}
