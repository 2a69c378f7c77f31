// Chorus browser client: routing and wiring. `/` = landing, `/r/{roomId}` = room.
// Automation: `/r/{roomId}?name=NAME&autojoin=1` joins at once; window.chorus.stats() (see stats.js).

import { Signaling } from './signaling.js';
import { Call } from './call.js';
import { getLocalMedia, stopStream } from './media.js';
import { installAutomationApi } from './stats.js';
import { RenderSizeReporter } from './render.js';
import { $, showView, showBanner, hideBanner, toast, copyText, initials, Grid } from './ui.js';

const NAME_KEY = 'chorus.name';
const ROOM_ID_RE = /^[A-Za-z0-9_-]{1,128}$/;

const state = {
  view: 'landing',
  roomId: null,
  name: '',
  phase: 'idle', // idle | joining | joined | left
  participantId: null,
  lastError: null,
};

let signaling = null;
let call = null;
let localStream = null;
let renderSizes = null;
const grid = new Grid($('grid'), {
  onAutoplayBlocked: () => { $('audio-unlock').hidden = false; },
  onPin: (participantId) => call?.pin(participantId),
  localTile: $('local-tile'),
});

installAutomationApi(() => call, () => state);

// ---- routing ------------------------------------------------------------------------------------

function roomIdFromPath(pathname) {
  const m = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

/** Accepts a bare room id or any link containing /r/{id}. */
export function parseRoomInput(text) {
  const t = (text || '').trim();
  if (!t) return null;
  const m = /\/r\/([^/?#\s]+)/.exec(t);
  const id = m ? decodeURIComponent(m[1]) : t;
  return ROOM_ID_RE.test(id) ? id : null;
}

function roomUrl(roomId) {
  return `${location.origin}/r/${encodeURIComponent(roomId)}`;
}

function setView(name) {
  state.view = name;
  showView(name);
}

// ---- landing --------------------------------------------------------------------------------------

async function createRoom() {
  const btn = $('create-room');
  btn.disabled = true;
  hideBanner();
  try {
    const res = await fetch('/api/rooms', { method: 'POST', headers: { 'Accept': 'application/json' } });
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    const body = await res.json();
    if (!body.roomId) throw new Error('the server did not return a room id');
    location.assign(`/r/${encodeURIComponent(body.roomId)}`);
  } catch (e) {
    showBanner(`Could not create a room: ${e.message}`);
    btn.disabled = false;
  }
}

function initLanding() {
  setView('landing');
  document.title = 'Chorus';
  $('create-room').addEventListener('click', createRoom);
  $('join-room-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const input = $('room-id-input');
    const id = parseRoomInput(input.value);
    if (!id) {
      input.setAttribute('aria-invalid', 'true');
      showBanner('That does not look like a room ID or a Chorus room link.');
      input.focus();
      return;
    }
    location.assign(`/r/${encodeURIComponent(id)}`);
  });
  $('room-id-input').addEventListener('input', (ev) => ev.target.removeAttribute('aria-invalid'));
}

// ---- room -------------------------------------------------------------------------------------------

function updateCount() {
  const n = grid.updateCount();
  $('participant-count').textContent = `${n} in room`;
}

function nameOf(participantId) {
  return call?.nameOf(participantId) || 'Guest';
}

async function checkRoomExists(roomId) {
  try {
    const res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}`, { headers: { 'Accept': 'application/json' } });
    if (res.status !== 404) return;
    const body = await res.json().catch(() => ({}));
    if (body.error === 'room-not-found' && state.phase === 'idle') {
      showBanner('This room does not exist (or has expired). Create a new one from the home page.');
    }
  } catch {
    // offline or no REST API: the join will tell
  }
}

function showLocalPreview() {
  const video = $('local-video');
  const hasVideo = localStream.getVideoTracks().length > 0;
  video.srcObject = hasVideo ? localStream : null;
  if (hasVideo) video.play().catch(() => {});
  $('local-tile').classList.toggle('has-video', hasVideo);
  $('local-name').textContent = state.name;
  $('local-avatar').textContent = initials(state.name);
  const mic = localStream.getAudioTracks()[0];
  const cam = localStream.getVideoTracks()[0];
  setToggle($('toggle-mic'), mic, 'microphone');
  setToggle($('toggle-cam'), cam, 'camera');
}

function setToggle(btn, track, what) {
  btn.disabled = !track;
  const off = !track || !track.enabled;
  btn.setAttribute('aria-pressed', String(!!track && off));
  const label = !track ? `No ${what}` : off ? `Turn ${what} on` : `Turn ${what} off`;
  btn.setAttribute('aria-label', label);
  btn.title = label;
  btn.querySelector('.ctrl-text').textContent = what === 'microphone' ? (off ? 'Unmute' : 'Mute') : (off ? 'Camera on' : 'Camera off');
}

function wireCall(c) {
  c.addEventListener('participant-joined', ({ detail }) => {
    grid.ensureTile(detail.participantId, detail.name);
    updateCount();
    if (!detail.known && state.phase === 'joined') toast(`${detail.name || 'Someone'} joined`);
  });
  c.addEventListener('participant-left', ({ detail }) => {
    const name = grid.tiles.get(detail.participantId)?.name;
    grid.removeTile(detail.participantId);
    updateCount();
    if (name) toast(`${name} left`);
  });
  renderSizes = new RenderSizeReporter((mid, w, h) => c.sendRenderSize(mid, w, h));
  const sizes = renderSizes;
  c.addEventListener('track', ({ detail }) => {
    const name = detail.participantId === 'mcu' ? 'Everyone' : c.nameOf(detail.participantId) || undefined;
    grid.addTrack(detail.participantId, detail.track, name);
    // the server picks the simulcast layer that fits the tile this video is shown in
    if (detail.track.kind === 'video') sizes.watch(detail.mid, grid.tiles.get(detail.participantId)?.el);
    updateCount();
  });
  c.addEventListener('track-removed', ({ detail }) => {
    if (detail.mid != null) sizes.unwatch(detail.mid);
    grid.removeTrack(detail.participantId, detail.track);
  });
  c.addEventListener('active-speaker', ({ detail }) => {
    grid.setActiveSpeaker(detail.participantId === c.participantId ? 'local' : detail.participantId);
  });
  c.addEventListener('error', ({ detail }) => showBanner(detail.message));
  c.addEventListener('connection-state', ({ detail }) => {
    document.body.dataset.connection = detail.state;
    if (detail.state === 'connected') hideBannerIfInfo();
  });
}

function hideBannerIfInfo() {
  if ($('banner').classList.contains('info') && $('banner-text').dataset.sticky !== '1') hideBanner();
}

/** Requests whose failure is a harmless race (a track or person just went): logged, not shown. */
const QUIET_ERRORS = new Set(['render-size', 'pin']);

function onServerError(msg) {
  if (QUIET_ERRORS.has(msg.requestType)) {
    console.warn('chorus: server refused', msg.requestType, msg.code, msg.message);
    return;
  }
  state.lastError = msg;
  const text = msg.message || msg.code || 'unknown error';
  if (msg.code === 'room-not-found') {
    showBanner('This room does not exist (or has expired). Create a new one from the home page.');
  } else {
    showBanner(`Server error: ${text}${msg.code ? ` (${msg.code})` : ''}`);
  }
}

async function join() {
  if (state.phase === 'joining' || state.phase === 'joined') return;
  const nameInput = $('name-input');
  state.name = nameInput.value.trim().slice(0, 64) || 'Guest';
  try { localStorage.setItem(NAME_KEY, state.name); } catch { /* private mode */ }
  state.phase = 'joining';
  state.lastError = null;
  const btn = $('join');
  btn.disabled = true;
  btn.textContent = 'Joining…';
  hideBanner();

  // automation: ?media=audio|video|none publishes less than camera + microphone
  const only = new URLSearchParams(location.search).get('media');
  const media = await getLocalMedia({
    audio: only === null || only === 'audio' || only === 'both',
    video: only === null || only === 'video' || only === 'both',
  });
  localStream = media.stream;

  signaling = new Signaling();
  const sig = signaling;
  let joinedOk = false;
  const joinResult = new Promise((resolve, reject) => {
    sig.on('joined', (msg) => {
      if (joinedOk) return;
      joinedOk = true;
      // synchronously, so the call sees every message that follows `joined`
      call = new Call(sig, localStream);
      wireCall(call);
      state.participantId = msg.participantId;
      call.start(msg);
      showMode(call.mode);
      state.phase = 'joined';
      resolve(msg);
    });
    // an admin switched the room between forwarding and composite; the media follows via `renegotiate`
    sig.on('mode', (msg) => {
      if (!call || (msg.mode !== 'sfu' && msg.mode !== 'mcu')) return;
      call.mode = msg.mode;
      showMode(msg.mode);
    });
    sig.on('error', (msg) => { if (!joinedOk) reject(msg); });
    sig.on('close', () => { if (!joinedOk) reject({ message: 'The connection to the server closed.' }); });
  });
  sig.on('error', onServerError);
  sig.on('close', (ev) => {
    if (sig === signaling && !ev.byUs && state.phase === 'joined') {
      teardown({ sendLeave: false });
      leftView('The connection to the server was lost.');
    }
  });

  try {
    await sig.connect();
    sig.send({ type: 'join', roomId: state.roomId, name: state.name });
    await joinResult;
  } catch (e) {
    console.error('chorus: join failed', e);
    teardown({ sendLeave: false });
    state.phase = 'idle';
    btn.disabled = false;
    btn.textContent = 'Join room';
    if (e instanceof Error) showBanner(`Could not reach the server: ${e.message}`);
    else if (e?.code === 'room-not-found') onServerError(e);
    else showBanner(`Could not join: ${e?.message || e?.code || 'unknown error'}`);
    return;
  }

  btn.disabled = false;
  btn.textContent = 'Join room';
  setView('call');
  showLocalPreview();
  updateCount();
  if (media.warning) {
    showBanner(media.warning, { kind: 'info' });
    $('banner-text').dataset.sticky = '1';
  } else {
    delete $('banner-text').dataset.sticky;
  }
}

function teardown({ sendLeave }) {
  if (call) call.close({ sendLeave });
  call = null;
  renderSizes?.close();
  renderSizes = null;
  if (signaling) signaling.close();
  signaling = null;
  stopStream(localStream);
  localStream = null;
  $('local-video').srcObject = null;
  grid.clear();
  $('audio-unlock').hidden = true;
  state.participantId = null;
  showMode(null);
}

/** A small badge in the top bar: how the server delivers this room's media (SFU or MCU); null hides it. */
function showMode(mode) {
  let badge = document.getElementById('room-mode');
  if (!badge) {
    badge = document.createElement('span');
    badge.id = 'room-mode';
    badge.className = 'pill';
    badge.dataset.testid = 'room-mode';
    $('topbar-room').append(badge);
  }
  badge.textContent = mode ? mode.toUpperCase() : '';
  // MCU: the composite (stream "mcu") is the stage; the others' empty tiles hide (they are in it)
  $('grid').classList.toggle('mcu', mode === 'mcu');
  badge.title = mode === 'mcu' ? 'MCU: the server sends one composite stream'
    : mode === 'sfu' ? 'SFU: the server forwards each stream' : '';
}

function leftView(reason) {
  state.phase = 'left';
  hideBanner();
  $('left-reason').textContent = reason || '';
  $('participant-count').textContent = '';
  setView('left');
}

function leave() {
  if (state.phase !== 'joined' && state.phase !== 'joining') return;
  teardown({ sendLeave: true });
  leftView('');
}

function initRoom(roomId) {
  state.roomId = roomId;
  document.title = `Room ${roomId.slice(0, 8)} · Chorus`;
  $('topbar-room').hidden = false;
  $('topbar-room-id').textContent = roomId;
  $('prejoin-room-id').textContent = roomId;
  $('share-link').value = roomUrl(roomId);
  $('participant-count').textContent = '';

  const params = new URLSearchParams(location.search);
  let stored = '';
  try { stored = localStorage.getItem(NAME_KEY) || ''; } catch { /* private mode */ }
  $('name-input').value = params.get('name') || stored;

  $('join-form').addEventListener('submit', (ev) => { ev.preventDefault(); join(); });
  $('leave').addEventListener('click', leave);
  $('rejoin').addEventListener('click', () => { state.phase = 'idle'; setView('prejoin'); join(); });
  $('share-link').addEventListener('focus', (ev) => ev.target.select());
  for (const b of document.querySelectorAll('[data-copy-link]')) {
    b.addEventListener('click', async () => {
      toast((await copyText(roomUrl(roomId))) ? 'Link copied' : 'Copy failed: select the link and copy it');
    });
  }
  $('audio-unlock-button').addEventListener('click', () => {
    grid.unlockAudio();
    $('audio-unlock').hidden = true;
  });
  $('toggle-mic').addEventListener('click', () => {
    const t = localStream?.getAudioTracks()[0];
    if (t) { t.enabled = !t.enabled; setToggle($('toggle-mic'), t, 'microphone'); }
  });
  $('toggle-cam').addEventListener('click', () => {
    const t = localStream?.getVideoTracks()[0];
    if (t) {
      t.enabled = !t.enabled;
      setToggle($('toggle-cam'), t, 'camera');
      $('local-tile').classList.toggle('has-video', t.enabled);
    }
  });
  window.addEventListener('pagehide', () => { if (state.phase === 'joined') teardown({ sendLeave: true }); });

  setView('prejoin');
  if (params.get('autojoin') === '1') {
    join();
  } else {
    checkRoomExists(roomId);
    $('name-input').focus();
  }
}

// ---- boot ---------------------------------------------------------------------------------------------

$('banner-close').addEventListener('click', hideBanner);
const roomId = roomIdFromPath(location.pathname);
if (roomId && ROOM_ID_RE.test(roomId)) {
  initRoom(roomId);
} else {
  initLanding();
  if (roomId) showBanner('That room link is not valid.');
}
