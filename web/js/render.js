// Reports how large each received video is shown (`render-size`, docs/protocol.md), so the server can
// forward the simulcast layer that fits instead of the largest one.

const DEBOUNCE_MS = 300;
/** The server refuses larger values; no screen needs more. */
const MAX_SIDE = 16384;

/** Device pixels of `el` as shown now: CSS size × devicePixelRatio, rounded; 0x0 when not visible. */
export function renderSize(el, doc = document, win = window) {
  if (!el || !el.isConnected || doc.visibilityState === 'hidden') return [0, 0];
  const r = el.getBoundingClientRect();
  const dpr = win.devicePixelRatio || 1;
  const side = (v) => Math.min(MAX_SIDE, Math.max(0, Math.round(v * dpr)));
  return [side(r.width), side(r.height)];
}

export class RenderSizeReporter {
  /** `send(mid, width, height)` is called on start and whenever a watched size changes. */
  constructor(send) {
    this.send = send;
    /** mid -> {el, last: [w, h] | null} */
    this.entries = new Map();
    this.timer = null;
    this.observer = typeof ResizeObserver === 'function'
      ? new ResizeObserver(() => this.schedule())
      : null;
    this.onVisibility = () => this.schedule();
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('resize', this.onVisibility);
  }

  /** Starts reporting the size of `el` for the receiving transceiver `mid` (sends at once). */
  watch(mid, el) {
    if (mid == null || !el) return;
    const old = this.entries.get(mid);
    if (old?.el === el) return;
    if (old) this.unwatch(mid);
    this.entries.set(mid, { el, last: null });
    this.observer?.observe(el);
    this.report(mid);
  }

  unwatch(mid) {
    const e = this.entries.get(mid);
    if (!e) return;
    this.entries.delete(mid);
    if (![...this.entries.values()].some((x) => x.el === e.el)) this.observer?.unobserve(e.el);
  }

  /** Layout changes come in bursts (joins, resizes): measure once they settle. */
  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      for (const mid of this.entries.keys()) this.report(mid);
    }, DEBOUNCE_MS);
  }

  report(mid) {
    const e = this.entries.get(mid);
    if (!e) return;
    const [w, h] = renderSize(e.el);
    if (e.last && e.last[0] === w && e.last[1] === h) return;
    e.last = [w, h];
    this.send(mid, w, h);
  }

  close() {
    clearTimeout(this.timer);
    this.observer?.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('resize', this.onVisibility);
    this.entries.clear();
  }
}
