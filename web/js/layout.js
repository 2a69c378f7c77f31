// Where each tile goes: a pure function of the stage size, the tiles and which one (if any) is featured.
//
// Grid: every tile the same size, as large as possible. Tiles keep an aspect ratio between `minAspect` and
// `maxAspect` (video is cropped to fill them), rows are centred, the last row too.
// Stage: the featured tile (a screen share, a pin, the MCU composite) takes the main area and the others
// line up in a strip: on the right when the stage is wide, below it when it is tall (a phone).

const GAP = 12;

/** Columns and tile size that make `n` equal tiles as large as possible in w×h. */
export function bestGrid(n, w, h, { gap = GAP, minAspect = 4 / 3, maxAspect = 16 / 9 } = {}) {
  let best = null;
  for (let cols = 1; cols <= Math.max(1, n); cols++) {
    const rows = Math.ceil(n / cols);
    const cw = (w - gap * (cols - 1)) / cols;
    const ch = (h - gap * (rows - 1)) / rows;
    if (cw <= 0 || ch <= 0) continue;
    let tw = cw;
    let th = ch;
    if (tw / th > maxAspect) tw = th * maxAspect; // the cell is too wide: narrower tile
    if (tw / th < minAspect) th = tw / minAspect; // the cell is too tall: lower tile
    const area = tw * th;
    if (!best || area > best.area + 1) best = { cols, rows, w: tw, h: th, area };
  }
  return best ?? { cols: 1, rows: 1, w: 0, h: 0, area: 0 };
}

/** Rects for `ids` laid out as a centred grid inside (x0, y0, w, h). */
function gridRects(ids, x0, y0, w, h, opts) {
  const rects = new Map();
  const n = ids.length;
  if (n === 0) return rects;
  const g = bestGrid(n, w, h, opts);
  const gap = opts.gap ?? GAP;
  const totalH = g.rows * g.h + (g.rows - 1) * gap;
  let y = y0 + (h - totalH) / 2;
  for (let r = 0; r < g.rows; r++) {
    const row = ids.slice(r * g.cols, (r + 1) * g.cols);
    const rowW = row.length * g.w + (row.length - 1) * gap;
    let x = x0 + (w - rowW) / 2;
    for (const id of row) {
      rects.set(id, { x, y, w: g.w, h: g.h });
      x += g.w + gap;
    }
    y += g.h + gap;
  }
  return rects;
}

/**
 * {rects: Map<id, {x, y, w, h}>, mode: 'grid' | 'stage', strip: 'right' | 'bottom' | null}, whole pixels.
 * `ids` in display order; `featured` one of them or null.
 */
export function computeLayout({ width, height, ids, featured = null, gap = GAP }) {
  const portrait = height > width * 1.1;
  // phones in portrait get tall tiles rather than letterboxed strips of video
  const opts = { gap, minAspect: portrait ? 9 / 16 : 4 / 3, maxAspect: 16 / 9 };
  let rects;
  let mode = 'grid';
  let strip = null;
  const others = ids.filter((id) => id !== featured);
  if (!featured || !ids.includes(featured) || width <= 0 || height <= 0) {
    rects = gridRects(ids, 0, 0, width, height, opts);
  } else if (others.length === 0) {
    rects = new Map([[featured, { x: 0, y: 0, w: width, h: height }]]);
    mode = 'stage';
  } else {
    mode = 'stage';
    rects = new Map();
    if (!portrait && width >= 560) {
      // strip on the right: a column of 16:9 tiles, two columns when many people are present
      strip = 'right';
      const cols = others.length > 6 ? 2 : 1;
      const sgap = 8;
      const stripW = Math.round(Math.min(Math.max(width * 0.2, 150), 300) * (cols === 2 ? 1.5 : 1));
      const mainW = width - stripW - gap;
      rects.set(featured, { x: 0, y: 0, w: mainW, h: height });
      const rows = Math.ceil(others.length / cols);
      const colW = (stripW - sgap * (cols - 1)) / cols;
      const tileH = Math.min(colW * 9 / 16, (height - sgap * (rows - 1)) / rows);
      const tileW = Math.min(colW, tileH * 16 / 9);
      const total = rows * tileH + (rows - 1) * sgap;
      const top = (height - total) / 2;
      others.forEach((id, i) => {
        const c = i % cols;
        const r = Math.floor(i / cols);
        rects.set(id, {
          x: mainW + gap + c * (colW + sgap) + (colW - tileW) / 2, y: top + r * (tileH + sgap), w: tileW, h: tileH,
        });
      });
    } else {
      // strip at the bottom: one row under the featured tile (portrait tiles on a phone)
      strip = 'bottom';
      const sgap = 8;
      const stripH = Math.round(Math.min(Math.max(height * 0.22, 90), 180));
      const mainH = height - stripH - gap;
      rects.set(featured, { x: 0, y: 0, w: width, h: mainH });
      const n = others.length;
      const aspect = portrait ? 3 / 4 : 16 / 9;
      const tileW = Math.max(1, Math.min(stripH * aspect, (width - sgap * (n - 1)) / n));
      const tileH = Math.min(stripH, tileW / aspect);
      const total = n * tileW + (n - 1) * sgap;
      let x = (width - total) / 2;
      for (const id of others) {
        rects.set(id, { x, y: mainH + gap + (stripH - tileH) / 2, w: tileW, h: tileH });
        x += tileW + sgap;
      }
    }
  }
  for (const [id, r] of rects) {
    rects.set(id, { x: Math.round(r.x), y: Math.round(r.y), w: Math.max(0, Math.round(r.w)), h: Math.max(0, Math.round(r.h)) });
  }
  return { rects, mode, strip };
}
