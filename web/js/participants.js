// Who is in the room and their published state (mic, camera, screen, connection): the model behind the
// People panel and the tiles' badges. Rows: [data-testid=participant][data-participant-id] with
// data-audio/-video/-screen/-connection for automation.

import { h, icon, ICONS, paintAvatar } from './ui.js';

const FIELDS = ['audio', 'video', 'screen'];

/** A participant record from a server message, with defaults for fields an older server leaves out. */
export function normalize(p) {
  return {
    participantId: String(p.participantId),
    name: typeof p.name === 'string' && p.name ? p.name : 'Guest',
    audio: typeof p.audio === 'boolean' ? p.audio : null,
    video: typeof p.video === 'boolean' ? p.video : null,
    screen: typeof p.screen === 'boolean' ? p.screen : false,
    connection: p.connection === 'reconnecting' ? 'reconnecting' : 'connected',
  };
}

/**
 * Events: 'joined' {participant, known}, 'updated' {participant, changed: [field…]}, 'left' {participant}.
 * Our own record has participantId 'local' until the server names us, `self: true` always.
 */
export class Participants extends EventTarget {
  constructor(listEl) {
    super();
    this.listEl = listEl;
    this.map = new Map();
    this.self = { participantId: null, name: '', audio: false, video: false, screen: false, connection: 'connected', self: true };
    this.quality = new Map();
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  get size() {
    return this.map.size + 1;
  }

  get(id) {
    return id === this.self.participantId ? this.self : this.map.get(id) ?? null;
  }

  nameOf(id) {
    return this.get(id)?.name ?? '';
  }

  others() {
    return [...this.map.values()];
  }

  setSelf(fields) {
    Object.assign(this.self, fields);
    this.render();
  }

  /**
   * The full list from `joined`/`resumed`: people who are gone leave, new ones join, the rest update.
   * Returns nothing; emits the events.
   */
  reset(list) {
    const incoming = new Map((list ?? []).filter((p) => p?.participantId && p.participantId !== this.self.participantId)
      .map((p) => [String(p.participantId), normalize(p)]));
    for (const id of [...this.map.keys()]) if (!incoming.has(id)) this.remove(id);
    for (const p of incoming.values()) this.upsert(p, { quiet: true });
    this.render();
  }

  /** Adds or updates one participant; `quiet` marks joins that are not news (initial list, resume). */
  upsert(raw, { quiet = false } = {}) {
    const p = normalize(raw);
    if (p.participantId === this.self.participantId) return;
    const old = this.map.get(p.participantId);
    if (!old) {
      this.map.set(p.participantId, p);
      this.emit('joined', { participant: p, known: quiet });
    } else {
      const changed = [];
      for (const k of ['name', ...FIELDS, 'connection']) {
        // an update without a field (older server) keeps what we knew
        if (p[k] !== null && p[k] !== old[k]) {
          old[k] = p[k];
          changed.push(k);
        }
      }
      if (changed.length) this.emit('updated', { participant: old, changed });
    }
    this.render();
  }

  remove(id) {
    const p = this.map.get(id);
    if (!p) return;
    this.map.delete(id);
    this.quality.delete(id);
    this.emit('left', { participant: p });
    this.render();
  }

  clear() {
    for (const id of [...this.map.keys()]) this.remove(id);
  }

  setQuality(id, q) {
    const before = this.quality.get(id);
    this.quality.set(id, q);
    if (before?.level !== q?.level) this.render();
  }

  // ---- the People panel ----------------------------------------------------------------------

  render() {
    if (!this.listEl) return;
    const rows = [this.row(this.self), ...this.others().map((p) => this.row(p))];
    this.listEl.replaceChildren(...rows);
  }

  row(p) {
    const avatar = h('span', { class: 'avatar avatar-small', 'aria-hidden': 'true' });
    paintAvatar(avatar, p.name || 'You', p.self ? 'local' : p.participantId);
    const name = h('span', { class: 'participant-name' }, p.name || 'You', p.self ? h('span', { class: 'you-tag' }, ' (you)') : null);
    const sub = p.connection === 'reconnecting' ? 'Reconnecting…' : p.screen ? 'Presenting' : '';
    const stateIcon = (kind, on, label) => {
      const el = icon(ICONS[kind], `icon state-icon${on === false ? ' off' : ''}`);
      return h('span', { class: `state-icon-wrap`, title: label, role: 'img', 'aria-label': label }, el);
    };
    const icons = h('span', { class: 'participant-icons' },
      stateIcon('mic', p.audio, p.audio === false ? 'Microphone off' : p.audio ? 'Microphone on' : 'Microphone unknown'),
      stateIcon('cam', p.video, p.video === false ? 'Camera off' : p.video ? 'Camera on' : 'Camera unknown'));
    if (p.screen) icons.append(h('span', { title: 'Sharing the screen', role: 'img', 'aria-label': 'Sharing the screen' }, icon(ICONS.screen, 'icon state-icon screen')));
    const q = p.self ? null : this.quality.get(p.participantId);
    if (q) icons.append(h('span', { class: 'quality', dataset: { level: q.level }, title: `Connection quality ${q.score}/100`, role: 'img', 'aria-label': `Connection quality ${q.score} of 100` }, String(q.score)));
    return h('li', {
      class: 'participant',
      dataset: {
        testid: 'participant', participantId: p.self ? (p.participantId ?? 'local') : p.participantId,
        self: String(!!p.self), audio: String(p.audio), video: String(p.video), screen: String(!!p.screen), connection: p.connection,
      },
    }, avatar, h('span', { class: 'participant-main' }, name, sub ? h('span', { class: 'participant-sub' }, sub) : null), icons);
  }
}
