// The call screen: control bar, side panel (people, chat, stats), settings dialog, shortcuts, the
// "reconnecting" notice, and the wiring from a RoomSession and its Call to the tiles.

import { RenderSizeReporter } from './render.js';
import { installShortcuts, renderShortcutList } from './shortcuts.js';
import { canChooseSpeaker, deviceIdOf, fillDeviceSelects } from './devices.js';
import { $, showBanner, hideBanner, toast } from './ui.js';

const PANELS = ['people', 'chat', 'stats'];

export class CallView {
  /** ui: {grid, participants, chat, statsPanel}; local: LocalMedia; onLeave(): the Leave button. */
  constructor({ grid, participants, chat, statsPanel, local, onLeave }) {
    this.grid = grid;
    this.participants = participants;
    this.chat = chat;
    this.statsPanel = statsPanel;
    this.local = local;
    this.onLeave = onLeave;
    this.session = null;
    this.panel = null;
    this.sizes = null;
    this.iceTrouble = false;
    this.wirePeople();
    this.wireControls();
    installShortcuts({
      mic: () => this.toggleMic(),
      camera: () => this.toggleCamera(),
      screen: () => this.toggleScreen(),
      chat: () => this.togglePanel('chat'),
      people: () => this.togglePanel('people'),
      stats: () => this.togglePanel('stats'),
      help: () => this.openSettings(),
      close: () => this.closePanel(),
    }, () => this.session?.active === true);
    renderShortcutList($('shortcut-list'));
  }

  // ---- people → tiles, toasts ----------------------------------------------------------------

  wirePeople() {
    const p = this.participants;
    p.addEventListener('joined', ({ detail }) => {
      const x = detail.participant;
      this.grid.ensureTile(x.participantId, x.name);
      this.grid.setState(x.participantId, x);
      if (!detail.known && this.session?.phase === 'joined') toast(`${x.name} joined`);
      this.updateCount();
    });
    p.addEventListener('updated', ({ detail }) => {
      const x = detail.participant;
      if (detail.changed.includes('name')) this.grid.setName(x.participantId, x.name);
      this.grid.setState(x.participantId, x);
      if (detail.changed.includes('connection') && x.connection === 'reconnecting') toast(`${x.name} is reconnecting…`);
    });
    p.addEventListener('left', ({ detail }) => {
      const x = detail.participant;
      this.grid.removeTile(x.participantId);
      if (this.session?.phase === 'joined') toast(`${x.name} left`);
      this.updateCount();
    });
    this.chat.addEventListener('unread', ({ detail }) => {
      $('chat-badge').textContent = detail.count ? String(Math.min(detail.count, 99)) : '';
      $('toggle-chat').setAttribute('aria-label', detail.count ? `Chat, ${detail.count} unread (C)` : 'Chat (C)');
    });
  }

  updateCount() {
    const n = this.participants.size;
    $('participant-count').textContent = `${n} in room`;
    $('people-badge').textContent = String(n);
  }

  // ---- a session -------------------------------------------------------------------------------

  attach(session) {
    this.detach();
    this.session = session;
    const on = (type, fn) => session.addEventListener(type, fn);
    on('call', ({ detail }) => this.wireCall(detail.call));
    on('phase', () => this.showRecovery());
    on('local', () => this.updateLocal());
    on('mode', ({ detail }) => this.showMode(detail.mode));
    on('call-media', ({ detail }) => {
      this.showCallMedia();
      const who = detail.by === session.participantId ? 'You' : this.participants.nameOf(detail.by) || 'Someone';
      toast(`${who} switched to a ${detail.media} call`);
    });
    on('error', ({ detail }) => showBanner(detail.message));
    on('sample', ({ detail }) => this.onSample(detail.sample));
    on('ended', () => this.detach());
    this.grid.setLocal(this.local.stream, session.name);
    this.participants.setSelf({ participantId: null, name: session.name, ...this.local.mediaState(false), connection: 'connected' });
    this.updateLocal();
    this.showCallMedia();
    this.updateCount();
    this.statsPanel.clear();
    $('toggle-screen').hidden = !navigator.mediaDevices?.getDisplayMedia;
  }

  detach() {
    this.sizes?.close();
    this.sizes = null;
    this.iceTrouble = false;
    this.session = null;
    $('reconnecting').hidden = true;
  }

  wireCall(call) {
    this.sizes?.close();
    const sizes = new RenderSizeReporter((mid, w, h) => call.sendRenderSize(mid, w, h));
    this.sizes = sizes;
    this.grid.onVideoPlaced = (mid, el) => sizes.watch(mid, el);
    call.addEventListener('track', ({ detail }) => {
      const name = detail.participantId === 'mcu' ? 'Everyone' : this.participants.nameOf(detail.participantId) || call.nameOf(detail.participantId) || undefined;
      this.grid.addTrack(detail.participantId, detail.track, { name, mid: detail.mid, order: detail.order });
      const st = this.participants.get(detail.participantId);
      if (st) this.grid.setState(detail.participantId, st);
    });
    call.addEventListener('track-removed', ({ detail }) => {
      if (detail.mid != null) sizes.unwatch(detail.mid);
      this.grid.removeTrack(detail.participantId, detail.track);
    });
    call.addEventListener('active-speaker', ({ detail }) => {
      this.grid.setActiveSpeaker(detail.participantId === call.participantId ? 'local' : detail.participantId);
    });
    call.addEventListener('ice-state', ({ detail }) => {
      this.iceTrouble = detail.restarting || detail.state === 'disconnected' || detail.state === 'failed';
      this.showRecovery();
    });
    call.addEventListener('error', ({ detail }) => showBanner(detail.message));
  }

  onSample(s) {
    this.statsPanel.update(s, this.session?.metrics?.history ?? []);
    this.grid.setQuality('local', s.local.score, s.local.level);
    for (const [pid, q] of s.participants) {
      this.grid.setQuality(pid, q.score, q.level);
      this.participants.setQuality(pid, q);
    }
  }

  /** "Reconnecting…" while the socket is down or the media path is being restored. */
  showRecovery() {
    const phase = this.session?.phase;
    const sig = phase === 'reconnecting' || (phase === 'joining' && this.session?.rejoins > 0);
    const show = sig || (this.iceTrouble && phase === 'joined');
    const box = $('reconnecting');
    box.hidden = !show;
    box.dataset.reason = sig ? 'signaling' : show ? 'media' : '';
    $('reconnecting-text').textContent = sig ? 'Connection lost. Reconnecting…' : 'Media interrupted. Reconnecting…';
    document.body.dataset.connection = show ? 'reconnecting' : 'connected';
    if (!show && this.wasRecovering) toast('Reconnected');
    this.wasRecovering = show;
  }

  showMode(mode) {
    const badge = $('room-mode');
    badge.textContent = mode ? mode.toUpperCase() : '';
    badge.title = mode === 'mcu' ? 'MCU: the server sends one composite stream'
      : mode === 'sfu' ? 'SFU: the server forwards each stream' : '';
    this.grid.setMode(mode);
  }

  // ---- controls ------------------------------------------------------------------------------------

  wireControls() {
    $('toggle-mic').addEventListener('click', () => this.toggleMic());
    $('toggle-cam').addEventListener('click', () => this.toggleCamera());
    $('toggle-screen').addEventListener('click', () => this.toggleScreen());
    $('toggle-call-media').addEventListener('click', () => {
      const s = this.session;
      if (s) s.requestCallMedia(s.callMedia === 'voice' ? 'video' : 'voice');
    });
    for (const name of PANELS) {
      $(`toggle-${name}`).addEventListener('click', () => this.togglePanel(name));
      $(`tab-${name}`).addEventListener('click', () => this.openPanel(name));
    }
    $('panel-close').addEventListener('click', () => this.closePanel());
    $('open-settings').addEventListener('click', () => this.openSettings());
    $('leave').addEventListener('click', () => this.onLeave());
    $('audio-unlock-button').addEventListener('click', () => {
      this.grid.unlockAudio();
      $('audio-unlock').hidden = true;
    });
    const selects = { camera: $('camera-select-call'), mic: $('mic-select-call'), speaker: $('speaker-select-call') };
    selects.camera.addEventListener('change', () => this.local.useInput('video', selects.camera.value).then((ok) => this.deviceResult(ok, 'video')));
    selects.mic.addEventListener('change', () => this.local.useInput('audio', selects.mic.value).then((ok) => this.deviceResult(ok, 'audio')));
    selects.speaker.addEventListener('change', () => {
      this.local.useOutput(selects.speaker.value);
      this.grid.setSinkId(selects.speaker.value);
    });
    this.local.addEventListener('change', () => { if (this.session) this.updateLocal(); });
  }

  deviceResult(ok, kind) {
    if (!ok) showBanner(this.local.problems[kind] ?? 'That device could not be used.');
    this.updateLocal();
  }

  async toggleMic() {
    if (!this.session) return;
    const on = await this.session.setMic(!(this.local.micOn && this.local.audioTrack));
    if (!on && !this.local.audioTrack && this.local.problems.audio) showBanner(this.local.problems.audio);
  }

  async toggleCamera() {
    if (!this.session) return;
    // in a voice call the camera button asks to make it a video call, for everyone (like the toggle)
    if (this.session.callMedia === 'voice') {
      this.session.requestCallMedia('video');
      return;
    }
    const btn = $('toggle-cam');
    btn.disabled = true;
    try {
      const on = await this.session.setCamera(!(this.local.camOn && this.local.videoTrack));
      if (!on && this.local.problems.video) showBanner(this.local.problems.video);
    } finally {
      btn.disabled = false;
    }
  }

  async toggleScreen() {
    if (!this.session) return;
    try {
      const sharing = await this.session.toggleScreen();
      if (sharing) toast('You are sharing your screen');
    } catch (e) {
      // closing the picker is a choice, not an error
      if (e?.name !== 'NotAllowedError' && e?.name !== 'AbortError') showBanner(`Could not share the screen: ${e.message ?? e}`);
    }
    this.updateLocal();
  }

  /** Buttons, our tile and the People row follow the local media state. */
  updateLocal() {
    const l = this.local;
    const mic = $('toggle-mic');
    const micOn = !!l.audioTrack && l.micOn;
    setToggle(mic, { on: micOn, available: !!l.audioTrack || !l.problems.audio, key: 'M',
      onLabel: 'Mute microphone', offLabel: l.audioTrack ? 'Unmute microphone' : 'Turn microphone on', onText: 'Mute', offText: 'Unmute' });
    const cam = $('toggle-cam');
    const camOn = !!l.videoTrack && l.camOn;
    const voiceCall = this.session?.callMedia === 'voice';
    setToggle(cam, { on: camOn, available: !!l.videoTrack || !l.problems.video, key: 'V',
      onLabel: 'Turn camera off', offLabel: voiceCall ? 'Switch to a video call' : 'Turn camera on', onText: 'Stop video', offText: 'Start video' });
    const sharing = !!this.session?.screenTrack;
    const scr = $('toggle-screen');
    scr.setAttribute('aria-pressed', String(sharing));
    scr.setAttribute('aria-label', sharing ? 'Stop sharing your screen (S)' : 'Share your screen (S)');
    scr.title = scr.getAttribute('aria-label');
    scr.querySelector('.ctrl-text').textContent = sharing ? 'Stop sharing' : 'Share';
    this.grid.setLocalVideo(l.stream);
    this.grid.setLocalState({ audio: micOn });
    this.participants.setSelf(l.mediaState(sharing));
  }

  showCallMedia() {
    const s = this.session;
    this.updateLocal();
    const btn = $('toggle-call-media');
    btn.hidden = !s?.callInfo;
    const voice = s?.callMedia === 'voice';
    this.grid.setVoice(voice);
    btn.setAttribute('aria-label', voice ? 'Switch to video call' : 'Switch to voice call');
    btn.title = btn.getAttribute('aria-label');
    btn.dataset.media = s?.callMedia ?? '';
    btn.querySelector('.ctrl-text').textContent = voice ? 'Video call' : 'Voice only';
  }

  // ---- side panel ----------------------------------------------------------------------------------

  togglePanel(name) {
    if (this.panel === name) this.closePanel();
    else this.openPanel(name);
  }

  openPanel(name) {
    this.panel = name;
    $('side-panel').hidden = false;
    for (const p of PANELS) {
      const on = p === name;
      $(`panel-${p}`).hidden = !on;
      $(`tab-${p}`).setAttribute('aria-selected', String(on));
      $(`tab-${p}`).tabIndex = on ? 0 : -1;
      $(`toggle-${p}`).setAttribute('aria-pressed', String(on));
    }
    if (name === 'chat') {
      this.chat.markRead();
      // on a phone the keyboard would cover half the screen: focus only where there is room
      if (window.innerWidth > 860) $('chat-input').focus();
    }
    if (name === 'stats') requestAnimationFrame(() => this.statsPanel.redraw());
  }

  closePanel() {
    if (!this.panel) return;
    const was = this.panel;
    this.panel = null;
    $('side-panel').hidden = true;
    for (const p of PANELS) $(`toggle-${p}`).setAttribute('aria-pressed', 'false');
    $(`toggle-${was}`).focus({ preventScroll: true });
  }

  isPanelOpen(name) {
    return this.panel === name;
  }

  async openSettings() {
    const d = $('settings-dialog');
    await fillDeviceSelects({ camera: $('camera-select-call'), mic: $('mic-select-call'), speaker: $('speaker-select-call') },
      this.local.prefs, { video: deviceIdOf(this.local.videoTrack), audio: deviceIdOf(this.local.audioTrack) });
    $('speaker-select-call').closest('.device-fields').querySelector('[for=speaker-select-call]').hidden = !canChooseSpeaker();
    $('speaker-select-call').hidden = !canChooseSpeaker();
    if (!d.open) d.showModal();
  }

  reset() {
    this.closePanel();
    this.grid.clear();
    this.participants.clear();
    this.chat.clear();
    this.statsPanel.clear();
    hideBanner();
    $('audio-unlock').hidden = true;
    $('participant-count').textContent = '';
    this.showMode(null);
  }
}

/** A mute-style toggle: aria-pressed="true" means "off" (muted), `data-state` on|off|unavailable for tests. */
function setToggle(btn, { on, available, key, onLabel, offLabel, onText, offText }) {
  const label = `${on ? onLabel : offLabel} (${key})`;
  btn.setAttribute('aria-pressed', String(!on));
  btn.setAttribute('aria-label', label);
  btn.title = label;
  btn.classList.toggle('off', !on);
  btn.classList.toggle('unavailable', !available);
  btn.dataset.state = on ? 'on' : available ? 'off' : 'unavailable';
  btn.querySelector('.ctrl-text').textContent = on ? onText : offText;
}
