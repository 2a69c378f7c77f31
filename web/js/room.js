// One stay in a room: join, the Call, people and chat state from the server, our media state, and staying in
// the room through a dropped WebSocket (resume with the token, else join afresh) — docs/protocol.md.

import { Call } from './call.js';
import { Metrics } from './metrics.js';

/** Server refusals that are harmless races or optional features (an older server): logged, not shown. */
const QUIET = new Set(['render-size', 'pin', 'media-state', 'client-stats', 'candidate']);
const LOBBY_REQUESTS = new Set(['lobby-enter', 'lobby-leave', 'call', 'call-accept', 'call-reject', 'call-cancel']);

/**
 * Phases: 'joining' → 'joined' ⇄ 'reconnecting' → 'left'.
 * Events: 'phase' {phase}, 'mode' {mode}, 'local' (our mic/camera/screen changed), 'call-media' {media, by},
 *         'sample' {sample} (metrics), 'error' {message, code}, 'ended' {reason} (we are out of the room),
 *         'active-speaker' {participantId}, 'ice' {state, restarting}.
 */
export class RoomSession extends EventTarget {
  /**
   * ui: {grid, participants, chat}; local: LocalMedia; publish: {audio, video} kinds to send;
   * callInfo: {callId, media, peer} for a direct call's room, else null.
   */
  constructor(sig, { roomId, name, local, publish, simulcast, callInfo = null, ui }) {
    super();
    this.sig = sig;
    this.roomId = roomId;
    this.name = name;
    this.local = local;
    this.publish = publish;
    this.simulcast = simulcast;
    this.callInfo = callInfo;
    this.callMedia = callInfo?.media ?? null;
    this.ui = ui;
    this.phase = 'idle';
    this.participantId = null;
    this.mode = null;
    this.resumeToken = null;
    this.resumeGraceSeconds = null;
    this.call = null;
    this.metrics = null;
    this.screenTrack = null;
    this.lastSentState = null;
    this.resumes = 0;
    this.rejoins = 0;
    this.joinWaiter = null;
    this.handlers = [];
    this.lastError = null;
    this.listen();
    this.onLocalTrack = ({ detail }) => {
      if (detail.kind === 'audio' || detail.kind === 'video') this.call?.setLocalTrack(detail.kind, detail.track);
    };
    this.onLocalChange = () => {
      this.sendMediaState();
      this.emit('local');
    };
    local.addEventListener('track', this.onLocalTrack);
    local.addEventListener('change', this.onLocalChange);
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  setPhase(phase) {
    if (this.phase === phase) return;
    this.phase = phase;
    this.emit('phase', { phase });
  }

  get active() {
    return this.phase === 'joining' || this.phase === 'joined' || this.phase === 'reconnecting';
  }

  // ---- server messages ---------------------------------------------------------------------------

  listen() {
    const on = (type, fn) => {
      const h = (m) => { if (this.active) fn.call(this, m); };
      this.sig.on(type, h);
      this.handlers.push([type, h]);
    };
    on('joined', (m) => this.onJoined(m, false));
    on('resumed', (m) => this.onJoined(m, true));
    on('participant-joined', (m) => m.participant && this.ui.participants.upsert(m.participant));
    on('participant-updated', (m) => m.participant && this.ui.participants.upsert(m.participant));
    on('participant-left', (m) => this.ui.participants.remove(m.participantId));
    on('chat', (m) => m.message && this.ui.chat.add([m.message]));
    on('call-media', (m) => this.onCallMedia(m));
    on('mode', (m) => {
      if (m.mode !== 'sfu' && m.mode !== 'mcu') return;
      this.mode = m.mode;
      if (this.call) this.call.mode = m.mode;
      this.emit('mode', { mode: m.mode });
    });
    on('error', (m) => this.onError(m));
    on('disconnected', () => this.onDisconnected());
    on('reconnected', () => this.onReconnected());
  }

  /** `joined` (a fresh join) or `resumed` (the same participant on a new socket). */
  onJoined(msg, resumed) {
    if (this.participantId && msg.participantId !== this.participantId && resumed) return;
    const fresh = !resumed;
    this.participantId = msg.participantId;
    this.mode = msg.mode === 'mcu' ? 'mcu' : 'sfu';
    this.resumeToken = typeof msg.resumeToken === 'string' ? msg.resumeToken : null;
    this.resumeGraceSeconds = Number.isFinite(msg.resumeGraceSeconds) ? msg.resumeGraceSeconds : null;
    const { participants, chat, grid } = this.ui;
    participants.setSelf({ participantId: msg.participantId, name: this.name, connection: 'connected', ...this.local.mediaState(!!this.screenTrack) });
    if (fresh) {
      // synchronously, so the call sees every message that follows `joined`
      this.call?.close({ sendLeave: false });
      this.metrics?.stop();
      const call = new Call(this.sig, this.local.stream, { simulcast: this.simulcast, publish: this.publish });
      this.call = call;
      this.emit('call', { call });
      call.start(msg);
      this.metrics = new Metrics(call, {
        send: (m) => this.sig.send(m),
        participantState: (id) => participants.get(id),
      });
      this.metrics.addEventListener('sample', (ev) => this.emit('sample', { sample: ev.detail }));
      this.metrics.start();
      if (this.screenTrack) call.startScreen(this.screenTrack);
    } else {
      this.resumes++;
      this.call.syncParticipants(msg.participants ?? []);
      this.call.resumed();
    }
    participants.reset(msg.participants ?? []);
    if (Array.isArray(msg.chat)) chat.add(msg.chat, { history: true });
    chat.setEnabled(true);
    grid.setMode(this.mode);
    this.lastSentState = null;
    this.sendMediaState();
    this.setPhase('joined');
    this.emit('mode', { mode: this.mode });
    if (this.joinWaiter) {
      this.joinWaiter.resolve(msg);
      this.joinWaiter = null;
    }
  }

  onError(m) {
    if (m.code === 'unknown-type') {
      // an older server without some feature (requestType is not set for these): not the user's problem
      console.warn('chorus: the server does not know a message type we sent:', m.message);
      if (/'chat'/.test(m.message ?? '')) this.ui.chat.onError('unknown-type');
      if (/'resume'/.test(m.message ?? '')) this.rejoin();
      return;
    }
    if (m.code === 'resume-failed' || m.requestType === 'resume') {
      // the grace period ran out (or the server restarted): the old seat is gone, take a new one
      console.info('chorus: resume failed, joining afresh');
      this.rejoin();
      return;
    }
    if (m.requestType === 'join' && this.joinWaiter) {
      this.joinWaiter.reject(m);
      this.joinWaiter = null;
      return;
    }
    if (m.requestType === 'join' && this.phase === 'joining') {
      // joining afresh after a lost seat failed: the room is gone (a call room closes when both are done)
      this.leave(m.code === 'room-not-found' ? 'The room closed while you were disconnected.' : `Could not rejoin: ${m.message || m.code}`);
      return;
    }
    if (m.requestType === 'chat') {
      this.ui.chat.onError(m.code);
      return;
    }
    if (LOBBY_REQUESTS.has(m.requestType)) return; // the lobby's business
    if (QUIET.has(m.requestType)) {
      console.warn('chorus: server refused', m.requestType, m.code, m.message);
      return;
    }
    if (m.requestType === 'call-media') {
      this.emit('error', { message: 'Could not switch the call mode.', code: m.code });
      return;
    }
    this.lastError = m;
    this.emit('error', { message: `Server error: ${m.message || m.code || 'unknown error'}${m.code ? ` (${m.code})` : ''}`, code: m.code });
  }

  // ---- joining, staying, leaving -------------------------------------------------------------------

  /** Joins; resolves with `joined`, rejects with the server's error (or a connection failure). */
  join() {
    this.setPhase('joining');
    return new Promise((resolve, reject) => {
      this.joinWaiter = { resolve, reject };
      this.sig.send({ type: 'join', roomId: this.roomId, name: this.name });
    });
  }

  onDisconnected() {
    if (this.phase !== 'joined') return;
    this.call?.suspend();
    this.ui.chat.setEnabled(false);
    this.ui.participants.setSelf({ connection: 'reconnecting' });
    this.setPhase('reconnecting');
  }

  onReconnected() {
    if (this.phase !== 'reconnecting') return;
    if (this.resumeToken) this.sig.send({ type: 'resume', resumeToken: this.resumeToken });
    else this.rejoin();
  }

  /** A fresh join after a failed resume: new participant, same name, same local media and mute state. */
  rejoin() {
    if (!this.active) return;
    this.rejoins++;
    this.call?.close({ sendLeave: false });
    this.call = null;
    this.metrics?.stop();
    this.metrics = null;
    this.participantId = null;
    this.resumeToken = null;
    this.ui.grid.clearRemote();
    this.ui.participants.clear();
    this.setPhase('joining');
    this.sig.send({ type: 'join', roomId: this.roomId, name: this.name });
  }

  /** Leaves (tells the server unless the socket is gone) and releases everything. */
  leave(reason = '') {
    if (!this.active && this.phase !== 'idle') return;
    const wasJoined = this.participantId != null;
    this.setPhase('left');
    this.call?.close({ sendLeave: wasJoined });
    if (!wasJoined && this.sig.isOpen) this.sig.send({ type: 'leave' });
    this.call = null;
    this.metrics?.stop();
    this.metrics = null;
    this.stopScreenTrack();
    for (const [type, h] of this.handlers) this.sig.off(type, h);
    this.handlers = [];
    this.local.removeEventListener('track', this.onLocalTrack);
    this.local.removeEventListener('change', this.onLocalChange);
    if (this.joinWaiter) {
      this.joinWaiter.reject({ code: 'left', message: 'left' });
      this.joinWaiter = null;
    }
    this.emit('ended', { reason });
  }

  // ---- our media -----------------------------------------------------------------------------------

  /** Sends `media-state` when what we publish differs from what the server was last told. */
  sendMediaState() {
    if (this.phase !== 'joined' && this.phase !== 'joining') return;
    if (!this.participantId) return;
    const s = this.local.mediaState(!!this.screenTrack);
    const key = `${s.audio}${s.video}${s.screen}`;
    if (key === this.lastSentState) return;
    if (this.sig.send({ type: 'media-state', ...s })) this.lastSentState = key;
    this.ui.participants.setSelf(s);
  }

  async setMic(on) {
    return this.local.setMic(on);
  }

  async setCamera(on) {
    return this.local.setCamera(on);
  }

  /** Starts (asks which screen) or stops sharing. Returns whether we share now. */
  async toggleScreen() {
    if (this.screenTrack) {
      this.stopScreen();
      return false;
    }
    if (!navigator.mediaDevices?.getDisplayMedia) throw new Error('Screen sharing is not supported in this browser.');
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
    const track = stream.getVideoTracks()[0];
    if (!track) throw new Error('No screen was chosen.');
    if (!this.active) {
      track.stop();
      return false;
    }
    track.contentHint = 'detail';
    // the browser's own "Stop sharing" bar ends the track
    track.addEventListener('ended', () => { if (this.screenTrack === track) this.stopScreen(); });
    this.screenTrack = track;
    this.call?.startScreen(track);
    this.ui.grid.setLocalScreen(track);
    this.sendMediaState();
    this.emit('local');
    return true;
  }

  stopScreen() {
    if (!this.screenTrack) return;
    this.call?.stopScreen();
    this.stopScreenTrack();
    this.sendMediaState();
    this.emit('local');
  }

  stopScreenTrack() {
    const t = this.screenTrack;
    this.screenTrack = null;
    t?.stop();
    this.ui.grid.setLocalScreen(null);
  }

  sendChat(text) {
    if (this.phase !== 'joined') return false;
    return this.sig.send({ type: 'chat', text });
  }

  pin(participantId) {
    this.call?.pin(participantId);
  }

  // ---- direct calls: video ⇄ voice for everyone ----------------------------------------------------

  requestCallMedia(media) {
    if (this.phase !== 'joined') return false;
    return this.sig.send({ type: 'call-media', media });
  }

  async onCallMedia(m) {
    if (m.media !== 'video' && m.media !== 'voice') return;
    this.callMedia = m.media;
    this.emit('call-media', { media: m.media, by: m.participantId });
    // everyone follows the call's mode: a voice call has no cameras
    await this.local.setCamera(m.media === 'video');
  }

  // ---- automation ------------------------------------------------------------------------------------

  snapshot() {
    return {
      phase: this.phase, participantId: this.participantId, roomId: this.roomId, mode: this.mode,
      resumes: this.resumes, rejoins: this.rejoins, hasResumeToken: !!this.resumeToken,
      callMedia: this.callMedia, sharing: !!this.screenTrack,
      iceRestarts: this.call?.iceRestarts ?? 0, iceState: this.call?.pc?.iceConnectionState ?? null,
      local: this.local.mediaState(!!this.screenTrack),
    };
  }
}
