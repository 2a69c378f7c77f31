// The video tiles: one per participant (camera + microphone), one per screen share, our own preview, and
// where they all go (layout.js). Tiles keep stable data-testids for automation:
//   local:  #local-tile [data-testid=local-video-tile] (its video [data-testid=local-video])
//   remote: [data-testid=remote-video][data-participant-id=<id>] with [data-testid=pin] and [data-testid=quality]
//   screen: [data-testid=screen-tile][data-screen-of=<id>] (ours: [data-screen-of=local])

import { computeLayout } from './layout.js';
import { h, icon, ICONS, paintAvatar } from './ui.js';

const LOCAL = 'local';
const LOCAL_SCREEN = 'local:screen';
const screenKey = (participantId) => `${participantId}:screen`;

/**
 * A participant's video tracks in publishing order: with two or more, the last one is a screen share (the web
 * client adds screen transceivers after its camera; the server names tracks after the publisher's mid).
 */
export function splitVideos(videos) {
  const sorted = [...videos].sort((a, b) => a.order - b.order);
  if (sorted.length < 2) return { camera: sorted[0] ?? null, screen: null };
  return { camera: sorted[0], screen: sorted[sorted.length - 1] };
}

export class Grid {
  /**
   * onAutoplayBlocked(): sound needs a click; onPin(participantId|null): the user pinned someone;
   * onVideoPlaced(mid, element): a received video is now shown in `element` (for render-size).
   */
  constructor(gridEl, { onAutoplayBlocked, onPin, onVideoPlaced } = {}) {
    this.el = gridEl;
    this.tiles = new Map();
    /** participantId -> {audio: Set<track>, videos: [{track, mid, order}]} */
    this.media = new Map();
    this.onAutoplayBlocked = onAutoplayBlocked ?? (() => {});
    this.onPin = onPin ?? (() => {});
    this.onVideoPlaced = onVideoPlaced ?? (() => {});
    this.audioBlocked = false;
    this.speakerId = null;
    this.pinnedKey = null;
    this.mode = 'sfu';
    this.sinkId = '';
    this.layoutQueued = false;
    this.resizeObserver = new ResizeObserver(() => this.scheduleLayout());
    this.resizeObserver.observe(this.el);
  }

  // ---- tiles ---------------------------------------------------------------------------------

  makeTile(key, { kind, participantId = null, testid, mirrored = false }) {
    const video = h('video', { autoplay: true, playsinline: true });
    video.muted = kind !== 'remote' || this.audioBlocked;
    const avatar = h('span', { class: 'avatar' });
    const name = h('span', { class: 'tile-name' });
    const quality = h('span', { class: 'quality', dataset: { testid: 'quality' }, role: 'img' });
    const top = h('div', { class: 'tile-top' }, quality);
    let pin = null;
    if (kind === 'remote' || kind === 'screen') {
      pin = h('button', {
        type: 'button', class: 'tile-pin', dataset: { testid: 'pin' }, 'aria-pressed': 'false',
        onclick: () => this.setPinned(this.pinnedKey === key ? null : key, true),
      }, 'Pin');
      top.append(pin);
    }
    const label = h('figcaption', { class: 'tile-label' }, icon(ICONS.mic, 'icon tile-mic'), name);
    const el = h('figure', {
      class: `tile tile-${kind === 'local' ? 'local' : kind === 'screen' || kind === 'local-screen' ? 'screen' : 'remote'} no-layout`,
      dataset: { testid: testid, ...(participantId && kind === 'remote' ? { participantId } : {}) },
    }, video, h('div', { class: 'tile-placeholder', 'aria-hidden': 'true' }, avatar), top,
    h('div', { class: 'tile-status', 'aria-hidden': 'true' }, 'Reconnecting…'), label);
    if (mirrored) el.classList.add('mirrored');
    // srcObject stays null until there is a track: a media element holding an empty stream delays the
    // page's load event until it gets a frame, possibly forever (a participant whose video never comes)
    const tile = { key, kind, participantId, el, video, avatar, name, quality, pin, label, stream: new MediaStream(), watched: new WeakSet(), displayName: '' };
    if (this.sinkId && kind === 'remote') this.applySink(tile);
    this.tiles.set(key, tile);
    this.el.append(el);
    this.scheduleLayout();
    return tile;
  }

  /** Our own camera preview tile (created once). */
  setLocal(stream, displayName) {
    let tile = this.tiles.get(LOCAL);
    if (!tile) {
      tile = this.makeTile(LOCAL, { kind: 'local', testid: 'local-video-tile' });
      tile.el.id = 'local-tile';
      tile.video.id = 'local-video';
      tile.video.dataset.testid = 'local-video';
      tile.video.setAttribute('aria-label', 'Your camera preview');
      tile.quality.dataset.testid = 'local-quality';
    }
    tile.displayName = displayName || 'You';
    tile.name.replaceChildren(tile.displayName, ' ', h('span', { class: 'you-tag' }, '(you)'));
    paintAvatar(tile.avatar, tile.displayName, 'local');
    this.setLocalVideo(stream);
    return tile;
  }

  /** Shows the current camera of `stream` (or the avatar when there is none). */
  setLocalVideo(stream) {
    const tile = this.tiles.get(LOCAL);
    if (!tile) return;
    const cam = stream?.getVideoTracks().find((t) => t.readyState === 'live') ?? null;
    const now = tile.stream.getVideoTracks()[0] ?? null;
    if (now !== cam) {
      // only on a real change: re-attaching the same track makes the preview blink
      if (now) tile.stream.removeTrack(now);
      if (cam) tile.stream.addTrack(cam);
      tile.video.srcObject = cam ? tile.stream : null;
      if (cam) tile.video.play().catch(() => {});
    }
    tile.el.classList.toggle('has-video', !!cam && cam.enabled);
  }

  setLocalState({ audio }) {
    const tile = this.tiles.get(LOCAL);
    if (tile) tile.el.dataset.audio = String(!!audio);
  }

  /** Our own screen share as a (not featured) tile, or none. */
  setLocalScreen(track) {
    let tile = this.tiles.get(LOCAL_SCREEN);
    if (!track) {
      if (tile) this.removeTileByKey(LOCAL_SCREEN);
      return;
    }
    if (!tile) {
      tile = this.makeTile(LOCAL_SCREEN, { kind: 'local-screen', testid: 'screen-tile' });
      tile.el.dataset.screenOf = LOCAL;
      tile.name.textContent = 'Your screen';
      tile.video.setAttribute('aria-label', 'Your shared screen');
      paintAvatar(tile.avatar, 'Screen', LOCAL);
    }
    tile.stream.getTracks().forEach((t) => tile.stream.removeTrack(t));
    tile.stream.addTrack(track);
    tile.video.srcObject = tile.stream;
    tile.video.play().catch(() => {});
    tile.el.classList.add('has-video');
  }

  ensureTile(participantId, name) {
    let tile = this.tiles.get(participantId);
    if (!tile) {
      tile = this.makeTile(participantId, { kind: 'remote', participantId, testid: 'remote-video' });
      this.media.set(participantId, this.media.get(participantId) ?? { audio: new Set(), videos: [] });
    }
    if (name !== undefined) this.setName(participantId, name);
    return tile;
  }

  setName(participantId, name) {
    const tile = this.tiles.get(participantId);
    if (!tile) return;
    tile.displayName = name || 'Guest';
    tile.name.textContent = tile.displayName;
    paintAvatar(tile.avatar, tile.displayName, participantId);
    tile.video.setAttribute('aria-label', `Video of ${tile.displayName}`);
    tile.el.setAttribute('aria-label', tile.displayName);
    const screen = this.tiles.get(screenKey(participantId));
    if (screen) this.nameScreen(screen, tile.displayName);
    this.updatePinButtons();
  }

  nameScreen(tile, ownerName) {
    tile.displayName = `${ownerName}'s screen`;
    tile.name.textContent = tile.displayName;
    tile.video.setAttribute('aria-label', `Screen shared by ${ownerName}`);
    tile.el.setAttribute('aria-label', tile.displayName);
  }

  /** The participant's published state: {audio, video, screen, connection} (any subset). */
  setState(participantId, state) {
    const tile = this.tiles.get(participantId);
    if (!tile) return;
    for (const k of ['audio', 'video', 'screen']) if (typeof state[k] === 'boolean') tile.el.dataset[k] = String(state[k]);
    if (state.connection) tile.el.dataset.connection = state.connection;
    this.updateVideoState(tile);
  }

  /** Quality badge of a tile: `score` 0–100 and its level, or null to hide it. */
  setQuality(key, score, level) {
    const tile = this.tiles.get(key);
    if (!tile) return;
    if (score == null) {
      tile.quality.textContent = '';
      delete tile.quality.dataset.level;
      return;
    }
    tile.quality.textContent = String(score);
    tile.quality.dataset.level = level;
    tile.quality.setAttribute('aria-label', `Connection quality ${score} of 100 (${level})`);
    tile.quality.title = `Connection quality: ${score}/100`;
  }

  // ---- tracks --------------------------------------------------------------------------------

  /** A received track; `order` sorts one participant's videos (publishing order). */
  addTrack(participantId, track, { name, mid = null, order = 0 } = {}) {
    this.ensureTile(participantId, name);
    const m = this.media.get(participantId);
    if (track.kind === 'audio') m.audio.add(track);
    else if (!m.videos.some((v) => v.track === track)) m.videos.push({ track, mid, order });
    this.place(participantId);
  }

  removeTrack(participantId, track) {
    const m = this.media.get(participantId);
    if (!m) return;
    m.audio.delete(track);
    m.videos = m.videos.filter((v) => v.track !== track);
    // the MCU composite is not a person: its tile goes with its last track (back to SFU mode)
    if (participantId === 'mcu' && m.audio.size === 0 && m.videos.length === 0) {
      this.removeTile(participantId);
      return;
    }
    this.place(participantId);
  }

  /** Puts a participant's tracks where they belong: camera + audio in their tile, a screen in its own. */
  place(participantId) {
    const tile = this.tiles.get(participantId);
    const m = this.media.get(participantId);
    if (!tile || !m) return;
    const { camera, screen } = splitVideos(m.videos);
    const want = [...m.audio, ...(camera ? [camera.track] : [])];
    this.setTracks(tile, want);
    if (camera) this.onVideoPlaced(camera.mid, tile.el);

    const key = screenKey(participantId);
    let st = this.tiles.get(key);
    if (screen) {
      if (!st) {
        st = this.makeTile(key, { kind: 'screen', participantId, testid: 'screen-tile' });
        st.el.dataset.screenOf = participantId;
        paintAvatar(st.avatar, tile.displayName, participantId);
        this.nameScreen(st, tile.displayName);
      }
      this.setTracks(st, [screen.track]);
      this.onVideoPlaced(screen.mid, st.el);
    } else if (st) {
      this.removeTileByKey(key);
    }
    this.scheduleLayout();
  }

  setTracks(tile, tracks) {
    const now = tile.stream.getTracks();
    if (now.length === tracks.length && now.every((t) => tracks.includes(t))) {
      this.updateVideoState(tile);
      return;
    }
    for (const t of now) if (!tracks.includes(t)) tile.stream.removeTrack(t);
    for (const t of tracks) {
      if (!now.includes(t)) tile.stream.addTrack(t);
      if (!tile.watched.has(t)) {
        tile.watched.add(t);
        // remote video is muted until frames arrive (and when they stop): show the avatar meanwhile
        const update = () => this.updateVideoState(tile);
        t.addEventListener('mute', update);
        t.addEventListener('unmute', update);
      }
    }
    tile.el.dataset.tracks = tile.stream.getTracks().map((t) => t.kind).join(',');
    this.updateVideoState(tile);
    // re-attach so the element picks up added/removed tracks reliably
    tile.video.srcObject = tile.stream.getTracks().length ? tile.stream : null;
    this.play(tile);
  }

  updateVideoState(tile) {
    const live = tile.stream.getVideoTracks().some((t) => t.readyState === 'live' && !t.muted);
    // the sender says its camera is off: show the avatar at once, not after the last frame froze
    const off = tile.kind === 'remote' && tile.el.dataset.video === 'false' && tile.participantId !== 'mcu';
    tile.el.classList.toggle('has-video', live && !off);
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
      if (tile.kind !== 'remote') continue;
      tile.video.muted = false;
      this.play(tile);
    }
  }

  /** Plays remote sound on the chosen output device (where the browser supports choosing). */
  async setSinkId(deviceId) {
    this.sinkId = deviceId || '';
    await Promise.all([...this.tiles.values()].filter((t) => t.kind === 'remote').map((t) => this.applySink(t)));
  }

  async applySink(tile) {
    if (typeof tile.video.setSinkId !== 'function') return;
    try {
      await tile.video.setSinkId(this.sinkId);
    } catch (e) {
      console.warn('chorus: could not switch the speaker', e);
    }
  }

  // ---- speaker, pin, mode -----------------------------------------------------------------------

  /** The loudest participant (from the server), `'local'` for us, or null. */
  setActiveSpeaker(participantId) {
    this.speakerId = participantId ?? null;
    for (const [key, tile] of this.tiles) {
      const on = tile.kind !== 'screen' && tile.kind !== 'local-screen' && key === this.speakerId;
      tile.el.classList.toggle('active-speaker', on);
      if (on) tile.el.dataset.activeSpeaker = 'true';
      else delete tile.el.dataset.activeSpeaker;
    }
  }

  /**
   * Pins a tile (a participant's camera or screen) or none. `byUser` tells the server (through onPin) whose
   * video to favour; pinning from the server side (restore) passes false.
   */
  setPinned(key, byUser = false) {
    const k = key && this.tiles.has(key) ? key : null;
    if (k === this.pinnedKey) return;
    this.pinnedKey = k;
    for (const [tk, tile] of this.tiles) tile.el.classList.toggle('pinned', tk === k);
    this.updatePinButtons();
    this.scheduleLayout();
    if (byUser) this.onPin(k ? this.tiles.get(k).participantId : null);
  }

  get pinnedParticipant() {
    return this.pinnedKey ? this.tiles.get(this.pinnedKey)?.participantId ?? null : null;
  }

  updatePinButtons() {
    for (const [key, tile] of this.tiles) {
      if (!tile.pin) continue;
      const pinned = this.pinnedKey === key;
      tile.pin.setAttribute('aria-pressed', String(pinned));
      tile.pin.textContent = pinned ? 'Unpin' : 'Pin';
      tile.pin.setAttribute('aria-label', `${pinned ? 'Unpin' : 'Pin'} ${tile.displayName}`);
    }
  }

  setMode(mode) {
    this.mode = mode;
    this.el.classList.toggle('mcu', mode === 'mcu');
    this.scheduleLayout();
  }

  setVoice(voice) {
    this.el.classList.toggle('voice', !!voice);
  }

  // ---- layout --------------------------------------------------------------------------------

  /** What is shown large: a pin, else the newest remote screen share, else the MCU composite. */
  featuredKey() {
    if (this.pinnedKey && this.tiles.has(this.pinnedKey)) return this.pinnedKey;
    const screens = [...this.tiles.values()].filter((t) => t.kind === 'screen');
    if (screens.length) return screens[screens.length - 1].key;
    if (this.mode === 'mcu' && this.tiles.has('mcu')) return 'mcu';
    return null;
  }

  /** Display order: screens, people in join order, then us (and our screen). */
  orderedKeys() {
    const all = [...this.tiles.values()].filter((t) => !(this.mode === 'mcu' && t.kind === 'remote' && t.key !== 'mcu'));
    const rank = { screen: 0, remote: 1, local: 2, 'local-screen': 3 };
    return all.sort((a, b) => rank[a.kind] - rank[b.kind]).map((t) => t.key);
  }

  scheduleLayout() {
    if (this.layoutQueued) return;
    this.layoutQueued = true;
    requestAnimationFrame(() => {
      this.layoutQueued = false;
      this.layout();
    });
  }

  layout() {
    const width = this.el.clientWidth;
    const height = this.el.clientHeight;
    const ids = this.orderedKeys();
    const featured = this.featuredKey();
    const { rects, mode } = computeLayout({ width, height, ids, featured });
    this.el.dataset.layout = mode;
    this.el.dataset.count = String(ids.length);
    for (const [key, tile] of this.tiles) {
      const r = rects.get(key);
      if (!r) continue;
      // a new tile appears in place; only tiles already shown glide to their new place
      const first = tile.el.classList.contains('no-layout');
      if (first) tile.el.style.transition = 'none';
      // a size forced from outside (a user style, a test shrinking a tile) wins over the layout
      if (tile.el.style.getPropertyPriority('width') !== 'important') {
        Object.assign(tile.el.style, { left: `${r.x}px`, top: `${r.y}px`, width: `${r.w}px`, height: `${r.h}px` });
      }
      tile.el.classList.remove('no-layout');
      if (first) requestAnimationFrame(() => requestAnimationFrame(() => { tile.el.style.transition = ''; }));
      tile.el.classList.toggle('featured', key === featured);
      tile.el.classList.toggle('small', r.w < 260);
      tile.el.classList.toggle('tiny', r.w < 130);
    }
  }

  /** People in the room including us (screen tiles and the MCU composite do not count). */
  get peopleCount() {
    return [...this.tiles.values()].filter((t) => (t.kind === 'remote' && t.key !== 'mcu') || t.kind === 'local').length;
  }

  // ---- teardown ------------------------------------------------------------------------------

  removeTileByKey(key) {
    const tile = this.tiles.get(key);
    if (!tile) return;
    this.tiles.delete(key);
    tile.video.srcObject = null;
    tile.el.remove();
    if (this.pinnedKey === key) this.pinnedKey = null; // the server forgets a pin when its target leaves
    this.scheduleLayout();
  }

  removeTile(participantId) {
    this.removeTileByKey(screenKey(participantId));
    this.removeTileByKey(participantId);
    this.media.delete(participantId);
    if (this.speakerId === participantId) this.speakerId = null;
  }

  /** Removes every remote tile (a fresh join rebuilds them); keeps ours. */
  clearRemote() {
    for (const t of [...this.tiles.values()]) if (t.kind === 'remote') this.removeTile(t.key);
    this.setActiveSpeaker(null);
  }

  clear() {
    for (const key of [...this.tiles.keys()]) this.removeTileByKey(key);
    this.media.clear();
    this.pinnedKey = null;
    this.setActiveSpeaker(null);
  }
}
