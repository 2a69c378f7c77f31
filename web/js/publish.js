// Publishing our own tracks, and the server's `layers` requests for them (docs/protocol.md).

/**
 * Camera simulcast, lowest quality first: the server orders layers by these rids (q < h < f) and pauses the
 * ones no receiver needs. L1T3 gives it temporal layers to thin out within one encoding.
 */
export const SIMULCAST_ENCODINGS = Object.freeze([
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { rid: 'f', maxBitrate: 1_500_000, scalabilityMode: 'L1T3' },
]);

/** `?simulcast=0` publishes one encoding (for media cores, tests and networks that cannot take three). */
export function simulcastEnabled(search = location.search) {
  return new URLSearchParams(search).get('simulcast') !== '0';
}

/** Screen content is marked by the app through contentHint ('detail' or 'text', as getDisplayMedia tracks should be). */
export function isScreenTrack(track) {
  return track?.kind === 'video' && (track.contentHint === 'detail' || track.contentHint === 'text');
}

/**
 * Adds a sendonly transceiver for `track`, or for a kind ('audio' | 'video') with no track yet (a camera that
 * is off, a device that was denied): replaceTrack() fills it later without renegotiation. Camera video gets
 * simulcast unless `simulcast` is false.
 */
export function addSender(pc, track, stream, { simulcast = true } = {}) {
  const kind = typeof track === 'string' ? track : track.kind;
  const init = { direction: 'sendonly', streams: stream ? [stream] : [] };
  if (kind !== 'video' || !simulcast || isScreenTrack(track)) {
    const t = pc.addTransceiver(track, init);
    if (kind === 'video') preferVp8(t);
    return t;
  }
  let t;
  try {
    t = pc.addTransceiver(track, { ...init, sendEncodings: SIMULCAST_ENCODINGS.map((e) => ({ ...e })) });
  } catch (e) {
    // older browsers reject scalabilityMode (or a mode their encoders lack): simulcast without it still works
    console.warn('chorus: sendEncodings with scalabilityMode rejected, retrying without', e);
    const plain = SIMULCAST_ENCODINGS.map(({ scalabilityMode, ...rest }) => ({ ...rest }));
    t = pc.addTransceiver(track, { ...init, sendEncodings: plain });
  }
  preferVp8(t);
  return t;
}

/**
 * A screen share: its own sendonly m-line, one encoding (text must stay sharp: resolution over frame rate),
 * marked as screen content so the offer lists it in `screen`.
 */
export function addScreenSender(pc, track, stream) {
  if (track.contentHint !== 'detail' && track.contentHint !== 'text') track.contentHint = 'detail';
  const t = pc.addTransceiver(track, {
    direction: 'sendonly', streams: stream ? [stream] : [],
    sendEncodings: [{ maxBitrate: 2_500_000 }],
  });
  preferVp8(t);
  try {
    const params = t.sender.getParameters();
    params.degradationPreference = 'maintain-resolution';
    t.sender.setParameters(params).catch(() => {});
  } catch { /* not supported: the browser's default */ }
  return t;
}

/** VP8 first (the SFU forwards VP8 simulcast best), everything else after in the browser's order. */
function preferVp8(transceiver) {
  try {
    const caps = RTCRtpReceiver.getCapabilities?.('video')?.codecs;
    if (!caps || typeof transceiver.setCodecPreferences !== 'function') return;
    const vp8 = caps.filter((c) => c.mimeType.toLowerCase() === 'video/vp8');
    if (vp8.length === 0) return;
    transceiver.setCodecPreferences([...vp8, ...caps.filter((c) => !vp8.includes(c))]);
  } catch (e) {
    console.warn('chorus: could not set codec preferences', e);
  }
}

const RETRIES = 3;
const RETRY_MS = 500;

/**
 * Applies `layers` messages: the encodings whose rid is listed are sent, the others paused. Updates for
 * one sender run one after another (getParameters/setParameters must not interleave), and only the
 * newest wanted state is applied when several arrive while one is in progress.
 */
export class LayerController {
  constructor() {
    /** sender -> {wanted: Set<string>|null, running: Promise|null} */
    this.state = new WeakMap();
  }

  /** `active`: the rids to send. Returns a promise for tests; errors are logged, never thrown. */
  apply(sender, active) {
    let s = this.state.get(sender);
    if (!s) {
      s = { wanted: null, running: null };
      this.state.set(sender, s);
    }
    s.wanted = new Set(active);
    if (!s.running) s.running = this.drain(sender, s).finally(() => { s.running = null; });
    return s.running;
  }

  async drain(sender, s) {
    let failures = 0;
    while (s.wanted) {
      const wanted = s.wanted;
      s.wanted = null;
      try {
        const params = sender.getParameters();
        const encodings = params.encodings ?? [];
        if (!encodings.some((e) => e.rid)) return; // one stream: nothing to switch
        let changed = false;
        for (const e of encodings) {
          const on = wanted.has(e.rid);
          if (e.active !== on) {
            e.active = on;
            changed = true;
          }
        }
        if (changed) await sender.setParameters(params);
        failures = 0;
      } catch (e) {
        // e.g. InvalidStateError while a negotiation is under way: try again shortly unless superseded
        console.warn('chorus: applying layers failed', e);
        if (++failures <= RETRIES && !s.wanted) {
          await new Promise((r) => setTimeout(r, RETRY_MS));
          s.wanted ??= wanted;
        }
      }
    }
  }
}
