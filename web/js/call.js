// One call = one RTCPeerConnection to the server. The client always offers (docs/protocol.md).
// It also keeps the media path alive: an ICE restart when the connection fails or the network changes, and
// a fresh offer after the signaling socket was resumed (an answer in flight during the drop is lost).

import { addSender, addScreenSender, isScreenTrack, LayerController, simulcastEnabled } from './publish.js';
import { receiveCodec, restrictReceiveCodec } from './receive-codec.js';
import { selectedRoute } from './ice-route.js';

/** `disconnected` for this long (no packets for a few seconds) is treated like `failed`: restart ICE. */
export const DISCONNECTED_GRACE_MS = 3000;
/** A restart that has not reconnected after this long is tried again (the network may have changed twice). */
const RESTART_RETRY_MS = 8000;

/** True when the transceiver currently receives media from the server. */
export function isReceiving(transceiver) {
  if (transceiver.stopped) return false;
  const dir = transceiver.currentDirection;
  return dir === 'recvonly' || dir === 'sendrecv';
}

/**
 * Events (CustomEvent, payload in `detail`):
 *   'participant-joined' {participantId, name}
 *   'participant-left'   {participantId}
 *   'track'              {participantId, track, mid} a remote track started (mid of its transceiver)
 *   'track-removed'      {participantId, track, mid} a remote track is gone (inactive / ended / removed)
 *   'active-speaker'     {participantId}            the loudest participant (may be us), or null
 *   'connection-state'   {state}              RTCPeerConnection.connectionState
 *   'ice-state'          {state, restarting}  ICE connection state, and whether a restart is under way
 *   'error'              {message, code?}
 *
 * `publish` says which kinds get a sending m-line even without a track yet (a camera turned on later is
 * then just a replaceTrack, no renegotiation).
 */
export class Call extends EventTarget {
  constructor(signaling, localStream, { simulcast = simulcastEnabled(), publish = null, recvCodec = receiveCodec() } = {}) {
    super();
    this.simulcast = simulcast;
    this.publish = publish;
    /** null, or the only video codec our receiving m-lines accept (`?recvCodec=`, for tests) */
    this.recvCodec = recvCodec;
    /** kind -> our sending transceiver of camera/mic */
    this.senders = new Map();
    this.screenTransceiver = null;
    this.iceRestarts = 0;
    this.restartTimer = null;
    this.disconnectTimer = null;
    this.restartPending = false;
    /** true while the signaling socket is down: offers wait for `resumed` */
    this.suspended = false;
    this.arrival = 0;
    this.layers = new LayerController();
    this.lastError = null;
    this.signaling = signaling;
    this.localStream = localStream;
    this.pc = null;
    this.participantId = null;
    this.roomId = null;
    this.mode = null;
    /** participantId -> name (others only) */
    this.names = new Map();
    /** participantIds that left: late tracks for them are ignored */
    this.gone = new Set();
    /** receiver track id -> {participantId, transceiver} for live remote tracks */
    this.remoteTracks = new Map();
    this.watchedTracks = new WeakSet();
    this.watchedStreams = new WeakSet();
    // negotiation: at most one offer in flight; renegotiate requests are merged into `pending`
    this.negotiating = false;
    this.pending = null;
    this.offerSent = false;
    this.bufferedCandidates = [];
    this.closed = false;
    this.unsubscribe = [];
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Called with the server's `joined` message. */
  start(joined) {
    this.participantId = joined.participantId;
    this.roomId = joined.roomId;
    this.mode = joined.mode;
    for (const p of joined.participants ?? []) this.addParticipant(p);

    // STUN/TURN servers the server was configured with (ice.servers), for networks that block UDP to it
    // `&relay=1` allows only TURN-relayed paths (to check a TURN setup)
    const relayOnly = new URLSearchParams(globalThis.location?.search ?? '').get('relay') === '1';
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require',
      iceServers: joined.iceServers ?? [], iceTransportPolicy: relayOnly ? 'relay' : 'all' });
    this.pc = pc;
    pc.addEventListener('icecandidate', (ev) => this.onLocalCandidate(ev.candidate));
    pc.addEventListener('track', (ev) => this.onTrack(ev));
    pc.addEventListener('connectionstatechange', () => this.emit('connection-state', { state: pc.connectionState }));
    pc.addEventListener('iceconnectionstatechange', () => this.onIceState());

    // our own media: audio first, then video, each as a sendonly transceiver
    const stream = this.localStream;
    const audio = stream?.getAudioTracks()[0] ?? null;
    const video = stream?.getVideoTracks()[0] ?? null;
    const wantAudio = this.publish ? this.publish.audio : !!audio;
    const wantVideo = this.publish ? this.publish.video : !!video;
    if (wantAudio) this.senders.set('audio', addSender(pc, audio ?? 'audio', stream, { simulcast: this.simulcast }));
    if (wantVideo) this.senders.set('video', addSender(pc, video ?? 'video', stream, { simulcast: this.simulcast }));
    if (!wantAudio && !wantVideo) {
      // Without camera and mic the first offer would have no m-line and thus no transport;
      // one recvonly audio m-line lets ICE/DTLS come up (the server answers it, or marks it inactive).
      pc.addTransceiver('audio', { direction: 'recvonly' });
    }

    const s = this.signaling;
    const handlers = {
      'answer': (m) => this.onAnswer(m),
      'renegotiate': (m) => this.requestNegotiation(m.addAudio, m.addVideo),
      'participant-joined': (m) => m.participant && this.addParticipant(m.participant),
      'participant-left': (m) => this.removeParticipant(m.participantId),
      'candidate': (m) => this.onRemoteCandidate(m.candidate),
      'error': (m) => this.onServerError(m),
      'layers': (m) => this.onLayers(m),
      'active-speaker': (m) => this.emit('active-speaker', { participantId: typeof m.participantId === 'string' ? m.participantId : null }),
    };
    for (const [type, h] of Object.entries(handlers)) {
      const guarded = (m) => { if (!this.closed) h(m); };
      s.on(type, guarded);
      this.unsubscribe.push([type, guarded]);
    }
    this.requestNegotiation(0, 0);
  }

  addParticipant({ participantId, name }) {
    if (!participantId || participantId === this.participantId) return;
    const known = this.names.has(participantId);
    this.names.set(participantId, name ?? '');
    this.gone.delete(participantId);
    this.emit('participant-joined', { participantId, name: name ?? '', known });
  }

  removeParticipant(participantId) {
    if (!participantId) return;
    this.gone.add(participantId);
    this.names.delete(participantId);
    for (const [trackId, entry] of [...this.remoteTracks]) {
      if (entry.participantId === participantId) this.dropTrack(trackId);
    }
    this.emit('participant-left', { participantId });
  }

  /** After a resume: the server's full list of the others; people who left meanwhile lose their tracks. */
  syncParticipants(list) {
    const ids = new Set(list.map((p) => p?.participantId).filter(Boolean));
    for (const id of [...this.names.keys()]) if (!ids.has(id)) this.removeParticipant(id);
    for (const p of list) if (p?.participantId) this.addParticipant(p);
  }

  nameOf(participantId) {
    return this.names.get(participantId) ?? '';
  }

  // ---- negotiation -------------------------------------------------------------------------

  requestNegotiation(addAudio = 0, addVideo = 0) {
    if (!this.pending) this.pending = { audio: 0, video: 0 };
    this.pending.audio += Math.max(0, Number(addAudio) || 0);
    this.pending.video += Math.max(0, Number(addVideo) || 0);
    if (!this.negotiating) this.negotiate();
  }

  async negotiate() {
    // while the socket is down the request stays pending: resumed() sends one offer with all of it
    if (this.closed || !this.pending || this.suspended || !this.signaling.isOpen) return;
    const { audio, video } = this.pending;
    this.pending = null;
    this.negotiating = true;
    const pc = this.pc;
    try {
      for (let i = 0; i < audio; i++) pc.addTransceiver('audio', { direction: 'recvonly' });
      for (let i = 0; i < video; i++) {
        const t = pc.addTransceiver('video', { direction: 'recvonly' });
        if (this.recvCodec) restrictReceiveCodec(t, this.recvCodec);
      }
      const offer = await pc.createOffer();
      if (this.closed) return;
      await pc.setLocalDescription(offer);
      if (this.closed) return;
      const offerMsg = { type: 'offer', sdp: pc.localDescription.sdp };
      const screen = this.screenMids();
      if (screen.length > 0) offerMsg.screen = screen;
      if (!this.signaling.send(offerMsg)) return; // dropped with the socket: resumed() rolls back and re-offers
      this.offerSent = true;
      this.flushCandidates();
    } catch (e) {
      console.error('chorus: creating the offer failed', e);
      this.negotiating = false;
      this.emit('error', { message: `Could not start the call: ${e.message ?? e}` });
    }
  }

  async onAnswer(msg) {
    const pc = this.pc;
    if (!pc || pc.signalingState !== 'have-local-offer') {
      console.warn('chorus: unexpected answer in state', pc?.signalingState);
      return;
    }
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp: msg.sdp });
    } catch (e) {
      console.error('chorus: applying the answer failed', e, msg.sdp);
      this.lastError = String(e?.message ?? e);
      this.emit('error', { message: `The server's answer could not be applied: ${e.message ?? e}` });
      await this.rollback();
    }
    this.negotiating = false;
    this.sweepInactive();
    if (this.pending) this.negotiate();
  }

  /** Mids of our screen-share senders: the server must know before it creates their producers. */
  screenMids() {
    return this.pc.getTransceivers()
      .filter((t) => t.mid != null && !t.stopped && isScreenTrack(t.sender.track))
      .map((t) => t.mid);
  }

  async rollback() {
    try {
      if (this.pc && this.pc.signalingState === 'have-local-offer') {
        await this.pc.setLocalDescription({ type: 'rollback' });
      }
    } catch (e) {
      console.warn('chorus: rollback failed', e);
    }
  }

  async onServerError(msg) {
    if (msg.requestType === 'offer' && this.negotiating) {
      // the server rejected our offer; nothing changed on its side: roll back and carry on
      await this.rollback();
      this.negotiating = false;
      if (this.pending) this.negotiate();
    }
  }

  // ---- ICE ---------------------------------------------------------------------------------

  onLocalCandidate(candidate) {
    const c = candidate
      ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex }
      : null;
    if (!this.offerSent || this.suspended || !this.signaling.isOpen) this.bufferedCandidates.push(c);
    else this.sendCandidate(c);
  }

  flushCandidates() {
    const list = this.bufferedCandidates;
    this.bufferedCandidates = [];
    for (const c of list) this.sendCandidate(c);
  }

  // ---- recovery: ICE restart and signaling resume ------------------------------------------------

  onIceState() {
    const pc = this.pc;
    const state = pc.iceConnectionState;
    clearTimeout(this.disconnectTimer);
    this.disconnectTimer = null;
    if (state === 'failed') {
      this.restartIce('ice failed');
    } else if (state === 'disconnected') {
      // often a blip that heals by itself; if not, a restart finds a path again
      this.disconnectTimer = setTimeout(() => {
        if (!this.closed && pc.iceConnectionState === 'disconnected') this.restartIce('disconnected');
      }, DISCONNECTED_GRACE_MS);
    } else if (state === 'connected' || state === 'completed') {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
      this.restartPending = false;
    }
    this.emit('ice-state', { state, restarting: this.restartPending });
  }

  /**
   * New ICE credentials in the next offer (RTCPeerConnection.restartIce): the server answers with new ones,
   * DTLS and SRTP keep their keys, media resumes on whatever path works now. Waits for the socket if it is
   * down; tried again if it does not reconnect.
   */
  restartIce(reason) {
    if (this.closed || !this.pc) return;
    this.restartPending = true;
    this.emit('ice-state', { state: this.pc.iceConnectionState, restarting: true });
    if (this.suspended || !this.signaling.isOpen) return; // resumed() restarts
    console.info(`chorus: ICE restart (${reason})`);
    this.iceRestarts++;
    this.pc.restartIce();
    this.requestNegotiation(0, 0);
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      const st = this.pc?.iceConnectionState;
      if (!this.closed && st !== 'connected' && st !== 'completed') this.restartIce('still not connected');
    }, RESTART_RETRY_MS);
  }

  /** The network changed (online again, another interface): restart at once instead of waiting for a failure. */
  networkChanged() {
    if (!this.closed && this.pc && this.offerSent) this.restartIce('network changed');
  }

  /** The signaling socket dropped: hold offers and candidates until resumed(). */
  suspend() {
    this.suspended = true;
  }

  /**
   * The server resumed our participant on a new socket: an offer sent before the drop may never be answered,
   * so roll it back and offer again (with an ICE restart if one was wanted meanwhile).
   */
  async resumed() {
    if (this.closed) return;
    this.suspended = false;
    if (this.pc.signalingState === 'have-local-offer') await this.rollback();
    this.negotiating = false;
    const st = this.pc.iceConnectionState;
    if (this.restartPending || st === 'failed' || st === 'disconnected') {
      this.restartIce('after resume');
    } else {
      this.requestNegotiation(0, 0);
    }
  }

  sendCandidate(c) {
    this.signaling.send({ type: 'candidate', candidate: c });
  }

  async onRemoteCandidate(candidate) {
    // not part of the protocol today (the server's candidate is in its answer), but harmless
    if (!this.pc || !this.pc.remoteDescription) return;
    try {
      await this.pc.addIceCandidate(candidate ?? null);
    } catch (e) {
      console.warn('chorus: ignoring remote candidate', e);
    }
  }

  // ---- our media -------------------------------------------------------------------------------

  /** The camera or microphone changed (device switch, camera on/off): no renegotiation needed. */
  async setLocalTrack(kind, track) {
    const t = this.senders.get(kind);
    if (!t || this.closed) return;
    try {
      await t.sender.replaceTrack(track);
      if (track && this.localStream && typeof t.sender.setStreams === 'function') t.sender.setStreams(this.localStream);
    } catch (e) {
      console.warn(`chorus: replacing the ${kind} track failed`, e);
    }
  }

  /** Starts sending a screen share on a new m-line (the offer marks it as screen content). */
  startScreen(track) {
    if (this.closed) return;
    this.stopScreen({ renegotiate: false });
    this.screenTransceiver = addScreenSender(this.pc, track, this.localStream);
    this.requestNegotiation(0, 0);
  }

  /** Stops the screen m-line: the server retires that producer and the others' screen tiles go. */
  stopScreen({ renegotiate = true } = {}) {
    const t = this.screenTransceiver;
    if (!t) return;
    this.screenTransceiver = null;
    if (this.closed) return;
    t.sender.replaceTrack(null).catch(() => {});
    try {
      t.direction = 'inactive';
    } catch { /* stopped already */ }
    if (renegotiate) this.requestNegotiation(0, 0);
  }

  // ---- remote tracks -----------------------------------------------------------------------

  /**
   * Publishing order of a received track: the server names tracks `<kind>-<publisher>-<publisher's mid>`
   * (a=msid), and publishers add a screen share after their camera. Falls back to arrival order.
   */
  trackOrder(mid) {
    const sdp = this.pc?.remoteDescription?.sdp ?? '';
    if (mid != null && sdp) {
      for (const section of sdp.split(/\r?\nm=/).slice(1)) {
        const lines = section.split(/\r?\n/);
        if (!lines.includes(`a=mid:${mid}`)) continue;
        const msid = lines.find((l) => l.startsWith('a=msid:'));
        const n = msid && /-(\d+)$/.exec(msid.split(' ')[1] ?? '');
        if (n) return Number(n[1]);
      }
    }
    return 1_000_000 + this.arrival;
  }

  /** The live received track an inbound-rtp stat belongs to: {participantId, track}, or null. */
  remoteTrackFor(stat) {
    const byId = stat.trackIdentifier && this.remoteTracks.get(stat.trackIdentifier);
    if (byId) return { participantId: byId.participantId, track: byId.transceiver.receiver.track };
    if (stat.mid != null) {
      for (const e of this.remoteTracks.values()) {
        if (e.transceiver.mid === stat.mid) return { participantId: e.participantId, track: e.transceiver.receiver.track };
      }
    }
    return null;
  }

  onTrack(ev) {
    const stream = ev.streams[0];
    const track = ev.track;
    if (!stream) {
      console.warn('chorus: remote track without stream id (msid), ignored', track.id);
      return;
    }
    const participantId = stream.id;
    if (this.gone.has(participantId) || participantId === this.participantId) return;
    this.remoteTracks.set(track.id, { participantId, transceiver: ev.transceiver });

    if (!this.watchedTracks.has(track)) {
      this.watchedTracks.add(track);
      track.addEventListener('ended', () => this.dropTrack(track.id));
      track.addEventListener('mute', () => {
        // remote tracks are also muted before the first packet: only drop when the m-line went inactive
        const entry = this.remoteTracks.get(track.id);
        if (entry && !isReceiving(entry.transceiver)) this.dropTrack(track.id);
      });
    }
    if (!this.watchedStreams.has(stream)) {
      this.watchedStreams.add(stream);
      stream.addEventListener('removetrack', (e) => this.dropTrack(e.track.id));
    }
    this.arrival++;
    const mid = ev.transceiver?.mid ?? null;
    this.emit('track', { participantId, track, mid, order: this.trackOrder(mid) });
  }

  /** After an answer: drop tracks whose transceivers no longer receive. */
  sweepInactive() {
    for (const [trackId, entry] of [...this.remoteTracks]) {
      const track = entry.transceiver.receiver.track;
      if (!isReceiving(entry.transceiver) || track.readyState !== 'live') this.dropTrack(trackId);
    }
  }

  dropTrack(trackId) {
    const entry = this.remoteTracks.get(trackId);
    if (!entry) return;
    this.remoteTracks.delete(trackId);
    this.emit('track-removed', {
      participantId: entry.participantId, track: entry.transceiver.receiver.track, mid: entry.transceiver.mid,
    });
  }

  // ---- layers, render sizes, pinning ---------------------------------------------------------

  /** The server asks us to send only some simulcast encodings of one of our tracks. */
  onLayers(msg) {
    if (typeof msg.mid !== 'string' || !Array.isArray(msg.active)) return;
    const t = this.pc.getTransceivers().find((x) => x.mid === msg.mid && x.sender.track);
    if (!t) return;
    this.layers.apply(t.sender, msg.active.filter((r) => typeof r === 'string'));
  }

  /** How large the video received on `mid` is shown (device pixels; 0x0 when hidden). */
  sendRenderSize(mid, width, height) {
    if (this.closed || mid == null) return;
    this.signaling.send({ type: 'render-size', mid, width, height });
  }

  /** Pins one participant's video (the server favours it), or unpins with null. */
  pin(participantId) {
    if (this.closed) return;
    this.signaling.send({ type: 'pin', participantId: participantId ?? null });
  }

  // ---- stats -------------------------------------------------------------------------------

  /** The selected candidate pair's local candidate type (host, srflx, prflx, relay), '' before one. */
  async route() {
    return this.pc ? selectedRoute(this.pc) : '';
  }

  /** One entry per live received track (see window.chorus.stats()). */
  async remoteStats() {
    const pc = this.pc;
    if (!pc || this.closed) return [];
    const report = await pc.getStats();
    const inbound = [];
    report.forEach((s) => { if (s.type === 'inbound-rtp') inbound.push(s); });
    const out = [];
    for (const t of pc.getTransceivers()) {
      const track = t.receiver.track;
      const entry = track && this.remoteTracks.get(track.id);
      if (!entry || track.readyState !== 'live' || !isReceiving(t)) continue;
      let from = report;
      let s = inbound.find((x) => x.trackIdentifier === track.id)
        ?? (t.mid != null ? inbound.find((x) => x.mid === t.mid) : undefined);
      if (!s) {
        from = await t.receiver.getStats();
        from.forEach((x) => { if (x.type === 'inbound-rtp') s = x; });
      }
      const video = track.kind === 'video';
      const mime = s?.codecId ? from.get(s.codecId)?.mimeType : undefined;
      out.push({
        participantId: entry.participantId,
        name: this.nameOf(entry.participantId),
        kind: track.kind,
        trackId: track.id,
        framesDecoded: video ? (s?.framesDecoded ?? 0) : 0,
        frameWidth: video ? (s?.frameWidth ?? 0) : 0,
        frameHeight: video ? (s?.frameHeight ?? 0) : 0,
        packetsReceived: s?.packetsReceived ?? 0,
        bytesReceived: s?.bytesReceived ?? 0,
        codec: mime ? mime.slice(mime.indexOf('/') + 1) : null,
      });
    }
    return out;
  }

  /**
   * For automation and debugging: the current offer/answer, our video sender's encodings and what each of
   * them sends (outbound-rtp by rid).
   */
  async publishing() {
    const pc = this.pc;
    if (!pc) return null;
    const t = pc.getTransceivers().find((x) => x.sender.track?.kind === 'video');
    const encodings = t ? (t.sender.getParameters().encodings ?? []).map((e) => ({
      rid: e.rid ?? null,
      active: e.active !== false,
      scaleResolutionDownBy: e.scaleResolutionDownBy ?? null,
      maxBitrate: e.maxBitrate ?? null,
      scalabilityMode: e.scalabilityMode ?? null,
    })) : [];
    const outbound = [];
    if (t && !this.closed) {
      (await t.sender.getStats()).forEach((s) => {
        if (s.type === 'outbound-rtp') {
          outbound.push({
            rid: s.rid ?? null, ssrc: s.ssrc, framesSent: s.framesSent ?? 0, frameWidth: s.frameWidth ?? 0,
            frameHeight: s.frameHeight ?? 0, bytesSent: s.bytesSent ?? 0, active: s.active ?? null,
            keyFramesEncoded: s.keyFramesEncoded ?? 0,
          });
        }
      });
    }
    return {
      signalingState: pc.signalingState,
      localSdp: pc.localDescription?.sdp ?? null,
      remoteSdp: pc.currentRemoteDescription?.sdp ?? null,
      answerError: this.lastError,
      mid: t?.mid ?? null,
      encodings,
      outbound,
    };
  }

  // ---- teardown ----------------------------------------------------------------------------

  /** Sends `leave` (if asked) and closes the peer connection. */
  close({ sendLeave = true } = {}) {
    if (this.closed) return;
    if (sendLeave) this.signaling.send({ type: 'leave' });
    this.closed = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.disconnectTimer);
    for (const [type, h] of this.unsubscribe) this.signaling.off(type, h);
    this.unsubscribe = [];
    for (const trackId of [...this.remoteTracks.keys()]) this.dropTrack(trackId);
    try {
      this.pc?.close();
    } catch {
      // already closed
    }
  }
}

