// Our camera and microphone: acquiring them (degrading gracefully when one is denied or missing), device
// choice (camera, microphone, speaker) remembered across visits, mute/camera state, and a mic level meter.

// 720p so the three simulcast layers (/4, /2, /1) are 320x180, 640x360 and 1280x720.
const VIDEO = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30, max: 30 } };
const AUDIO = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
const PREFS_KEY = 'chorus.devices';

/** Why getUserMedia failed, in words for people, and whether trying again could help. */
export function describeMediaError(err, what) {
  switch (err?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `${what} access is blocked. Allow it in the browser's site settings (the icon left of the address), then turn it on again.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${what.toLowerCase()} was found. Connect one and turn it on again.`;
    case 'NotReadableError':
    case 'AbortError':
      return `The ${what.toLowerCase()} is in use by another app or not working.`;
    case 'TypeError':
      return `${what} is not available on this page (it needs HTTPS or localhost).`;
    default:
      return `${what} unavailable: ${err?.message || err}`;
  }
}

function loadPrefs() {
  try {
    const p = JSON.parse(localStorage.getItem(PREFS_KEY) || '{}');
    return { audioInput: p.audioInput || '', videoInput: p.videoInput || '', audioOutput: p.audioOutput || '' };
  } catch {
    return { audioInput: '', videoInput: '', audioOutput: '' };
  }
}

export const canChooseSpeaker = () => typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/**
 * The local camera and microphone. `stream` always holds the current tracks (at most one of each kind).
 * Events: 'track' {kind, track|null} — what our sender of that kind must send now;
 *         'change' — mic/camera state or problems changed.
 */
export class LocalMedia extends EventTarget {
  constructor() {
    super();
    this.stream = new MediaStream();
    this.prefs = loadPrefs();
    this.micOn = true;
    this.camOn = true;
    /** kind -> a sentence about why it is missing, or null */
    this.problems = { audio: null, video: null };
    this.pending = { audio: null, video: null };
  }

  get audioTrack() { return this.stream.getAudioTracks()[0] ?? null; }

  get videoTrack() { return this.stream.getVideoTracks()[0] ?? null; }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  savePrefs() {
    try { localStorage.setItem(PREFS_KEY, JSON.stringify(this.prefs)); } catch { /* private mode */ }
  }

  constraints(kind) {
    const base = kind === 'audio' ? AUDIO : VIDEO;
    const id = kind === 'audio' ? this.prefs.audioInput : this.prefs.videoInput;
    return id ? { ...base, deviceId: { ideal: id } } : base;
  }

  /**
   * Gets camera and/or microphone; a kind that fails is left out with a problem sentence. Both at once
   * first (one permission prompt), then each alone so one denied device does not cost the other.
   */
  async start({ audio = true, video = true } = {}) {
    this.camOn = video;
    if (!audio && !video) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      const err = new TypeError('no getUserMedia');
      if (audio) this.problems.audio = describeMediaError(err, 'Microphone');
      if (video) this.problems.video = describeMediaError(err, 'Camera');
      this.emit('change');
      return;
    }
    if (audio && video) {
      try {
        const s = await navigator.mediaDevices.getUserMedia({ audio: this.constraints('audio'), video: this.constraints('video') });
        for (const t of s.getTracks()) this.setTrack(t.kind, t);
        this.problems = { audio: null, video: null };
        this.emit('change');
        return;
      } catch (e) {
        console.warn('chorus: camera + microphone failed, trying each alone', e);
      }
    }
    if (audio) await this.acquire('audio');
    // no camera to be had: it is off (turning it on later tries again)
    if (video && !(await this.acquire('video'))) this.camOn = false;
    this.emit('change');
  }

  /** Gets one kind (replacing the current track of that kind); false with a problem sentence on failure. */
  async acquire(kind) {
    if (this.pending[kind]) return this.pending[kind];
    const what = kind === 'audio' ? 'Microphone' : 'Camera';
    this.pending[kind] = (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new TypeError('no getUserMedia');
        const s = await navigator.mediaDevices.getUserMedia({ [kind]: this.constraints(kind) });
        const track = s.getTracks().find((t) => t.kind === kind);
        for (const t of s.getTracks()) if (t !== track) t.stop();
        if (!track) throw new DOMException('no track', 'NotFoundError');
        this.setTrack(kind, track);
        this.problems[kind] = null;
        return true;
      } catch (e) {
        console.warn(`chorus: ${kind} unavailable`, e);
        this.problems[kind] = describeMediaError(e, what);
        return false;
      } finally {
        this.pending[kind] = null;
      }
    })();
    return this.pending[kind];
  }

  /** Puts `track` in the stream (stopping the one it replaces) and tells the sender. */
  setTrack(kind, track) {
    const old = kind === 'audio' ? this.audioTrack : this.videoTrack;
    if (old === track) return;
    if (old) {
      this.stream.removeTrack(old);
      old.stop();
    }
    if (track) {
      if (kind === 'audio') track.enabled = this.micOn;
      // a device unplugged or revoked mid-call: drop it so the buttons show the truth
      track.addEventListener('ended', () => {
        if ((kind === 'audio' ? this.audioTrack : this.videoTrack) !== track) return;
        this.setTrack(kind, null);
        this.problems[kind] = `The ${kind === 'audio' ? 'microphone' : 'camera'} stopped (unplugged or taken away).`;
        if (kind === 'video') this.camOn = false;
        this.emit('change');
      });
      this.stream.addTrack(track);
    }
    this.emit('track', { kind, track: track ?? null });
  }

  /** Mute/unmute: a muted mic sends silence (the track stays, unmuting is instant). */
  async setMic(on) {
    this.micOn = on;
    if (on && !this.audioTrack) {
      const ok = await this.acquire('audio');
      if (!ok) this.micOn = false;
    }
    if (this.audioTrack) this.audioTrack.enabled = this.micOn;
    this.emit('change');
    return this.micOn;
  }

  /** Camera off stops the device (its light goes out); on asks for it again. */
  async setCamera(on) {
    this.camOn = on;
    if (on) {
      if (!this.videoTrack) {
        const ok = await this.acquire('video');
        if (!ok) this.camOn = false;
      }
    } else if (this.videoTrack) {
      this.setTrack('video', null);
    }
    this.emit('change');
    return this.camOn;
  }

  get micAvailable() { return !!this.audioTrack; }

  /** Switches to another input device (remembered for next time). */
  async useInput(kind, deviceId) {
    if (kind === 'audio') this.prefs.audioInput = deviceId;
    else this.prefs.videoInput = deviceId;
    this.savePrefs();
    if (kind === 'video' && !this.camOn) return true; // used when the camera is turned on
    if (kind === 'audio' && !this.audioTrack && !this.micOn) return true;
    const ok = await this.acquire(kind);
    this.emit('change');
    return ok;
  }

  useOutput(deviceId) {
    this.prefs.audioOutput = deviceId;
    this.savePrefs();
  }

  /** The state our `media-state` message reports. */
  mediaState(screen = false) {
    return { audio: !!this.audioTrack && this.micOn, video: !!this.videoTrack && this.camOn, screen: !!screen };
  }

  stop() {
    for (const t of this.stream.getTracks()) {
      this.stream.removeTrack(t);
      t.stop();
    }
  }
}

/** Fills the camera/mic/speaker selects with the devices the browser lists (labels need a permission). */
export async function fillDeviceSelects({ camera, mic, speaker }, prefs, current = {}) {
  let devices = [];
  try {
    devices = await navigator.mediaDevices?.enumerateDevices?.() ?? [];
  } catch { /* none listed */ }
  const fill = (select, kind, chosen, noneLabel) => {
    if (!select) return;
    const list = devices.filter((d) => d.kind === kind && d.deviceId);
    const opts = list.map((d, i) => {
      const o = document.createElement('option');
      o.value = d.deviceId;
      o.textContent = d.label || `${noneLabel.replace('No ', '')} ${i + 1}`;
      return o;
    });
    if (!opts.length) {
      const o = document.createElement('option');
      o.value = '';
      o.textContent = noneLabel;
      opts.push(o);
    }
    select.replaceChildren(...opts);
    select.disabled = list.length === 0;
    if (chosen && list.some((d) => d.deviceId === chosen)) select.value = chosen;
  };
  fill(camera, 'videoinput', current.video || prefs.videoInput, 'No camera');
  fill(mic, 'audioinput', current.audio || prefs.audioInput, 'No microphone');
  if (speaker) {
    if (canChooseSpeaker()) fill(speaker, 'audiooutput', prefs.audioOutput, 'System default');
    else {
      const o = document.createElement('option');
      o.textContent = 'System default';
      speaker.replaceChildren(o);
      speaker.disabled = true;
    }
  }
}

/** The device id a live track is using, for preselecting the select. */
export function deviceIdOf(track) {
  return track?.getSettings?.().deviceId ?? '';
}

/** Draws the microphone's level into `bar` (a CSS height), until stop() is called. */
export class LevelMeter {
  constructor(bar) {
    this.bar = bar;
    this.ctx = null;
    this.raf = 0;
    this.source = null;
  }

  attach(track) {
    this.detach();
    if (!track || typeof AudioContext === 'undefined') return;
    try {
      this.ctx ??= new AudioContext();
      if (this.ctx.state === 'suspended') {
        const resume = () => this.ctx?.resume().catch(() => {});
        document.addEventListener('click', resume, { once: true });
        resume();
      }
      this.source = this.ctx.createMediaStreamSource(new MediaStream([track]));
      const analyser = this.ctx.createAnalyser();
      analyser.fftSize = 512;
      this.source.connect(analyser);
      const data = new Uint8Array(analyser.fftSize);
      const tick = () => {
        analyser.getByteTimeDomainData(data);
        let peak = 0;
        for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
        this.bar.style.height = `${Math.min(100, Math.round((peak / 128) * 180))}%`;
        this.raf = requestAnimationFrame(tick);
      };
      tick();
    } catch (e) {
      console.warn('chorus: no level meter', e);
    }
  }

  detach() {
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    try { this.source?.disconnect(); } catch { /* gone */ }
    this.source = null;
    this.bar.style.height = '0';
  }

  close() {
    this.detach();
    this.ctx?.close().catch(() => {});
    this.ctx = null;
  }
}
