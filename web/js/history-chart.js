// A small line chart on a canvas: a few series over the last minutes, sharp on high-DPI screens, colours
// from the page's CSS variables so it follows the theme.

/**
 * series: [{key, color: '--css-var' | '#hex', dashed?, fill?}]; `max` fixes the y range (else the data's max,
 * rounded up to a tidy number); `windowMs` is the time span shown.
 */
export class HistoryChart {
  constructor(canvas, { series, max = null, windowMs = 5 * 60 * 1000, unit = '' }) {
    this.canvas = canvas;
    this.series = series;
    this.max = max;
    this.windowMs = windowMs;
    this.unit = unit;
  }

  color(c) {
    return c.startsWith('--') ? getComputedStyle(this.canvas).getPropertyValue(c).trim() || '#888' : c;
  }

  /** Draws `points` ([{t, <key>: number|null}], oldest first). */
  draw(points) {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const cssW = c.clientWidth;
    const cssH = c.clientHeight;
    if (!cssW || !cssH) return; // hidden panel: drawn when shown
    if (c.width !== Math.round(cssW * dpr) || c.height !== Math.round(cssH * dpr)) {
      c.width = Math.round(cssW * dpr);
      c.height = Math.round(cssH * dpr);
    }
    const g = c.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, cssW, cssH);
    const pad = { l: 8, r: 8, t: 16, b: 8 };
    const w = cssW - pad.l - pad.r;
    const hgt = cssH - pad.t - pad.b;
    const now = points.length ? points[points.length - 1].t : Date.now();
    // a young call fills the chart from the left: the span grows with the call up to the full window
    const first = points.length ? points[0].t : now;
    const span = Math.max(20_000, Math.min(this.windowMs, now - first));
    const t0 = now - span;
    let max = this.max;
    if (max == null) {
      let m = 0;
      for (const p of points) for (const s of this.series) if (typeof p[s.key] === 'number') m = Math.max(m, p[s.key]);
      max = niceCeil(m || 1);
    }
    const muted = this.color('--fg-muted');
    const border = this.color('--border');

    // grid lines at 0, ½ and the top, labelled with the top value
    g.strokeStyle = border;
    g.lineWidth = 1;
    for (const f of [0, 0.5, 1]) {
      const y = Math.round(pad.t + hgt * (1 - f)) + 0.5;
      g.beginPath();
      g.moveTo(pad.l, y);
      g.lineTo(pad.l + w, y);
      g.stroke();
    }
    g.fillStyle = muted;
    g.font = '600 10px system-ui, sans-serif';
    g.textBaseline = 'top';
    g.fillText(`${formatNumber(max)}${this.unit ? ` ${this.unit}` : ''}`, pad.l + 2, 2);
    g.textAlign = 'right';
    g.fillText(span < 90_000 ? `last ${Math.round(span / 1000)} s` : `last ${Math.round(span / 60000)} min`, pad.l + w, 2);
    g.textAlign = 'left';

    const x = (t) => pad.l + ((t - t0) / span) * w;
    const y = (v) => pad.t + hgt * (1 - Math.min(v, max) / max);
    for (const s of this.series) {
      const col = this.color(s.color);
      g.strokeStyle = col;
      g.lineWidth = 2;
      g.lineJoin = 'round';
      g.setLineDash(s.dashed ? [4, 4] : []);
      g.beginPath();
      let started = false;
      let first = null;
      let last = null;
      for (const p of points) {
        const v = p[s.key];
        if (typeof v !== 'number' || p.t < t0) { started = false; continue; }
        const px = x(p.t);
        const py = y(v);
        if (!started) { g.moveTo(px, py); started = true; } else g.lineTo(px, py);
        first ??= [px, py];
        last = [px, py];
      }
      g.stroke();
      if (s.fill && first && last) {
        g.lineTo(last[0], pad.t + hgt);
        g.lineTo(first[0], pad.t + hgt);
        g.closePath();
        g.globalAlpha = 0.12;
        g.fillStyle = col;
        g.fill();
        g.globalAlpha = 1;
      }
    }
    g.setLineDash([]);
  }
}

/** 1, 2, 5 × 10ⁿ at or above v. */
export function niceCeil(v) {
  const e = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * e >= v) return m * e;
  return 10 * e;
}

function formatNumber(v) {
  return v >= 1000 ? `${(v / 1000).toFixed(v % 1000 === 0 ? 0 : 1)}k` : String(Math.round(v));
}
