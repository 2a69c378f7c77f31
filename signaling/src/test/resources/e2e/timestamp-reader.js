// startLatencyReader(trackId, rects) samples every frame of the <video> showing trackId
// (requestVideoFrameCallback), looks for timestamp-camera.js's cells inside each of rects ([x, y, w, h] as fractions of the
// frame) and records (display time - drawn time) in ms for every frame whose check byte matches.
// window.__latency.samples collects them; window.__latency.frames counts the frames looked at.
window.startLatencyReader = (trackId, rects) => {
  const COLS = 8, ROWS = 4, X0 = 0.1, X1 = 0.9, Y0 = 0.12, Y1 = 0.68;
  const check = (t) => ((t & 0xff) * 31 + ((t >> 8) & 0xff) * 7 + ((t >> 16) & 0xff) * 3 + 0x5a) & 0xff;
  const v = [...document.querySelectorAll('video')].find((e) => e.srcObject
      && e.srcObject.getVideoTracks().some((t) => t.id === trackId));
  if (!v) return 'no video element for ' + trackId;
  if (window.__latency) window.__latency.stop = true;
  const state = { samples: [], frames: 0, stop: false };
  window.__latency = state;
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d', { willReadFrequently: true });
  const read = (data, fw, [rx, ry, rw, rh]) => {
    const cw = (X1 - X0) * rw * fw / COLS, ch = (Y1 - Y0) * rh * canvas.height / ROWS;
    let value = 0;
    for (let i = 0; i < 32; i++) {
      // the middle half of the cell: clear of edges that scaling and encoding blur
      const cx = Math.floor((rx + X0 * rw) * fw + (i % COLS + 0.25) * cw);
      const cy = Math.floor((ry + Y0 * rh) * canvas.height + (Math.floor(i / COLS) + 0.25) * ch);
      let sum = 0, n = 0;
      for (let y = cy; y < cy + ch / 2; y++) {
        for (let x = cx; x < cx + cw / 2; x++) {
          const k = (y * fw + x) * 4;
          sum += data[k] + data[k + 1] + data[k + 2];
          n++;
        }
      }
      const luma = sum / (3 * Math.max(n, 1));
      if (luma > 80 && luma < 176) return -1; // neither black nor white: a blend of two frames
      value = value * 2 + (luma >= 128 ? 1 : 0);
    }
    const t = Math.floor(value / 256);
    return (value % 256) === check(t) ? t : -1;
  };
  const onFrame = (now, meta) => {
    if (state.stop) return;
    state.frames++;
    canvas.width = meta.width;
    canvas.height = meta.height;
    g.drawImage(v, 0, 0, meta.width, meta.height);
    const data = g.getImageData(0, 0, meta.width, meta.height).data;
    const shown = Math.round(performance.timeOrigin + meta.expectedDisplayTime) % 16777216;
    for (const r of rects) {
      const t = read(data, meta.width, r);
      if (t >= 0) {
        const latency = (shown - t + 16777216) % 16777216;
        if (latency < 10000) state.samples.push(latency);
        break;
      }
    }
    v.requestVideoFrameCallback(onFrame);
  };
  v.requestVideoFrameCallback(onFrame);
  return 'ok';
};
