// The admin page (/admin): rooms, their participants and mode, and a live SFU/MCU switch per room.
// Talks to /api/admin/* with the token from the field (kept in sessionStorage: this tab only).
// Every server-provided string goes in with textContent.

import { initTheme } from './theme.js';

const TOKEN_KEY = 'chorus.adminToken';
const REFRESH_MS = 2000;

const $ = (id) => document.getElementById(id);
const tokenInput = $('admin-token');
const statusLine = $('admin-status');
const tbody = $('admin-rooms-body');

let token = '';
let timer = null;
/** roomIds with a switch in flight: their row keeps its button disabled across refreshes */
const switching = new Set();
/** Bumped by each completed switch: a room list requested before it is stale and dropped. */
let epoch = 0;

function loadToken() {
  try { return sessionStorage.getItem(TOKEN_KEY) || ''; } catch { return ''; }
}

function saveToken(t) {
  try {
    if (t) sessionStorage.setItem(TOKEN_KEY, t);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch { /* storage disabled: the token lives in this page only */ }
}

function showStatus(text, kind = 'info') {
  statusLine.textContent = text;
  statusLine.dataset.kind = kind;
}

/** A message for a refused admin request (docs/protocol.md, Admin). */
function describeFailure(status, body) {
  if (status === 401) return 'Wrong token.';
  if (status === 403) return 'Admin API disabled: set admin.token (or CHORUS_ADMIN_TOKEN) on the server.';
  if (status === 404 && body?.error === 'room-not-found') return 'That room no longer exists.';
  const detail = body?.message || body?.error || '';
  return `The server refused the request (HTTP ${status})${detail ? `: ${detail}` : ''}.`;
}

class AdminError extends Error {}

async function api(method, path, body) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
  } catch {
    throw new AdminError('Cannot reach the server.');
  }
  let json = null;
  try { json = await res.json(); } catch { /* not JSON: described by status */ }
  if (!res.ok) throw new AdminError(describeFailure(res.status, json));
  return json;
}

// ---- rendering ----------------------------------------------------------------------------------

function modeBadge(mode) {
  const b = document.createElement('span');
  b.className = 'mode-badge';
  b.dataset.mode = mode;
  b.dataset.testid = 'room-mode';
  b.textContent = String(mode).toUpperCase();
  return b;
}

/** A participant's latest self-reported call quality (client-stats), as one line; null when none yet. */
function clientStatsLine(cs) {
  if (!cs || typeof cs !== 'object') return null;
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const kbps = (v) => (num(v) == null ? '–' : v >= 1000 ? `${(v / 1000).toFixed(1)} Mbps` : `${Math.round(v)} kbps`);
  const score = num(cs.score);
  const level = score == null ? 'unknown' : score >= 70 ? 'good' : score >= 40 ? 'fair' : 'poor';
  const line = document.createElement('span');
  line.className = 'client-stats';
  line.dataset.testid = 'client-stats';
  line.dataset.level = level;
  const dot = document.createElement('span');
  dot.className = 'client-score';
  dot.dataset.testid = 'client-score';
  dot.textContent = score == null ? '–' : String(Math.round(score));
  const parts = [
    `↑ ${kbps(cs.sendKbps)}`, `↓ ${kbps(cs.recvKbps)}`, `est. ${kbps(cs.bweKbps)}`,
    `RTT ${num(cs.rttMs) == null ? '–' : `${Math.round(cs.rttMs)} ms`}`,
    `loss ${num(cs.lossPct) == null ? '–' : `${cs.lossPct.toFixed(1)} %`}`,
    `jitter ${num(cs.jitterMs) == null ? '–' : `${Math.round(cs.jitterMs)} ms`}`,
  ];
  const video = Array.isArray(cs.tracks) ? cs.tracks.filter((t) => t && t.kind === 'video' && t.width) : [];
  if (video.length) parts.push(`${video.length} video (${video.map((t) => `${t.width}×${t.height}@${Math.round(t.fps ?? 0)}`).join(', ')})`);
  const text = document.createElement('span');
  text.textContent = parts.join(' · ');
  line.append(dot, text);
  const at = num(cs.receivedAt);
  if (at != null) line.title = `Reported ${Math.max(0, Math.round((Date.now() - at) / 1000))} s ago`;
  return line;
}

function peopleList(participants) {
  if (!participants.length) {
    const none = document.createElement('span');
    none.className = 'room-people-none';
    none.textContent = 'nobody';
    return none;
  }
  const ul = document.createElement('ul');
  ul.className = 'room-people';
  for (const p of participants) {
    const li = document.createElement('li');
    li.dataset.testid = 'admin-participant';
    li.dataset.participantId = p.participantId ?? '';
    const name = document.createElement('span');
    name.className = 'person-name';
    name.textContent = p.name || '(no name)';
    li.append(name);
    li.title = p.participantId ?? '';
    const stats = clientStatsLine(p.clientStats);
    if (stats) {
      li.classList.add('with-stats');
      li.append(stats);
    }
    ul.append(li);
  }
  return ul;
}

function otherMode(mode) {
  return mode === 'mcu' ? 'sfu' : 'mcu';
}

/** Fills (or refills) one row; the toggle button is reused so keyboard focus survives refreshes. */
function fillRow(tr, room) {
  const id = String(room.roomId);
  const mode = room.mode === 'mcu' ? 'mcu' : 'sfu';
  const participants = Array.isArray(room.participants) ? room.participants : [];
  tr.dataset.roomId = id;
  tr.dataset.mode = mode;

  let [idCell, modeCell, peopleCell, actionCell] = tr.cells;
  if (!idCell) {
    idCell = tr.insertCell();
    modeCell = tr.insertCell();
    peopleCell = tr.insertCell();
    actionCell = tr.insertCell();
    const link = document.createElement('a');
    const code = document.createElement('code');
    link.append(code);
    idCell.append(link);
    const btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'btn';
    btn.dataset.testid = 'mode-toggle';
    btn.addEventListener('click', () => switchMode(tr.dataset.roomId, otherMode(tr.dataset.mode), btn));
    actionCell.append(btn);
  }
  const link = idCell.querySelector('a');
  link.href = `/r/${encodeURIComponent(id)}`;
  link.querySelector('code').textContent = id;
  modeCell.replaceChildren(modeBadge(mode));
  peopleCell.replaceChildren(peopleList(participants));
  const btn = actionCell.querySelector('button');
  btn.textContent = `Switch to ${otherMode(mode).toUpperCase()}`;
  btn.disabled = switching.has(id);
  btn.setAttribute('aria-label', `Switch room ${id} to ${otherMode(mode).toUpperCase()}`);
}

function renderRooms(rooms) {
  const existing = new Map([...tbody.rows].map((tr) => [tr.dataset.roomId, tr]));
  const order = [];
  for (const room of rooms) {
    let tr = existing.get(String(room.roomId));
    existing.delete(String(room.roomId));
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.testid = 'room-row';
    }
    fillRow(tr, room);
    order.push(tr);
  }
  for (const gone of existing.values()) gone.remove();
  // only rows out of place move, so a steady table keeps keyboard focus on its buttons
  order.forEach((tr, i) => { if (tbody.rows[i] !== tr) tbody.insertBefore(tr, tbody.rows[i] ?? null); });
  $('admin-empty').hidden = rooms.length > 0;
  $('admin-updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
}

function clearRooms() {
  tbody.replaceChildren();
  $('admin-empty').hidden = true;
  $('admin-updated').textContent = '';
}

// ---- actions ------------------------------------------------------------------------------------

async function refresh() {
  if (!token) {
    clearRooms();
    showStatus('Enter the admin token to see the rooms.', 'prompt');
    return;
  }
  const asked = epoch;
  try {
    const body = await api('GET', '/api/admin/rooms');
    if (asked !== epoch) return;
    renderRooms(Array.isArray(body?.rooms) ? body.rooms : []);
    // an error or the token prompt is over once rooms come back; a switch's outcome stays until the next one
    if (statusLine.dataset.kind === 'error' || statusLine.dataset.kind === 'prompt' || !statusLine.textContent) showStatus('');
  } catch (e) {
    clearRooms();
    showStatus(e instanceof AdminError ? e.message : `Unexpected error: ${e}`, 'error');
  }
}

async function switchMode(roomId, mode, btn) {
  switching.add(roomId);
  btn.disabled = true;
  showStatus(`Switching room ${roomId} to ${mode.toUpperCase()}…`);
  try {
    const room = await api('POST', `/api/admin/rooms/${encodeURIComponent(roomId)}/mode`, { mode });
    epoch++;
    const tr = [...tbody.rows].find((r) => r.dataset.roomId === roomId);
    if (tr && room) fillRow(tr, room);
    showStatus(`Room ${roomId} is now ${String(room?.mode ?? mode).toUpperCase()}.`);
  } catch (e) {
    showStatus(e instanceof AdminError ? e.message : `Unexpected error: ${e}`, 'error');
  } finally {
    switching.delete(roomId);
    btn.disabled = false;
  }
}

function schedule() {
  clearTimeout(timer);
  // chained, not setInterval: a slow answer never piles up requests
  timer = setTimeout(async () => { await refresh(); schedule(); }, REFRESH_MS);
}

function applyToken(value) {
  token = value.trim();
  saveToken(token);
  refresh();
  schedule();
}

$('token-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  applyToken(tokenInput.value);
});
tokenInput.addEventListener('change', () => applyToken(tokenInput.value));
$('token-forget').addEventListener('click', () => {
  tokenInput.value = '';
  applyToken('');
  tokenInput.focus();
});

initTheme($('theme-toggle'));
token = loadToken();
tokenInput.value = token;
refresh();
schedule();
