// One call = one RTCPeerConnection to the server. The client always offers (docs/protocol.md).

import { addSender, isScreenTrack, LayerController, simulcastEnabled } from './publish.js';
import { receiveCodec, restrictReceiveCodec } from './receive-codec.js';

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
 *   'connection-state'   {state}
 *   'error'              {message, code?}
 */
export class Call extends EventTarget {
  constructor(signaling, localStream, { simulcast = simulcastEnabled(), recvCodec = receiveCodec() } = {}) {
    super();
    this.simulcast = simulcast;
    /** null, or the only video codec our receiving m-lines accept (`?recvCodec=`, for tests) */
    this.recvCodec = recvCodec;
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

    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    this.pc = pc;
    pc.addEventListener('icecandidate', (ev) => this.onLocalCandidate(ev.candidate));
    pc.addEventListener('track', (ev) => this.onTrack(ev));
    pc.addEventListener('connectionstatechange', () => {
      this.emit('connection-state', { state: pc.connectionState });
      if (pc.connectionState === 'failed') {
        this.emit('error', { message: 'The media connection to the server failed.' });
      }
    });

    // our own media: audio first, then video, each as a sendonly transceiver
    const tracks = this.localStream ? [
      ...this.localStream.getAudioTracks(),
      ...this.localStream.getVideoTracks(),
    ] : [];
    for (const track of tracks) {
      addSender(pc, track, this.localStream, { simulcast: this.simulcast });
    }
    if (tracks.length === 0) {
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
    if (this.closed || !this.pending) return;
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
      this.signaling.send(offerMsg);
      if (!this.offerSent) {
        this.offerSent = true;
        for (const c of this.bufferedCandidates) this.sendCandidate(c);
        this.bufferedCandidates = [];
      }
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
    if (!this.offerSent) this.bufferedCandidates.push(c);
    else this.sendCandidate(c);
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

  // ---- remote tracks -----------------------------------------------------------------------

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
    this.emit('track', { participantId, track, mid: ev.transceiver?.mid ?? null });
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
