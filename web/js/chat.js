// Room chat: the log (in the server's order, by message id), the input, unread count. Chat text and
// sender names are other people's words: they go into the page only as text nodes (h() string children).

import { formatTime, h } from './ui.js';

export const MAX_CHARS = 1000;
/** The log keeps what the server keeps as history and a good deal more; older lines scroll away. */
const MAX_KEPT = 500;

export class Chat extends EventTarget {
  /**
   * send(text) → boolean (false: not connected); isMine(participantId); isOpen(): whether the panel shows.
   * Events: 'unread' {count}.
   */
  constructor({ log, empty, form, input, button, hint }, { send, isMine, isOpen }) {
    super();
    this.log = log;
    this.empty = empty;
    this.input = input;
    this.button = button;
    this.hint = hint;
    this.send = send;
    this.isMine = isMine;
    this.isOpen = isOpen;
    /** message id -> message, and the ids in order */
    this.messages = new Map();
    this.order = [];
    this.unread = 0;
    this.enabled = true;
    form.addEventListener('submit', (ev) => { ev.preventDefault(); this.submit(); });
    input.addEventListener('keydown', (ev) => {
      // Enter sends, Shift+Enter makes a new line (IME composition keeps its Enter)
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        this.submit();
      }
    });
    input.addEventListener('input', () => this.onInput());
    this.onInput();
  }

  onInput() {
    const len = this.input.value.length;
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 120)}px`;
    if (len > MAX_CHARS - 100) this.setHint(`${len} / ${MAX_CHARS}`, len > MAX_CHARS ? 'error' : 'info');
    else if (this.hint.dataset.kind !== 'error') this.setHint('');
    this.button.disabled = !this.enabled || this.input.value.trim() === '';
  }

  setHint(text, kind = 'info') {
    this.hint.textContent = text;
    this.hint.dataset.kind = text ? kind : '';
  }

  setEnabled(on) {
    this.enabled = on;
    this.input.placeholder = on ? 'Message everyone' : 'Reconnecting…';
    this.onInput();
  }

  submit() {
    const text = this.input.value.trim();
    if (!text || !this.enabled) return;
    if (text.length > MAX_CHARS) {
      this.setHint(`Messages can be at most ${MAX_CHARS} characters (this one has ${text.length}).`, 'error');
      return;
    }
    if (!this.send(text)) {
      this.setHint('Not connected: the message was not sent.', 'error');
      return;
    }
    this.input.value = '';
    this.setHint('');
    this.onInput();
  }

  /** The server refused a message (`error` with requestType chat). */
  onError(code) {
    const text = code === 'rate-limited' ? 'You are sending messages too fast. Wait a moment.'
      : code === 'message-too-long' ? `Messages can be at most ${MAX_CHARS} characters.`
        : code === 'unknown-type' ? 'This server does not support chat.'
          : 'The message could not be sent.';
    this.setHint(text, 'error');
  }

  /** Adds messages (a `chat` message, or the history in joined/resumed); duplicates by id are ignored. */
  add(list, { history = false } = {}) {
    let added = 0;
    for (const m of list) {
      if (!m || typeof m.text !== 'string' || m.id == null || this.messages.has(m.id)) continue;
      this.messages.set(m.id, m);
      this.insert(m);
      added++;
      if (!history && !this.isMine(m.participantId) && !this.isOpen()) this.setUnread(this.unread + 1);
    }
    while (this.order.length > MAX_KEPT) this.messages.delete(this.order.shift());
    if (added) this.renderAll();
  }

  /** Keeps `order` sorted by id: everyone sees the server's one order even if history and live messages cross. */
  insert(m) {
    let i = this.order.length;
    while (i > 0 && Number(this.order[i - 1]) > Number(m.id)) i--;
    this.order.splice(i, 0, m.id);
  }

  renderAll() {
    const nearBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
    const items = [];
    let prev = null;
    for (const id of this.order) {
      const m = this.messages.get(id);
      const newSender = !prev || prev.participantId !== m.participantId || m.ts - prev.ts > 5 * 60_000;
      items.push(this.item(m, newSender));
      prev = m;
    }
    this.log.replaceChildren(...items);
    this.empty.hidden = items.length > 0;
    if (nearBottom || this.isMine(prev?.participantId)) this.log.scrollTop = this.log.scrollHeight;
  }

  item(m, newSender) {
    const mine = this.isMine(m.participantId);
    const ts = Number(m.ts);
    const time = h('time', { class: 'chat-time', datetime: Number.isFinite(ts) ? new Date(ts).toISOString() : null }, formatTime(ts));
    return h('li', {
      class: `chat-msg${mine ? ' mine' : ''}${newSender ? ' new-sender' : ''}`,
      dataset: { testid: 'chat-message', id: String(m.id), participantId: String(m.participantId ?? '') },
    },
    h('div', { class: 'chat-head' }, h('span', { class: 'chat-sender', dataset: { testid: 'chat-sender' } }, mine ? 'You' : (m.name || 'Guest')), time),
    h('p', { class: 'chat-text', dataset: { testid: 'chat-text' } }, m.text));
  }

  setUnread(n) {
    this.unread = n;
    this.dispatchEvent(new CustomEvent('unread', { detail: { count: n } }));
  }

  /** The panel opened: everything is read. */
  markRead() {
    this.setUnread(0);
    this.log.scrollTop = this.log.scrollHeight;
  }

  clear() {
    this.messages.clear();
    this.order = [];
    this.log.replaceChildren();
    this.empty.hidden = false;
    this.setUnread(0);
  }

  /** For automation: the messages in display order. */
  list() {
    return this.order.map((id) => ({ ...this.messages.get(id) }));
  }
}
