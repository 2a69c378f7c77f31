// Call measurements from RTCPeerConnection.getStats(): rates between two samples, per-track figures, quality
// scores (quality.js), a history of the last minutes, and the periodic `client-stats` report to the server.

import { qualityScore } from './quality.js';

export const SAMPLE_MS = 2000;
export const HISTORY_MS = 5 * 60 * 1000;
export const REPORT_MS = 5000;
/** docs/protocol.md: at most 64 tracks per client-stats. */
const MAX_TRACKS = 64;

const round1 = (v) => Math.round(v * 10) / 10;
/** A finite, non-negative number or null. */
const pos = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
const rate = (now, before, dtSec) => {
  if (pos(now) === null || pos(before) === null || dtSec <= 0 || now < before) return null;
  return (now - before) / dtSec;
};

/** The candidate pair in use (the transport's selected one; else a nominated, succeeded one). */
export function selectedPair(report) {
  let pair = null;
  report.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId) ?? pair;
  });
  if (!pair) report.forEach((s) => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
  return pair;
}

/**
 * Samples one Call every SAMPLE_MS. Events: 'sample' {detail: sample}. A sample:
 *   {t, bweKbps, sendKbps, recvKbps, rttMs, jitterMs, lossPct, score, level, freezeCount,
 *    local: {score, level, video: {width, height, fps, kbps} | null, audioKbps},
 *    tracks: [{participantId, kind, width, height, fps, kbps, lossPct, jitterMs, freezesPerMin, receiving}],
 *    participants: Map participantId -> {score, level}}
 * Figures that could not be measured are null. freezeCount is the browser's cumulative freeze count over all
 * received video (getStats' inbound-rtp freezeCount, summed): the server's learned policy may use it.
 */
export class Metrics extends EventTarget {
  constructor(call, { send = null, participantState = () => null } = {}) {
    super();
    this.call = call;
    this.send = send;
    this.participantState = participantState;
    this.prev = new Map();
    this.prevPair = null;
    this.prevT = 0;
    this.history = [];
    this.latest = null;
    this.timer = null;
    this.reportTimer = null;
    this.busy = false;
  }

  start() {
    if (this.timer) return;
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.reportTimer = setInterval(() => this.report(), REPORT_MS);
    this.sample();
  }

  stop() {
    clearInterval(this.timer);
    clearInterval(this.reportTimer);
    this.timer = null;
    this.reportTimer = null;
  }

  async sample() {
    const pc = this.call?.pc;
    if (this.busy || !pc || this.call.closed || pc.connectionState === 'closed') return null;
    this.busy = true;
    try {
      const report = await pc.getStats();
      const s = this.compute(report, performance.now());
      if (s) {
        this.latest = s;
        this.history.push({
          t: s.t, sendKbps: s.sendKbps, recvKbps: s.recvKbps, bweKbps: s.bweKbps,
          rttMs: s.rttMs, lossPct: s.lossPct, jitterMs: s.jitterMs, score: s.score,
        });
        const cutoff = s.t - HISTORY_MS;
        while (this.history.length && this.history[0].t < cutoff) this.history.shift();
        this.dispatchEvent(new CustomEvent('sample', { detail: s }));
      }
      return s;
    } catch (e) {
      console.warn('chorus: getStats failed', e);
      return null;
    } finally {
      this.busy = false;
    }
  }

  compute(report, nowMs) {
    const dt = this.prevT ? (nowMs - this.prevT) / 1000 : 0;
    this.prevT = nowMs;
    const call = this.call;
    const pair = selectedPair(report);
    const prevPair = this.prevPair && pair && this.prevPair.id === pair.id ? this.prevPair : null;
    this.prevPair = pair ? { id: pair.id, bytesSent: pair.bytesSent, bytesReceived: pair.bytesReceived } : null;

    const bps = (a, b) => { const r = rate(a, b, dt); return r === null ? null : round1(r * 8 / 1000); };
    const sendKbps = prevPair ? bps(pair.bytesSent, prevPair.bytesSent) : null;
    const recvKbps = prevPair ? bps(pair.bytesReceived, prevPair.bytesReceived) : null;
    const bweKbps = pos(pair?.availableOutgoingBitrate) !== null ? round1(pair.availableOutgoingBitrate / 1000) : null;
    const rttMs = pos(pair?.currentRoundTripTime) !== null ? round1(pair.currentRoundTripTime * 1000) : null;

    const next = new Map();
    const tracks = [];
    let lostSum = 0;
    let recvSum = 0;
    const audioJitters = [];
    const videoJitters = [];
    const outbound = { audio: [], video: [] };
    const upLoss = [];
    const upRtt = [];
    let freezeCount = null;
    report.forEach((s) => {
      if (s.type === 'inbound-rtp') {
        const p = this.prev.get(s.id);
        next.set(s.id, s);
        if (s.kind === 'video' && pos(s.freezeCount) !== null) freezeCount = (freezeCount ?? 0) + s.freezeCount;
        const entry = call.remoteTrackFor?.(s) ?? null;
        if (!entry) return;
        const lost = p ? (s.packetsLost ?? 0) - (p.packetsLost ?? 0) : 0;
        const recv = p ? (s.packetsReceived ?? 0) - (p.packetsReceived ?? 0) : 0;
        if (lost >= 0 && recv >= 0) { lostSum += lost; recvSum += recv; }
        const jitterMs = pos(s.jitter) !== null ? round1(s.jitter * 1000) : null;
        const video = s.kind === 'video';
        const receiving = !entry.track.muted;
        if (jitterMs !== null && receiving) (video ? videoJitters : audioJitters).push(jitterMs);
        const fps = video ? (pos(s.framesPerSecond) ?? (p ? rate(s.framesDecoded, p.framesDecoded, dt) : null)) : null;
        const freezes = video && p ? rate(s.freezeCount, p.freezeCount, dt) : null;
        tracks.push({
          participantId: entry.participantId, kind: s.kind, receiving,
          width: video ? s.frameWidth ?? 0 : 0, height: video ? s.frameHeight ?? 0 : 0,
          fps: fps === null ? 0 : round1(fps), kbps: p ? bps(s.bytesReceived, p.bytesReceived) : null,
          lossPct: lost + recv > 0 && lost >= 0 ? round1(lost / (lost + recv) * 100) : 0,
          jitterMs, freezesPerMin: freezes === null ? null : round1(freezes * 60),
        });
      } else if (s.type === 'outbound-rtp') {
        const p = this.prev.get(s.id);
        next.set(s.id, s);
        if (s.kind === 'audio' || s.kind === 'video') outbound[s.kind].push({ s, p });
      } else if (s.type === 'remote-inbound-rtp') {
        if (pos(s.fractionLost) !== null) upLoss.push(s.fractionLost * 100);
        if (pos(s.roundTripTime) !== null) upRtt.push(s.roundTripTime * 1000);
      }
    });
    this.prev = next;
    if (!dt) return null; // the first sample only primes the counters

    const localVideo = this.localOutbound(outbound.video, dt, bps);
    const audioKbps = outbound.audio.reduce((a, { s, p }) => a + (p ? bps(s.bytesSent, p.bytesSent) ?? 0 : 0), 0);
    const downLoss = lostSum + recvSum > 0 ? lostSum / (lostSum + recvSum) * 100 : 0;
    const uplinkLoss = upLoss.length ? Math.max(...upLoss) : 0;
    const lossPct = round1(Math.max(downLoss, uplinkLoss));
    const mean = (a) => (a.length ? round1(a.reduce((x, y) => x + y, 0) / a.length) : null);
    const jitterMs = mean(audioJitters) ?? mean(videoJitters);
    const rtt = rttMs ?? mean(upRtt);

    const conn = qualityScore({ lossPct, rttMs: rtt, jitterMs, sendKbps, bweKbps, ...(localVideo ? { fps: localVideo.fps } : {}) });
    const local = qualityScore({ lossPct: uplinkLoss, rttMs: rtt, sendKbps, bweKbps, ...(localVideo ? { fps: localVideo.fps } : {}) });

    // per person: their streams' loss, jitter, frame rate and freezes, plus our shared round trip
    const participants = new Map();
    const byPerson = new Map();
    for (const t of tracks) {
      if (!byPerson.has(t.participantId)) byPerson.set(t.participantId, []);
      byPerson.get(t.participantId).push(t);
    }
    for (const [pid, list] of byPerson) {
      const state = this.participantState(pid);
      const vids = list.filter((t) => t.kind === 'video' && t.receiving);
      const cam = state?.video === false ? null : vids[0];
      const aud = list.find((t) => t.kind === 'audio');
      const q = qualityScore({
        lossPct: Math.max(0, ...list.map((t) => t.lossPct ?? 0)),
        rttMs: rtt,
        jitterMs: aud?.jitterMs ?? cam?.jitterMs ?? null,
        ...(cam ? { fps: cam.fps, freezesPerMin: cam.freezesPerMin } : {}),
      });
      participants.set(pid, { score: q.score, level: q.level });
    }

    return {
      t: Date.now(), bweKbps, sendKbps, recvKbps, rttMs: rtt, jitterMs, lossPct, freezeCount,
      score: conn.score, level: conn.level, penalties: conn.penalties,
      local: { score: local.score, level: local.level, video: localVideo, audioKbps: round1(audioKbps) },
      tracks, participants,
    };
  }

  /** Our video as sent: the largest active simulcast layer's size and rate, all layers' bitrate summed. */
  localOutbound(list, dt, bps) {
    if (!list.length) return null;
    let best = null;
    let kbps = 0;
    for (const { s, p } of list) {
      if (p) kbps += bps(s.bytesSent, p.bytesSent) ?? 0;
      const sending = p && s.bytesSent > p.bytesSent;
      if (sending && (!best || (s.frameWidth ?? 0) > (best.frameWidth ?? 0))) best = s;
    }
    if (!best) return null;
    return {
      width: best.frameWidth ?? 0, height: best.frameHeight ?? 0,
      fps: round1(pos(best.framesPerSecond) ?? 0), kbps: round1(kbps),
      limitation: best.qualityLimitationReason ?? 'none',
    };
  }

  /**
   * The latest sample as the protocol's `client-stats` body: numbers only (non-negative, finite), a figure that
   * was not measured is left out, at most 64 tracks (ours first).
   */
  reportBody(s = this.latest) {
    if (!s) return null;
    const out = {};
    const put = (o, k, v) => { if (pos(v) !== null) o[k] = round1(v); };
    for (const k of ['bweKbps', 'sendKbps', 'recvKbps', 'rttMs', 'jitterMs', 'lossPct', 'score']) put(out, k, s[k]);
    if (pos(s.freezeCount) !== null) out.freezeCount = Math.round(s.freezeCount);
    const track = (participantId, kind, t) => {
      const o = { participantId, kind };
      if (kind === 'video') for (const k of ['width', 'height', 'fps']) put(o, k, t[k]);
      return o;
    };
    const tracks = [];
    if (s.local.video && this.call.participantId) tracks.push(track(this.call.participantId, 'video', s.local.video));
    for (const t of s.tracks) tracks.push(track(t.participantId, t.kind, t));
    out.tracks = tracks.slice(0, MAX_TRACKS);
    return out;
  }

  report() {
    const body = this.reportBody();
    if (body && this.send) this.send({ type: 'client-stats', stats: body });
  }
}
