// Local camera + microphone, degrading gracefully (both → mic only → camera only → nothing).

// 720p so the three simulcast layers (/4, /2, /1) are 320x180, 640x360 and 1280x720.
const VIDEO = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30, max: 30 } };
const AUDIO = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

function describe(err) {
  switch (err?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'access was denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'no device was found';
    case 'NotReadableError':
    case 'AbortError':
      return 'the device is busy or unavailable';
    default:
      return err?.message || String(err);
  }
}

/**
 * Returns {stream, warning}: `stream` may have no tracks; `warning` (or null) explains what is missing.
 * `want` limits what is asked for (the `?media=audio|video|none` automation switch).
 */
export async function getLocalMedia(want = { audio: true, video: true }) {
  if (!want.audio && !want.video) return { stream: new MediaStream(), warning: null };
  if (!want.audio || !want.video) {
    try {
      return { stream: await navigator.mediaDevices.getUserMedia(want.audio ? { audio: AUDIO } : { video: VIDEO }), warning: null };
    } catch (err) {
      return { stream: new MediaStream(), warning: `${want.audio ? 'Microphone' : 'Camera'} unavailable (${describe(err)}).` };
    }
  }
  if (!navigator.mediaDevices?.getUserMedia) {
    return {
      stream: new MediaStream(),
      warning: 'Camera and microphone are not available here (the page needs HTTPS or localhost). '
        + 'You joined without them: others cannot see or hear you.',
    };
  }
  const gum = (c) => navigator.mediaDevices.getUserMedia(c);
  try {
    return { stream: await gum({ audio: AUDIO, video: VIDEO }), warning: null };
  } catch (both) {
    console.warn('chorus: camera+mic failed', both);
    try {
      const stream = await gum({ audio: AUDIO });
      return { stream, warning: `Camera unavailable (${describe(both)}): you joined with your microphone only.` };
    } catch {
      try {
        const stream = await gum({ video: VIDEO });
        return { stream, warning: `Microphone unavailable (${describe(both)}): you joined with your camera only.` };
      } catch {
        return {
          stream: new MediaStream(),
          warning: `Camera and microphone unavailable (${describe(both)}). `
            + 'You joined without them: you can still see and hear others.',
        };
      }
    }
  }
}

export function stopStream(stream) {
  for (const t of stream?.getTracks() ?? []) t.stop();
}
