// WebSocket signaling client (see docs/protocol.md).

const PING_INTERVAL_MS = 20_000;

export function signalingUrl(loc = window.location) {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/ws`;
}

/**
 * Thin wrapper around the signaling WebSocket: JSON in/out, a keep-alive ping every 20 s,
 * and per-type handlers. Events: on('open'), on('close', {code, reason, wasClean}), on('<type>', msg).
 */
export class Signaling {
  constructor(url = signalingUrl()) {
    this.url = url;
    this.ws = null;
    this.handlers = new Map();
    this.pingTimer = null;
    this.closedByUs = false;
  }

  on(type, handler) {
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(handler);
    return this;
  }

  off(type, handler) {
    const list = this.handlers.get(type);
    if (list) this.handlers.set(type, list.filter((h) => h !== handler));
    return this;
  }

  emit(type, payload) {
    for (const h of this.handlers.get(type) ?? []) {
      try {
        h(payload);
      } catch (e) {
        console.error(`chorus: handler for '${type}' failed`, e);
      }
    }
  }

  /** Opens the socket; resolves when open, rejects if it fails to open. */
  connect() {
    return new Promise((resolve, reject) => {
      let opened = false;
      const ws = new WebSocket(this.url);
      this.ws = ws;
      ws.addEventListener('open', () => {
        opened = true;
        this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_INTERVAL_MS);
        this.emit('open');
        resolve();
      });
      ws.addEventListener('message', (ev) => this.onMessage(ev));
      ws.addEventListener('error', () => {
        if (!opened) reject(new Error(`could not connect to ${this.url}`));
      });
      ws.addEventListener('close', (ev) => {
        clearInterval(this.pingTimer);
        this.pingTimer = null;
        if (!opened) reject(new Error(`could not connect to ${this.url}`));
        this.emit('close', { code: ev.code, reason: ev.reason, wasClean: ev.wasClean, byUs: this.closedByUs });
      });
    });
  }

  onMessage(ev) {
    let msg;
    try {
      msg = JSON.parse(ev.data);
    } catch {
      console.warn('chorus: ignoring non-JSON frame', ev.data);
      return;
    }
    if (!msg || typeof msg.type !== 'string') {
      console.warn('chorus: ignoring frame without type', msg);
      return;
    }
    if (msg.type !== 'pong') console.debug('chorus ←', msg.type, msg);
    this.emit(msg.type, msg);
    this.emit('*', msg);
  }

  get isOpen() {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  send(msg) {
    if (!this.isOpen) {
      console.warn('chorus: socket not open, dropping', msg.type);
      return false;
    }
    if (msg.type !== 'ping') console.debug('chorus →', msg.type);
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  close() {
    this.closedByUs = true;
    clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close(1000, 'bye');
  }
}
