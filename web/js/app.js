// Chorus browser client: routing and the pieces that outlive one room (socket, lobby, devices, theme).
// `/` = landing (rooms + lobby), `/r/{roomId}` = a room. Navigation between them stays in the page
// (history API), so the lobby's socket survives going into a call and back.
//
// Automation (tests): `/r/{id}?name=NAME&autojoin=1` joins at once; `&media=audio|video|none|both` publishes
// less; `&simulcast=0` one encoding; `&relay=1` TURN-relayed paths only; `/?name=NAME&lobby=1` goes online in the lobby. window.chorus: stats.js.

import { Signaling } from './signaling.js';
import { LocalMedia, LevelMeter, fillDeviceSelects, deviceIdOf, canChooseSpeaker } from './devices.js';
import { installAutomationApi } from './stats.js';
import { Grid } from './grid.js';
import { Participants } from './participants.js';
import { Chat } from './chat.js';
import { StatsPanel } from './stats-panel.js';
import { CallView } from './call-view.js';
import { RoomSession } from './room.js';
import { Lobby } from './lobby.js';
import { initTheme } from './theme.js';
import { simulcastEnabled } from './publish.js';
import { $, showView, showBanner, hideBanner, toast, copyText, paintAvatar } from './ui.js';

const NAME_KEY = 'chorus.name';
const ROOM_ID_RE = /^[A-Za-z0-9_-]{1,128}$/;

const state = {
  view: 'loading',
  roomId: null,
  name: '',
  /** the direct call this room belongs to ({callId, media, peer}), or null */
  callInfo: null,
  lastError: null,
};

const sig = new Signaling();
const local = new LocalMedia();
let session = null;
let previewing = false;
const meter = new LevelMeter($('preview-level'));

const participants = new Participants($('participant-list'));
const grid = new Grid($('grid'), {
  onAutoplayBlocked: () => { $('audio-unlock').hidden = false; },
  onPin: (participantId) => session?.pin(participantId),
});
const chat = new Chat(
  { log: $('chat-log'), empty: $('chat-empty'), form: $('chat-form'), input: $('chat-input'), button: $('chat-send'), hint: $('chat-hint') },
  { send: (text) => session?.sendChat(text) ?? false, isMine: (id) => id != null && id === session?.participantId, isOpen: () => view.isPanelOpen('chat') },
);
const statsPanel = new StatsPanel($('panel-stats'), {
  nameOf: (id) => participants.nameOf(id),
  isVisible: () => view.isPanelOpen('stats'),
});
const view = new CallView({ grid, participants, chat, statsPanel, local, onLeave: () => leave() });
const lobby = new Lobby(sig, {
  connect: () => sig.connect(),
  onAccepted: (info) => startDirectCall(info),
  canCall: () => !session?.active,
});

installAutomationApi({
  getCall: () => session?.call ?? null,
  getState: () => ({ ...state, ...(session?.snapshot() ?? { phase: 'idle', participantId: null }), lobby: lobbyState(), signaling: signalingState() }),
  getMetrics: () => session?.metrics ?? null,
  getChat: () => chat.list(),
  getParticipants: () => [participants.self, ...participants.others()].map((p) => ({ ...p })),
  debug: {
    dropSocket: (holdMs = 0) => sig.simulateDrop(4001, 'dropped (test)', holdMs),
    restartIce: () => session?.call?.restartIce('requested'),
  },
});

function lobbyState() {
  return { online: lobby.online, userId: lobby.userId, users: [...lobby.users.values()], call: lobby.call ? { ...lobby.call } : null };
}

function signalingState() {
  return { open: sig.isOpen, reconnecting: sig.reconnecting, reconnects: sig.reconnects };
}

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
  let id = t;
  if (m) {
    try { id = decodeURIComponent(m[1]); } catch { return null; }
  }
  return ROOM_ID_RE.test(id) ? id : null;
}

function roomUrl(roomId) {
  return `${location.origin}/r/${encodeURIComponent(roomId)}`;
}

function setView(name) {
  state.view = name;
  showView(name);
}

function navigate(path, { callInfo = null, autojoin = false } = {}) {
  history.pushState({ autojoin }, '', path);
  route({ callInfo, autojoin });
}

function route({ callInfo = null, autojoin = null } = {}) {
  hideBanner();
  const roomId = roomIdFromPath(location.pathname);
  if (roomId && ROOM_ID_RE.test(roomId)) {
    showRoom(roomId, { callInfo, autojoin: autojoin ?? new URLSearchParams(location.search).get('autojoin') === '1' });
  } else {
    showLanding();
    if (roomId) showBanner('That room link is not valid.');
  }
}

window.addEventListener('popstate', () => {
  if (session?.active) leave({ show: false });
  route();
});

// ---- landing ------------------------------------------------------------------------------------------

function storedName() {
  try { return localStorage.getItem(NAME_KEY) || ''; } catch { return ''; }
}

function rememberName(name) {
  try { localStorage.setItem(NAME_KEY, name); } catch { /* private mode */ }
}

function showLanding() {
  stopPreview();
  if (!session?.active) local.stop(); // back from the pre-join: the camera light goes out
  state.roomId = null;
  state.callInfo = null;
  document.title = 'Chorus';
  $('topbar-room').hidden = true;
  setView('landing');
  const params = new URLSearchParams(location.search);
  const name = params.get('name') || storedName();
  if (params.get('name')) rememberName(name); // as if typed: the room's name field offers it too
  if (!$('lobby-name').value) $('lobby-name').value = name;
  if (!lobby.online && !lobby.entering && name && (params.get('lobby') === '1' || Lobby.wasOnline())) {
    rememberName(name);
    lobby.enter(name);
  }
  lobby.render();
}

async function createRoom() {
  const btn = $('create-room');
  btn.disabled = true;
  hideBanner();
  try {
    const res = await fetch('/api/rooms', { method: 'POST', headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    const body = await res.json();
    if (!body.roomId) throw new Error('the server did not return a room id');
    navigate(`/r/${encodeURIComponent(body.roomId)}`);
  } catch (e) {
    showBanner(`Could not create a room: ${e.message}`);
  } finally {
    btn.disabled = false;
  }
}

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
  navigate(`/r/${encodeURIComponent(id)}`);
});
$('room-id-input').addEventListener('input', (ev) => ev.target.removeAttribute('aria-invalid'));
$('lobby-name').addEventListener('change', (ev) => rememberName(ev.target.value.trim()));

// ---- pre-join: preview and devices ------------------------------------------------------------------

async function checkRoomExists(roomId) {
  try {
    const res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}`, { headers: { Accept: 'application/json' } });
    if (res.status !== 404) return;
    const body = await res.json().catch(() => ({}));
    if (body.error === 'room-not-found' && state.view === 'prejoin') {
      showBanner('This room does not exist (or has expired). Create a new one from the home page.');
    }
  } catch {
    // offline or no REST API: the join will tell
  }
}

function showRoom(roomId, { callInfo, autojoin }) {
  state.roomId = roomId;
  state.callInfo = callInfo;
  document.title = `${callInfo ? `Call with ${callInfo.peer.name}` : `Room ${roomId.slice(0, 8)}`} · Chorus`;
  $('topbar-room').hidden = false;
  $('topbar-room-id').textContent = roomId;
  $('prejoin-room-id').textContent = roomId;
  $('share-link').value = roomUrl(roomId);
  $('participant-count').textContent = '';
  const params = new URLSearchParams(location.search);
  $('name-input').value = params.get('name') || storedName() || lobby.name;
  if (callInfo) {
    join({ name: lobby.name || $('name-input').value });
  } else if (autojoin) {
    join({});
  } else {
    setView('prejoin');
    checkRoomExists(roomId);
    startPreview();
    $('name-input').focus();
  }
}

async function startPreview() {
  if (previewing) return;
  previewing = true;
  if (!local.audioTrack && !local.videoTrack) await local.start({ audio: true, video: true });
  if (!previewing) return;
  refreshPreview();
  await fillDeviceSelects({ camera: $('camera-select'), mic: $('mic-select'), speaker: $('speaker-select') }, local.prefs,
    { video: deviceIdOf(local.videoTrack), audio: deviceIdOf(local.audioTrack) });
  const speakerOk = canChooseSpeaker();
  $('speaker-select').hidden = !speakerOk;
  document.querySelector('label[for=speaker-select]').hidden = !speakerOk;
}

function stopPreview() {
  previewing = false;
  meter.detach();
  $('preview-video').srcObject = null;
}

function refreshPreview() {
  if (!previewing) return;
  const video = $('preview-video');
  const cam = local.videoTrack;
  const on = !!cam && local.camOn;
  video.srcObject = on ? new MediaStream([cam]) : null;
  if (on) video.play().catch(() => {});
  $('preview-frame').classList.toggle('has-video', on);
  paintAvatar($('preview-avatar'), $('name-input').value || '?', 'local');
  $('preview-off-text').textContent = cam || !local.problems.video ? 'Camera is off' : 'No camera';
  const micOn = !!local.audioTrack && local.micOn;
  for (const [btn, isOn, what] of [[$('preview-mic'), micOn, 'microphone'], [$('preview-cam'), on, 'camera']]) {
    btn.setAttribute('aria-pressed', String(!isOn));
    btn.setAttribute('aria-label', `Turn ${what} ${isOn ? 'off' : 'on'}`);
    btn.title = btn.getAttribute('aria-label');
  }
  if (micOn) meter.attach(local.audioTrack);
  else meter.detach();
  const problems = [local.problems.video, local.problems.audio].filter(Boolean);
  const p = $('preview-problem');
  p.hidden = problems.length === 0;
  p.textContent = problems.length ? `${problems.join(' ')} You can still join: others will see and hear what is available.` : '';
}

local.addEventListener('change', () => refreshPreview());
$('preview-mic').addEventListener('click', () => local.setMic(!(local.micOn && local.audioTrack)));
$('preview-cam').addEventListener('click', () => local.setCamera(!(local.camOn && local.videoTrack)));
$('name-input').addEventListener('input', () => paintAvatar($('preview-avatar'), $('name-input').value || '?', 'local'));
$('camera-select').addEventListener('change', (ev) => local.useInput('video', ev.target.value));
$('mic-select').addEventListener('change', (ev) => local.useInput('audio', ev.target.value));
$('speaker-select').addEventListener('change', (ev) => { local.useOutput(ev.target.value); grid.setSinkId(ev.target.value); });
$('share-link').addEventListener('focus', (ev) => ev.target.select());
for (const b of document.querySelectorAll('[data-copy-link]')) {
  b.addEventListener('click', async () => {
    if (!state.roomId) return;
    toast((await copyText(roomUrl(state.roomId))) ? 'Link copied' : 'Copy failed: select the link and copy it');
  });
}

// ---- joining and leaving ------------------------------------------------------------------------------

/** Which kinds get a sending m-line, and which devices to ask for (`?media=` narrows both, for automation). */
function mediaPlan(callInfo) {
  const only = new URLSearchParams(location.search).get('media');
  if (only === 'audio') return { publish: { audio: true, video: false }, want: { audio: true, video: false } };
  if (only === 'video') return { publish: { audio: false, video: true }, want: { audio: false, video: true } };
  if (only === 'none') return { publish: { audio: false, video: false }, want: { audio: false, video: false } };
  // people: both m-lines always, so a camera or mic turned on later needs no renegotiation
  return { publish: { audio: true, video: true }, want: { audio: true, video: callInfo?.media !== 'voice' } };
}

/** Resolves once the page's load event has passed. */
function pageLoaded() {
  return document.readyState === 'complete' ? Promise.resolve()
    : new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
}

let joinBusy = false;

/** Joins the current room (once at a time: a double click or Enter plus click joins once). */
async function join({ name } = {}) {
  if (session?.active || joinBusy) return;
  joinBusy = true;
  try {
    // joining before `load` could hold it back: a video element waiting for a first frame delays the load
    // event, and automation (and people's tab spinners) wait for it
    await pageLoaded();
    await joinNow(name);
  } finally {
    joinBusy = false;
  }
}

async function joinNow(name) {
  state.name = (name ?? $('name-input').value).trim().slice(0, 64) || 'Guest';
  rememberName(state.name);
  state.lastError = null;
  const btn = $('join');
  btn.disabled = true;
  btn.textContent = 'Joining…';
  hideBanner();

  const callInfo = state.callInfo;
  const plan = mediaPlan(callInfo);
  stopPreview();
  if (!local.audioTrack && !local.videoTrack) {
    await local.start(plan.want);
  } else if (!plan.want.video && local.videoTrack) {
    await local.setCamera(false);
  }
  if (plan.want.audio === false && local.audioTrack) local.setTrack('audio', null);

  const s = new RoomSession(sig, {
    roomId: state.roomId, name: state.name, local, publish: plan.publish, simulcast: simulcastEnabled(), callInfo, ui: { grid, participants, chat },
  });
  session = s;
  view.attach(s);
  // ended by itself (not by our leave(), which lets go of it first): say why
  s.addEventListener('ended', ({ detail }) => { if (session === s) leave({ reason: detail?.reason || '' }); });
  try {
    await sig.connect();
    await s.join();
  } catch (e) {
    console.error('chorus: join failed', e);
    if (session === s) {
      session = null; // let go first: this end is reported here, not as "left"
      s.leave();
    }
    view.reset();
    btn.disabled = false;
    btn.textContent = 'Join room';
    state.lastError = e;
    setView('prejoin');
    startPreview();
    if (e instanceof Error) showBanner(`Could not reach the server: ${e.message}`);
    else if (e?.code === 'room-not-found') showBanner('This room does not exist (or has expired). Create a new one from the home page.');
    else if (e?.code !== 'left') showBanner(`Could not join: ${e?.message || e?.code || 'unknown error'}`);
    return;
  }
  btn.disabled = false;
  btn.textContent = 'Join room';
  setView('call');
  const problems = [local.problems.video, local.problems.audio].filter(Boolean);
  if (problems.length && plan.want.audio !== false) {
    showBanner(`${problems.join(' ')} You joined without it: you can still see and hear the others.`, { kind: 'info', sticky: true });
  }
}

function startDirectCall(info) {
  if (session?.active) leave({ show: false });
  toast(`Connecting the ${info.media} call with ${info.peer.name}…`);
  navigate(`/r/${encodeURIComponent(info.roomId)}`, { callInfo: { callId: info.callId, media: info.media, peer: info.peer } });
}

function leave({ show = true, reason = '' } = {}) {
  const s = session;
  if (!s) return;
  session = null;
  s.leave(reason); // (nothing happens when it has ended already)
  local.stop();
  view.reset();
  if (!show) return;
  const call = state.callInfo;
  $('left-title').textContent = call ? 'Call ended' : 'You left the room';
  $('left-reason').textContent = reason || (call ? `Your call with ${call.peer.name} has ended.` : '');
  $('home-link').textContent = lobby.online ? 'Back to the lobby' : 'Back to home';
  $('participant-count').textContent = '';
  setView('left');
}

$('join-form').addEventListener('submit', (ev) => { ev.preventDefault(); join({}); });
$('rejoin').addEventListener('click', () => join({ name: state.name }));
for (const a of [$('brand'), $('home-link')]) {
  a.addEventListener('click', (ev) => {
    if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    if (session?.active) leave({ show: false });
    navigate('/');
  });
}
window.addEventListener('pagehide', () => { if (session?.active) session.leave('page closed'); });
// a new network (Wi-Fi to cellular, VPN up): find a new media path at once instead of waiting for a failure
window.addEventListener('online', () => session?.call?.networkChanged());
navigator.connection?.addEventListener?.('change', () => session?.call?.networkChanged());

// a camera or headset plugged in or out: the lists follow
navigator.mediaDevices?.addEventListener?.('devicechange', () => {
  if (previewing) {
    fillDeviceSelects({ camera: $('camera-select'), mic: $('mic-select'), speaker: $('speaker-select') }, local.prefs,
      { video: deviceIdOf(local.videoTrack), audio: deviceIdOf(local.audioTrack) });
  }
});

// ---- boot ---------------------------------------------------------------------------------------------

if (canChooseSpeaker() && local.prefs.audioOutput) grid.setSinkId(local.prefs.audioOutput);
initTheme($('theme-toggle'));
$('banner-close').addEventListener('click', hideBanner);
route();
