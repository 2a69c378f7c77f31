// The automation contract: window.chorus.stats().
//
// Resolves to {participantId, roomId, mode, remote: [{participantId, name, kind, trackId,
// framesDecoded, frameWidth, frameHeight, packetsReceived, bytesReceived, codec}]} with one entry per
// live received track (frame fields are 0 for audio; codec is the payload format's name, e.g. "VP8",
// "H264", "opus", null before the first packet). Before joining: ids and mode null, remote [].
// `mode` is the room's current mode, "sfu" or "mcu": from `joined`, then from each `mode` message.

export async function collectStats(getCall, fallbackRoomId) {
  const call = getCall();
  if (!call) {
    return { participantId: null, roomId: fallbackRoomId ?? null, mode: null, remote: [] };
  }
  const remote = await call.remoteStats();
  return {
    participantId: call.participantId,
    roomId: call.roomId ?? fallbackRoomId ?? null,
    mode: call.mode,
    remote,
  };
}

/** Installs window.chorus (idempotent). `state()` is a synchronous snapshot for debugging. */
export function installAutomationApi(getCall, getState) {
  const api = {
    version: 1,
    stats: () => collectStats(getCall, getState().roomId),
    state: () => ({ ...getState() }),
    // {signalingState, localSdp, remoteSdp, answerError, mid, encodings, outbound} of our video sender
    publishing: async () => (await getCall()?.publishing()) ?? null,
  };
  Object.defineProperty(window, 'chorus', { value: api, configurable: true, enumerable: true });
  return api;
}
