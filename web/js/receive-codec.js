// Automation: `?recvCodec=h264` makes our receiving video m-lines accept only that codec, the way a
// device without a VP8 decoder would (the MCU then sends it the H.264 composite). Off by default.

/** The codec named by `?recvCodec=` ("h264", "vp8"...), lower case, or null. */
export function receiveCodec(search = location.search) {
  const v = new URLSearchParams(search).get('recvCodec');
  return v ? v.trim().toLowerCase() : null;
}

// Not codecs of their own: they protect or repair whichever codec is chosen.
const HELPERS = new Set(['video/rtx', 'video/red', 'video/ulpfec', 'video/flexfec-03']);

/** Limits a recvonly transceiver to `codec` (plus RTX/RED/FEC); false when the browser cannot. */
export function restrictReceiveCodec(transceiver, codec) {
  try {
    const caps = RTCRtpReceiver.getCapabilities?.('video')?.codecs;
    if (!caps || typeof transceiver.setCodecPreferences !== 'function') return false;
    const wanted = caps.filter((c) => c.mimeType.toLowerCase() === `video/${codec}`);
    if (wanted.length === 0) {
      console.warn(`chorus: this browser cannot receive ${codec}; receiving with its default codecs`);
      return false;
    }
    transceiver.setCodecPreferences([...wanted, ...caps.filter((c) => HELPERS.has(c.mimeType.toLowerCase()))]);
    return true;
  } catch (e) {
    console.warn('chorus: could not restrict the receive codecs', e);
    return false;
  }
}
