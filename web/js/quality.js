// A 0–100 quality score for a connection or a received stream, from what getStats() measures.
// Pure functions (no DOM, no WebRTC): metrics.js feeds them, tests call them directly.
//
// The score starts at 100 and loses points for each impairment, roughly in proportion to how much people
// notice it: loss hurts most (audio breaks up, video smears or freezes), then round-trip time (talking over
// each other beyond ~300 ms), jitter, a frame rate far below what was sent, freezes, and sending more than
// the bandwidth estimate allows (queues build, everything gets late).

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const num = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

/** Score levels: at least 70 is good (green), at least 40 fair (amber), below poor (red). */
export const LEVELS = Object.freeze({ good: 70, fair: 40 });

/**
 * @param {object} m measurements; missing or invalid values are ignored (cost nothing):
 *   lossPct      packet loss in percent (0–100)
 *   rttMs        round-trip time
 *   jitterMs     receive jitter
 *   fps          frames per second received/sent (video only)
 *   expectedFps  what a healthy stream would have (default 30; a deliberately low layer passes less)
 *   freezesPerMin video freezes per minute
 *   sendKbps, bweKbps  what we send vs the available outgoing bitrate estimate
 * @returns {{score: number, level: 'good'|'fair'|'poor', penalties: object}}
 */
export function qualityScore(m = {}) {
  const p = {};
  const loss = num(m.lossPct);
  if (loss !== null) p.loss = clamp(loss * 4, 0, 60); // 2 % → 8, 5 % → 20, 10 % → 40
  const rtt = num(m.rttMs);
  if (rtt !== null) p.rtt = clamp((rtt - 150) / 14, 0, 35); // 300 ms → ~11, 500 ms → 25
  const jitter = num(m.jitterMs);
  if (jitter !== null) p.jitter = clamp((jitter - 20) * 0.25, 0, 20); // 60 ms → 10
  const fps = num(m.fps);
  const expected = num(m.expectedFps) ?? 30;
  if (fps !== null && expected > 0) {
    // two thirds of the expected rate still looks fluid; below that it stutters, at 0 it is frozen
    const ratio = fps / expected;
    p.fps = ratio >= 0.66 ? 0 : clamp((0.66 - ratio) / 0.66 * 30, 0, 30);
  }
  const freezes = num(m.freezesPerMin);
  if (freezes !== null) p.freezes = clamp(freezes * 6, 0, 24);
  const send = num(m.sendKbps);
  const bwe = num(m.bweKbps);
  if (send !== null && bwe !== null && bwe > 0) {
    const over = send / bwe - 1.1;
    p.congestion = over > 0 ? clamp(over * 40, 0, 15) : 0;
    if (bwe < 150) p.congestion = Math.max(p.congestion, 12); // too little even for one small video
  }
  const total = Object.values(p).reduce((a, b) => a + b, 0);
  const score = Math.round(clamp(100 - total, 0, 100));
  return { score, level: levelOf(score), penalties: p };
}

export function levelOf(score) {
  if (score >= LEVELS.good) return 'good';
  if (score >= LEVELS.fair) return 'fair';
  return 'poor';
}

export function levelLabel(level) {
  return level === 'good' ? 'Good' : level === 'fair' ? 'Fair' : level === 'poor' ? 'Poor' : 'Unknown';
}
