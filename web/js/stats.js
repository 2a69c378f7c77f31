// The automation contract: window.chorus.
//
// stats() resolves to {participantId, roomId, mode, remote: [{participantId, name, kind, trackId,
// framesDecoded, frameWidth, frameHeight, packetsReceived, bytesReceived, codec}]} with one entry per
// live received track (frame fields are 0 for audio; codec is the payload format's name, e.g. "VP8",
// "H264", "opus", null before the first packet). Before joining: ids and mode null, remote [].
// `route` is the media path's local candidate type (host, srflx, prflx, relay; '' before one).
// `mode` is the room's current mode, "sfu" or "mcu": from `joined`, then from each `mode` message.
//
// Also: state() (a synchronous snapshot: phase, ids, lobby, signaling, recovery counters), metrics()
// (the latest measurement sample, see metrics.js), history(), chat(), participants(), publishing(), and
// debug.dropSocket() / debug.restartIce() for recovery tests.

export async function collectStats(getCall, fallbackRoomId) {
  const call = getCall();
  if (!call) {
    return { participantId: null, roomId: fallbackRoomId ?? null, mode: null, remote: [], route: '' };
  }
  const remote = await call.remoteStats();
  return {
    participantId: call.participantId,
    roomId: call.roomId ?? fallbackRoomId ?? null,
    mode: call.mode,
    remote,
    route: await call.route(),
  };
}

/** A sample made JSON-friendly (its per-person scores are a Map). */
function plainSample(s) {
  if (!s) return null;
  return { ...s, participants: Object.fromEntries(s.participants ?? []) };
}

/** Installs window.chorus (idempotent). */
export function installAutomationApi({ getCall, getState, getMetrics, getChat, getParticipants, debug }) {
  const api = {
    version: 2,
    stats: () => collectStats(getCall, getState().roomId),
    state: () => ({ ...getState() }),
    // {signalingState, localSdp, remoteSdp, answerError, mid, encodings, outbound} of our video sender
    publishing: async () => (await getCall()?.publishing()) ?? null,
    metrics: () => plainSample(getMetrics()?.latest ?? null),
    history: () => [...(getMetrics()?.history ?? [])],
    chat: () => getChat(),
    participants: () => getParticipants(),
    debug,
  };
  Object.defineProperty(window, 'chorus', { value: api, configurable: true, enumerable: true });
  return api;
}
