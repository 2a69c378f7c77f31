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

/**
 * Remote tiles: one per participant, holding all their tracks in one MediaStream. The pinned tile, else the
 * active speaker's, is featured (larger in the grid); the active speaker is also outlined.
 */
export class Grid {
  constructor(gridEl, { onAutoplayBlocked, onPin, localTile } = {}) {
    this.el = gridEl;
    this.tiles = new Map();
    this.onAutoplayBlocked = onAutoplayBlocked ?? (() => {});
    this.onPin = onPin ?? (() => {});
    this.localTile = localTile ?? null;
    this.audioBlocked = false;
    this.speakerId = null;
    this.pinnedId = null;
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

    const pin = document.createElement('button');
    pin.type = 'button';
    pin.className = 'tile-pin';
    pin.dataset.testid = 'pin';
    pin.setAttribute('aria-pressed', 'false');
    pin.textContent = 'Pin';
    pin.addEventListener('click', () => this.setPinned(this.pinnedId === participantId ? null : participantId, true));

    fig.append(video, ph, cap, pin);
    this.el.append(fig);
    tile = { el: fig, video, stream, cap, avatar, pin, name: '', watched: new WeakSet() };
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
    this.updatePinButton(participantId);
  }

  updatePinButton(participantId) {
    const tile = this.tiles.get(participantId);
    if (!tile) return;
    const pinned = this.pinnedId === participantId;
    tile.pin.setAttribute('aria-pressed', String(pinned));
    tile.pin.textContent = pinned ? 'Unpin' : 'Pin';
    tile.pin.setAttribute('aria-label', `${pinned ? 'Unpin' : 'Pin'} ${tile.name}`);
  }

  /** The loudest participant (from the server), `'local'` for us, or null. */
  setActiveSpeaker(participantId) {
    this.speakerId = participantId ?? null;
    for (const [id, tile] of this.tiles) this.markSpeaker(tile.el, id === this.speakerId);
    if (this.localTile) this.markSpeaker(this.localTile, this.speakerId === 'local');
    this.updateFeatured();
  }

  markSpeaker(el, on) {
    el.classList.toggle('active-speaker', on);
    if (on) el.dataset.activeSpeaker = 'true';
    else delete el.dataset.activeSpeaker;
  }

  /** Pins one remote tile (or none); `byUser` tells the server through onPin. */
  setPinned(participantId, byUser = false) {
    const id = participantId && this.tiles.has(participantId) ? participantId : null;
    if (id === this.pinnedId) return;
    this.pinnedId = id;
    for (const [pid, tile] of this.tiles) {
      tile.el.classList.toggle('pinned', pid === id);
      this.updatePinButton(pid);
    }
    this.updateFeatured();
    if (byUser) this.onPin(id);
  }

  /** Our own tile is never featured: it is outlined when we speak, not enlarged. */
  updateFeatured() {
    const featured = this.pinnedId ?? (this.tiles.has(this.speakerId) ? this.speakerId : null);
    for (const [pid, tile] of this.tiles) tile.el.classList.toggle('featured', pid === featured);
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
    if (this.pinnedId === participantId) this.pinnedId = null; // the server forgets the pin too
    if (this.speakerId === participantId) this.speakerId = null;
    this.updateFeatured();
    this.updateCount();
  }

  clear() {
    for (const id of [...this.tiles.keys()]) this.removeTile(id);
    this.setActiveSpeaker(null);
  }
}
