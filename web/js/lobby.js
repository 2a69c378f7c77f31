// The lobby (who is online) and direct calls between people in it (docs/protocol.md, "Lobby and direct calls"):
// presence list with call buttons, the incoming-call prompt, the outgoing call's status. An accepted call
// becomes a two-person room: onAccepted() hands it to the app, which joins that room on the same socket.

import { $, h, icon, ICONS, paintAvatar, toast } from './ui.js';

const LOBBY_KEY = 'chorus.lobby';
const LOBBY_ERRORS = new Set(['lobby-enter', 'lobby-leave', 'call', 'call-accept', 'call-reject', 'call-cancel']);
/** How long an ended call's outcome stays on screen before the dialog closes by itself. */
const OUTCOME_MS = 4000;

const ENDED = {
  rejected: (n) => `${n} declined the call`,
  'no-answer': (n) => `${n} did not answer`,
  busy: (n) => `${n} is in another call`,
  cancelled: () => 'Call cancelled',
  gone: (n) => `${n} is no longer online`,
};

/** A soft two-tone ring while a call comes in (WebAudio; silent where autoplay rules forbid it). */
class Ringer {
  start() {
    if (this.timer || typeof AudioContext === 'undefined') return;
    try {
      this.ctx = new AudioContext();
      const ring = () => {
        const t = this.ctx.currentTime;
        for (const [f, at] of [[660, 0], [880, 0.22]]) {
          const o = this.ctx.createOscillator();
          const g = this.ctx.createGain();
          o.frequency.value = f;
          g.gain.setValueAtTime(0.0001, t + at);
          g.gain.exponentialRampToValueAtTime(0.08, t + at + 0.03);
          g.gain.exponentialRampToValueAtTime(0.0001, t + at + 0.2);
          o.connect(g).connect(this.ctx.destination);
          o.start(t + at);
          o.stop(t + at + 0.22);
        }
      };
      ring();
      this.timer = setInterval(ring, 2000);
    } catch { /* no sound: the dialog is enough */ }
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.ctx?.close().catch(() => {});
    this.ctx = null;
  }
}

export class Lobby extends EventTarget {
  /** `connect()` → Promise of an open Signaling; `onAccepted({callId, roomId, media, peer})`. */
  constructor(sig, { connect, onAccepted, canCall = () => true }) {
    super();
    this.sig = sig;
    this.connect = connect;
    this.onAccepted = onAccepted;
    this.canCall = canCall;
    this.online = false;
    this.entering = false;
    this.name = '';
    this.userId = null;
    this.users = new Map();
    /** the call being set up: {callId|null, role: 'caller'|'callee', peer: {userId, name}, media, state} */
    this.call = null;
    this.cancelNext = false;
    this.outcomeTimer = null;
    this.ringer = new Ringer();
    const on = (type, fn) => sig.on(type, (m) => fn.call(this, m));
    on('lobby', this.onLobby);
    on('presence', this.onPresence);
    on('presence-left', this.onPresenceLeft);
    on('call-ringing', this.onRinging);
    on('incoming-call', this.onIncoming);
    on('call-accepted', this.onCallAccepted);
    on('call-ended', this.onCallEnded);
    on('error', this.onError);
    // the server forgets a dropped socket's lobby seat: enter again on the new one (with a new userId)
    sig.on('reconnected', () => { if (this.online || this.entering) this.sendEnter(); });
    sig.on('disconnected', () => {
      if (this.call) this.endCall('gone', 'The connection to the server was lost.');
      this.users.clear();
      this.render();
    });
    this.wireUi();
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  // ---- entering and leaving --------------------------------------------------------------------

  async enter(name) {
    this.name = name.trim().slice(0, 64);
    if (!this.name || this.online) return;
    this.entering = true;
    this.render();
    // a call may come while this tab is in the background: ask now, while the click counts as a gesture
    if ('Notification' in window && Notification.permission === 'default') {
      try { Notification.requestPermission().catch(() => {}); } catch { /* older API: no notifications */ }
    }
    try {
      await this.connect();
      this.sendEnter();
      try { localStorage.setItem(LOBBY_KEY, '1'); } catch { /* private mode */ }
    } catch (e) {
      this.entering = false;
      this.render();
      toast(`Could not go online: ${e.message ?? e}`);
    }
  }

  sendEnter() {
    this.entering = true;
    this.sig.send({ type: 'lobby-enter', name: this.name });
  }

  leave() {
    if (this.online) this.sig.send({ type: 'lobby-leave' });
    this.online = false;
    this.entering = false;
    this.userId = null;
    this.users.clear();
    try { localStorage.removeItem(LOBBY_KEY); } catch { /* private mode */ }
    this.render();
  }

  /** Whether this browser was online in the lobby last time (it goes online again on the landing page). */
  static wasOnline() {
    try { return localStorage.getItem(LOBBY_KEY) === '1'; } catch { return false; }
  }

  onLobby(m) {
    this.online = true;
    this.entering = false;
    this.userId = m.userId ?? null;
    this.users.clear();
    for (const u of m.users ?? []) if (u?.userId && u.userId !== this.userId) this.users.set(u.userId, u);
    this.render();
    this.emit('change');
  }

  onPresence(m) {
    const u = m.user;
    if (!u?.userId || u.userId === this.userId) return;
    this.users.set(u.userId, u);
    this.render();
  }

  onPresenceLeft(m) {
    this.users.delete(m.userId);
    this.render();
  }

  onError(m) {
    if (m.code === 'unknown-type' && /'lobby-enter'/.test(m.message ?? '')) {
      this.entering = false;
      this.render();
      toast('This server has no lobby yet.');
      return;
    }
    if (!LOBBY_ERRORS.has(m.requestType)) return;
    if (m.requestType === 'lobby-enter') {
      this.entering = false;
      if (m.code === 'already-in-lobby') this.online = true;
      else toast(`Could not go online: ${m.message || m.code}`);
      this.render();
      return;
    }
    if (m.requestType === 'call' && this.call?.role === 'caller') {
      this.endCall(m.code === 'user-not-found' ? 'gone' : 'failed', m.code === 'user-not-found' ? null : (m.message || m.code));
      return;
    }
    if (m.code === 'unknown-call') {
      // the call ended meanwhile (cancelled, timed out): just close what we show
      this.closeDialogs();
      this.call = null;
      this.render();
      return;
    }
    toast(m.message || m.code || 'The call request failed');
  }

  // ---- calls -----------------------------------------------------------------------------------

  ring(userId, media) {
    const peer = this.users.get(userId);
    if (!peer || this.call || !this.canCall()) return;
    this.call = { callId: null, role: 'caller', peer: { userId, name: peer.name }, media, state: 'calling' };
    this.sig.send({ type: 'call', userId, media });
    this.showOutgoing();
    this.render();
  }

  onRinging(m) {
    if (this.cancelNext) {
      // cancelled before the server had numbered the call
      this.cancelNext = false;
      this.sig.send({ type: 'call-cancel', callId: m.callId });
      return;
    }
    if (!this.call || this.call.role !== 'caller') return;
    this.call.callId = m.callId;
    this.call.state = 'ringing';
    this.showOutgoing();
  }

  onIncoming(m) {
    if (this.call) return; // the server answers busy for us; never two prompts
    this.call = { callId: m.callId, role: 'callee', peer: { userId: m.from?.userId, name: m.from?.name || 'Someone' }, media: m.media === 'voice' ? 'voice' : 'video', state: 'incoming' };
    const name = this.call.peer.name;
    $('incoming-name').textContent = name;
    $('incoming-media').textContent = this.call.media === 'voice' ? 'Voice call' : 'Video call';
    paintAvatar($('incoming-avatar'), name, this.call.peer.userId);
    const d = $('incoming-dialog');
    if (!d.open) d.showModal();
    $('accept-call').focus();
    this.ringer.start();
    this.titleBefore = document.title;
    document.title = `${name} is calling · Chorus`;
    if (document.hidden && 'Notification' in window && Notification.permission === 'granted') {
      try { new Notification(`${name} is calling`, { body: this.call.media === 'voice' ? 'Voice call' : 'Video call', tag: 'chorus-call' }); } catch { /* optional */ }
    }
    this.render();
  }

  accept() {
    if (this.call?.role !== 'callee' || !this.call.callId) return;
    this.call.state = 'accepting';
    this.sig.send({ type: 'call-accept', callId: this.call.callId });
    this.ringer.stop();
    $('accept-call').disabled = true;
    $('reject-call').disabled = true;
  }

  reject() {
    if (this.call?.role !== 'callee') return;
    this.sig.send({ type: 'call-reject', callId: this.call.callId });
    this.call = null;
    this.closeDialogs();
    this.render();
  }

  cancel() {
    if (this.call?.role !== 'caller') return;
    if (this.call.callId) this.sig.send({ type: 'call-cancel', callId: this.call.callId });
    else this.cancelNext = true;
    this.call = null;
    this.closeDialogs();
    this.render();
  }

  onCallAccepted(m) {
    const c = this.call;
    if (!c || (c.callId && m.callId !== c.callId)) return;
    const info = { callId: m.callId, roomId: m.roomId, media: m.media === 'voice' ? 'voice' : 'video', peer: c.peer };
    this.call = null;
    this.closeDialogs();
    this.render();
    this.onAccepted(info);
  }

  onCallEnded(m) {
    const c = this.call;
    if (!c || (c.callId && m.callId !== c.callId)) return;
    if (c.role === 'callee') {
      this.call = null;
      this.closeDialogs();
      if (m.reason !== 'rejected') toast(`Missed call from ${c.peer.name}`, 4000);
      this.render();
      return;
    }
    this.endCall(m.reason);
  }

  /** Shows the outcome of our outgoing call for a moment, then closes. */
  endCall(reason, detail = null) {
    const c = this.call;
    this.call = null;
    this.ringer.stop();
    if (!c || c.role === 'callee') {
      this.closeDialogs();
      this.render();
      return;
    }
    const status = $('call-status');
    status.dataset.state = reason;
    status.textContent = detail ?? (ENDED[reason] ?? ((n) => `Call with ${n} ended`))(c.peer.name);
    $('cancel-call').hidden = true;
    $('close-call-dialog').hidden = false;
    $('close-call-dialog').focus();
    clearTimeout(this.outcomeTimer);
    this.outcomeTimer = setTimeout(() => this.closeDialogs(), OUTCOME_MS);
    this.render();
  }

  showOutgoing() {
    const c = this.call;
    $('outgoing-name').textContent = c.peer.name;
    paintAvatar($('outgoing-avatar'), c.peer.name, c.peer.userId);
    $('outgoing-avatar').classList.toggle('ringing', c.state === 'ringing');
    const status = $('call-status');
    status.dataset.state = c.state;
    const kind = c.media === 'voice' ? 'Voice call' : 'Video call';
    status.textContent = c.state === 'ringing' ? `${kind} · Ringing…` : `${kind} · Calling…`;
    $('cancel-call').hidden = false;
    $('close-call-dialog').hidden = true;
    clearTimeout(this.outcomeTimer);
    const d = $('outgoing-dialog');
    if (!d.open) d.showModal();
  }

  closeDialogs() {
    clearTimeout(this.outcomeTimer);
    this.ringer.stop();
    if (this.titleBefore != null) {
      if (document.title.endsWith('is calling · Chorus')) document.title = this.titleBefore;
      this.titleBefore = null;
    }
    for (const id of ['incoming-dialog', 'outgoing-dialog']) {
      const d = $(id);
      if (d.open) d.close();
    }
    $('accept-call').disabled = false;
    $('reject-call').disabled = false;
    $('outgoing-avatar').classList.remove('ringing');
  }

  // ---- UI ----------------------------------------------------------------------------------------

  wireUi() {
    $('lobby-enter-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const input = $('lobby-name');
      if (!input.value.trim()) {
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      input.removeAttribute('aria-invalid');
      this.enter(input.value);
    });
    $('lobby-leave').addEventListener('click', () => this.leave());
    $('accept-call').addEventListener('click', () => this.accept());
    $('reject-call').addEventListener('click', () => this.reject());
    $('cancel-call').addEventListener('click', () => this.cancel());
    $('close-call-dialog').addEventListener('click', () => this.closeDialogs());
    // Escape on the incoming prompt declines; on the outgoing one it cancels (never a silent close)
    $('incoming-dialog').addEventListener('cancel', (ev) => { ev.preventDefault(); this.reject(); });
    $('outgoing-dialog').addEventListener('cancel', (ev) => {
      ev.preventDefault();
      if (this.call) this.cancel();
      else this.closeDialogs();
    });
  }

  render() {
    const online = this.online;
    $('lobby-enter-form').hidden = online;
    $('lobby-online').hidden = !online;
    $('lobby-enter').disabled = this.entering;
    $('lobby-enter').textContent = this.entering ? 'Going online…' : 'Go online';
    $('lobby-me-name').textContent = this.name;
    $('lobby-count').textContent = online ? `${this.users.size + 1} online` : '';
    const chip = $('presence-chip');
    chip.hidden = !online;
    chip.textContent = online ? `Online as ${this.name}` : '';
    const list = $('lobby-users');
    const users = [...this.users.values()].sort((a, b) => String(a.name).localeCompare(String(b.name)));
    list.replaceChildren(...users.map((u) => this.userRow(u)));
    $('lobby-empty').hidden = users.length > 0;
  }

  userRow(u) {
    const avatar = h('span', { class: 'avatar avatar-small', 'aria-hidden': 'true' });
    paintAvatar(avatar, u.name, u.userId);
    const busy = u.status === 'in-call';
    const blocked = busy || !!this.call || !this.canCall();
    const button = (media) => h('button', {
      type: 'button', class: 'round-icon-btn', dataset: { testid: media === 'video' ? 'call-video' : 'call-voice' },
      'aria-label': `${media === 'video' ? 'Video' : 'Voice'} call ${u.name}`, title: `${media === 'video' ? 'Video' : 'Voice'} call`,
      disabled: blocked, onclick: () => this.ring(u.userId, media),
    }, icon(media === 'video' ? ICONS.video : ICONS.phone));
    return h('li', { class: 'lobby-user', dataset: { testid: 'lobby-user', userId: u.userId, name: u.name, status: u.status ?? 'available' } },
      avatar,
      h('span', { class: 'lobby-user-main' },
        h('span', { class: 'lobby-user-name', dataset: { testid: 'lobby-user-name' } }, u.name),
        h('span', { class: 'lobby-user-status' }, busy ? 'In a call' : 'Available')),
      h('span', { class: 'lobby-user-actions' }, button('voice'), button('video')));
  }
}
