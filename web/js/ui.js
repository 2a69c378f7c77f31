// DOM helpers: views, banner/toast, video tiles.

const $ = (id) => document.getElementById(id);

export { $ };

const VIEWS = ['landing', 'prejoin', 'call', 'left'];

export function showView(name) {
  for (const v of VIEWS) $(`view-${v}`).hidden = v !== name;
  document.body.dataset.view = name;
}

// ---- messages ---------------------------------------------------------------------------------

export function showBanner(text, { kind = 'error' } = {}) {
  const b = $('banner');
  $('banner-text').textContent = text;
  b.classList.toggle('info', kind === 'info');
  b.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  b.dataset.testid = kind === 'error' ? 'error-banner' : 'info-banner';
  b.hidden = false;
}

export function hideBanner() {
  $('banner').hidden = true;
}

let toastTimer = null;
export function toast(text, ms = 2200) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, ms);
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // insecure context or no permission: fall back to a selection copy
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.append(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    ta.remove();
    return ok;
  }
}

export function initials(name) {
  const parts = (name || '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  return (parts[0][0] + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

// ---- video grid ---------------------------------------------------------------------------------

/** Remote tiles: one per participant, holding all their tracks in one MediaStream. */
export class Grid {
  constructor(gridEl, { onAutoplayBlocked } = {}) {
    this.el = gridEl;
    this.tiles = new Map();
    this.onAutoplayBlocked = onAutoplayBlocked ?? (() => {});
    this.audioBlocked = false;
  }

  updateCount() {
    const n = this.tiles.size + 1; // + local preview
    this.el.dataset.count = n > 9 ? 'many' : String(n);
    return n;
  }

  ensureTile(participantId, name) {
    let tile = this.tiles.get(participantId);
    if (tile) {
      if (name !== undefined) this.setName(participantId, name);
      return tile;
    }
    const fig = document.createElement('figure');
    fig.className = 'tile tile-remote';
    fig.dataset.testid = 'remote-video';
    fig.dataset.participantId = participantId;

    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = this.audioBlocked;
    const stream = new MediaStream();
    video.srcObject = stream;

    const ph = document.createElement('div');
    ph.className = 'tile-placeholder';
    ph.setAttribute('aria-hidden', 'true');
    const avatar = document.createElement('span');
    avatar.className = 'avatar';
    ph.append(avatar);

    const cap = document.createElement('figcaption');
    cap.className = 'tile-label';

    fig.append(video, ph, cap);
    this.el.append(fig);
    tile = { el: fig, video, stream, cap, avatar, name: '', watched: new WeakSet() };
    this.tiles.set(participantId, tile);
    this.setName(participantId, name ?? '');
    this.updateCount();
    return tile;
  }

  setName(participantId, name) {
    const tile = this.tiles.get(participantId);
    if (!tile) return;
    tile.name = name || 'Guest';
    tile.cap.textContent = tile.name;
    tile.avatar.textContent = initials(tile.name);
    tile.video.setAttribute('aria-label', `Video of ${tile.name}`);
    tile.el.setAttribute('aria-label', tile.name);
  }

  addTrack(participantId, track, name) {
    const tile = this.ensureTile(participantId, name);
    if (!tile.stream.getTracks().includes(track)) tile.stream.addTrack(track);
    if (!tile.watched.has(track)) {
      tile.watched.add(track);
      // remote video is muted until frames arrive (and when they stop): show the avatar meanwhile
      const update = () => this.updateVideoState(tile);
      track.addEventListener('mute', update);
      track.addEventListener('unmute', update);
    }
    this.refresh(tile);
  }

  removeTrack(participantId, track) {
    const tile = this.tiles.get(participantId);
    if (!tile) return;
    if (tile.stream.getTracks().includes(track)) tile.stream.removeTrack(track);
    this.refresh(tile);
  }

  updateVideoState(tile) {
    const hasVideo = tile.stream.getVideoTracks().some((t) => t.readyState === 'live' && !t.muted);
    tile.el.classList.toggle('has-video', hasVideo);
  }

  refresh(tile) {
    this.updateVideoState(tile);
    tile.el.dataset.tracks = tile.stream.getTracks().map((t) => t.kind).join(',');
    // re-attach so the element picks up added/removed tracks reliably
    tile.video.srcObject = tile.stream;
    this.play(tile);
  }

  play(tile) {
    if (tile.stream.getTracks().length === 0) return;
    const p = tile.video.play();
    if (!p) return;
    p.catch((err) => {
      if (err?.name === 'NotAllowedError') {
        // sound needs a user gesture: play muted for now and offer a button
        tile.video.muted = true;
        this.audioBlocked = true;
        tile.video.play().catch(() => {});
        this.onAutoplayBlocked();
      } else if (err?.name !== 'AbortError') {
        console.warn('chorus: video play failed', err);
      }
    });
  }

  /** After a user gesture: unmute everything. */
  unlockAudio() {
    this.audioBlocked = false;
    for (const tile of this.tiles.values()) {
      tile.video.muted = false;
      this.play(tile);
    }
  }

  removeTile(participantId) {
    const tile = this.tiles.get(participantId);
    if (!tile) return;
    this.tiles.delete(participantId);
    tile.video.srcObject = null;
    tile.el.remove();
    this.updateCount();
  }

  clear() {
    for (const id of [...this.tiles.keys()]) this.removeTile(id);
  }
}
