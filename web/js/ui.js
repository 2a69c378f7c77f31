// DOM helpers: views, banner/toast, clipboard, avatars, and `h()` for building elements.
// Text from other people (names, chat) only ever goes in through textContent (h's string children).

const $ = (id) => document.getElementById(id);

export { $ };

const VIEWS = ['landing', 'prejoin', 'call', 'left'];

export function showView(name) {
  for (const v of VIEWS) $(`view-${v}`).hidden = v !== name;
  document.body.dataset.view = name;
}

/**
 * h('div', {class: 'x', dataset: {a: '1'}, onclick: fn, 'aria-label': 'y'}, 'text', child…): an element.
 * String children become text nodes, never markup.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'hidden') el.hidden = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A stroke icon from path data (our own constants, never user text). */
export function icon(paths, cls = 'icon') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  for (const d of [].concat(paths)) {
    const p = document.createElementNS(SVG_NS, 'path');
    if (typeof d === 'string') p.setAttribute('d', d);
    else for (const [k, v] of Object.entries(d)) p.setAttribute(k, v);
    svg.append(p);
  }
  return svg;
}

export const ICONS = {
  mic: ['M9 6a3 3 0 0 1 6 0v5a3 3 0 0 1-6 0z', 'M5 11a7 7 0 0 0 14 0M12 18v3', { d: 'M4 4l16 16', class: 'slash' }],
  cam: ['M3 8a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z', 'M16 10l5-3v10l-5-3z', { d: 'M4 4l16 16', class: 'slash' }],
  screen: ['M3 6a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z', 'M8 20h8M12 16v4'],
  video: ['M3 8a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z', 'M16 10l5-3v10l-5-3z'],
  phone: ['M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2'],
};

// ---- messages ---------------------------------------------------------------------------------

export function showBanner(text, { kind = 'error', sticky = false } = {}) {
  const b = $('banner');
  $('banner-text').textContent = text;
  b.classList.toggle('info', kind === 'info');
  b.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  b.dataset.testid = kind === 'error' ? 'error-banner' : 'info-banner';
  b.dataset.sticky = sticky ? '1' : '';
  b.hidden = false;
}

export function hideBanner() {
  $('banner').hidden = true;
}

let toastTimer = null;
export function toast(text, ms = 2400) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, ms);
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // insecure context or no permission: fall back to a selection copy
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.append(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    ta.remove();
    return ok;
  }
}

// ---- avatars ---------------------------------------------------------------------------------

export function initials(name) {
  const parts = (name || '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = [...parts[0]][0] ?? '';
  const last = parts.length > 1 ? [...parts[parts.length - 1]][0] ?? '' : '';
  return (first + last).toUpperCase();
}

/** A stable hue per person, so the same person has the same avatar colour everywhere. */
export function hueOf(key) {
  let h = 0;
  for (const ch of String(key ?? '')) h = (h * 31 + ch.codePointAt(0)) % 360;
  return h;
}

/** Fills an avatar element for `name` (colour from `key`, e.g. the participant id). */
export function paintAvatar(el, name, key = name) {
  el.textContent = initials(name);
  el.dataset.hue = '1';
  el.style.setProperty('--hue', String(hueOf(key)));
}

export function formatTime(ts) {
  const d = new Date(ts);
  return Number.isFinite(d.getTime()) ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
}
