// WebSocket signaling client (see docs/protocol.md), with automatic reconnection.

const PING_INTERVAL_MS = 15_000;
/** No frame at all (not even `pong`) for this long after a ping: the socket is dead even if TCP has not noticed. */
const LIVENESS_TIMEOUT_MS = 10_000;
/** Reconnect delays: quick first tries (a blip), then backing off to 8 s; ±20 % jitter spreads a crowd out. */
const BACKOFF_MS = [300, 1000, 2000, 4000, 8000];

export function signalingUrl(loc = window.location) {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/ws`;
}

/**
 * JSON in/out over one WebSocket, per-type handlers that survive reconnections, and a keep-alive ping.
 *
 * Events (on(type, fn)): every server message by its `type`; '*' for all of them; and
 *   'open'          the first connection is up
 *   'disconnected'  {code, reason} the socket dropped without us closing it; reconnection is under way
 *   'reconnected'   a new socket is up after a drop: the room and lobby layers resume their state on it
 *   'close'         {code, reason, wasClean, byUs} any socket closed (also each drop)
 *
 * Handlers registered once keep working on every later socket, so callers never re-register.
 */
export class Signaling {
  constructor(url = signalingUrl()) {
    this.url = url;
    this.ws = null;
    this.handlers = new Map();
    this.pingTimer = null;
    this.livenessTimer = null;
    this.reconnectTimer = null;
    this.closedByUs = false;
    this.everOpened = false;
    /** true between a drop and the next successful open */
    this.reconnecting = false;
    this.attempt = 0;
    this.connecting = null;
    this.reconnects = 0;
    /** tests: no reconnection before this time (performance.now()), to observe the disconnected state */
    this.holdUntil = 0;
    this.onOnline = () => { if (this.reconnecting) this.reconnectNow(); };
    window.addEventListener('online', this.onOnline);
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
    for (const h of [...(this.handlers.get(type) ?? [])]) {
      try {
        h(payload);
      } catch (e) {
        console.error(`chorus: handler for '${type}' failed`, e);
      }
    }
  }

  /** Opens the socket (once; later calls share the result). Resolves when open, rejects if the first try fails. */
  connect() {
    if (this.isOpen) return Promise.resolve();
    if (!this.connecting) {
      this.closedByUs = false;
      this.connecting = this.open().finally(() => { this.connecting = null; });
    }
    return this.connecting;
  }

  open() {
    return new Promise((resolve, reject) => {
      let opened = false;
      const ws = new WebSocket(this.url);
      this.ws = ws;
      ws.addEventListener('open', () => {
        if (this.ws !== ws) return;
        opened = true;
        this.attempt = 0;
        this.startKeepAlive();
        const wasReconnecting = this.reconnecting;
        this.reconnecting = false;
        if (!this.everOpened) {
          this.everOpened = true;
          this.emit('open');
        } else if (wasReconnecting) {
          this.reconnects++;
          this.emit('reconnected');
        }
        resolve();
      });
      ws.addEventListener('message', (ev) => { if (this.ws === ws) this.onMessage(ev); });
      ws.addEventListener('close', (ev) => {
        if (!opened) reject(new Error(`could not connect to ${this.url}`));
        if (this.ws !== ws) return;
        this.stopKeepAlive();
        this.emit('close', { code: ev.code, reason: ev.reason, wasClean: ev.wasClean, byUs: this.closedByUs });
        if (!this.closedByUs && this.everOpened) this.scheduleReconnect(ev);
      });
    });
  }

  scheduleReconnect(ev) {
    if (!this.reconnecting) {
      this.reconnecting = true;
      this.emit('disconnected', { code: ev?.code ?? 0, reason: ev?.reason ?? '' });
    }
    clearTimeout(this.reconnectTimer);
    const base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt++;
    this.reconnectTimer = setTimeout(() => this.tryReconnect(), delay);
  }

  reconnectNow() {
    clearTimeout(this.reconnectTimer);
    this.tryReconnect();
  }

  tryReconnect() {
    if (this.closedByUs || this.isOpen || this.connecting) return;
    const wait = this.holdUntil - performance.now();
    if (wait > 0) {
      this.reconnectTimer = setTimeout(() => this.tryReconnect(), wait);
      return;
    }
    this.connecting = this.open().catch(() => { /* its close handler schedules the next try */ })
      .finally(() => { this.connecting = null; });
  }

  startKeepAlive() {
    this.stopKeepAlive();
    this.pingTimer = setInterval(() => {
      this.send({ type: 'ping' });
      // any frame before the deadline proves the socket alive (see onMessage)
      if (!this.livenessTimer) this.livenessTimer = setTimeout(() => this.dropDead(), LIVENESS_TIMEOUT_MS);
    }, PING_INTERVAL_MS);
  }

  stopKeepAlive() {
    clearInterval(this.pingTimer);
    clearTimeout(this.livenessTimer);
    this.pingTimer = null;
    this.livenessTimer = null;
  }

  /** A socket that stopped answering: close it ourselves and reconnect (the server keeps our seat for a while). */
  dropDead() {
    this.livenessTimer = null;
    console.warn('chorus: signaling socket stopped answering, reconnecting');
    this.simulateDrop(4000, 'no answer to ping');
  }

  /**
   * Closes the current socket as if the network had dropped it: the reconnect logic takes over (not before
   * `holdMs`, for tests that need to see the disconnected state or outlast the server's grace period).
   */
  simulateDrop(code = 4001, reason = 'dropped', holdMs = 0) {
    this.holdUntil = performance.now() + holdMs;
    const ws = this.ws;
    if (!ws || ws.readyState > WebSocket.OPEN) return;
    this.ws = null;
    this.stopKeepAlive();
    try { ws.close(code, reason); } catch { /* already closing */ }
    this.emit('close', { code, reason, wasClean: false, byUs: false });
    this.scheduleReconnect({ code, reason });
  }

  onMessage(ev) {
    clearTimeout(this.livenessTimer);
    this.livenessTimer = null;
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
      if (msg.type !== 'ping') console.warn('chorus: socket not open, dropping', msg.type);
      return false;
    }
    if (msg.type !== 'ping' && msg.type !== 'client-stats') console.debug('chorus →', msg.type);
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  /** Closes for good: no reconnection. */
  close() {
    this.closedByUs = true;
    this.reconnecting = false;
    clearTimeout(this.reconnectTimer);
    this.stopKeepAlive();
    window.removeEventListener('online', this.onOnline);
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close(1000, 'bye');
  }
}
