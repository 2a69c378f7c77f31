// Test-only camera: a 640x360 canvas showing the wall clock (ms mod 2^24) as 24 black/white cells plus
// an 8-bit check, redrawn every 5 ms, replaces getUserMedia's video (the microphone stays the fake one).
// The reader (timestamp-reader.js) decodes the cells from received frames: display time minus the drawn
// time is the glass-to-glass latency. Cells are big and sit in the middle of the picture, clear of the
// compositor's name label and border, so they survive scaling and encoding.
(() => {
  const W = 640, H = 360, COLS = 8, ROWS = 4;
  const X0 = 0.1, X1 = 0.9, Y0 = 0.12, Y1 = 0.68; // the cells' area, as fractions of the picture
  const check = (t) => ((t & 0xff) * 31 + ((t >> 8) & 0xff) * 7 + ((t >> 16) & 0xff) * 3 + 0x5a) & 0xff;
  const bitsOf = (t) => {
    const v = t * 256 + check(t); // 32 bits: time (24) then check (8)
    const bits = [];
    for (let i = 31; i >= 0; i--) bits.push(Math.floor(v / 2 ** i) % 2);
    return bits;
  };
  window.__timestampCells = { COLS, ROWS, X0, X1, Y0, Y1 };
  const cameraTrack = () => {
    const canvas = document.createElement('canvas');
    canvas.width = W;
    canvas.height = H;
    const g = canvas.getContext('2d');
    const draw = () => {
      const t = Math.round(performance.timeOrigin + performance.now()) % 16777216;
      g.fillStyle = '#808080';
      g.fillRect(0, 0, W, H);
      const bits = bitsOf(t);
      const cw = (X1 - X0) * W / COLS, ch = (Y1 - Y0) * H / ROWS;
      for (let i = 0; i < 32; i++) {
        g.fillStyle = bits[i] ? '#ffffff' : '#000000';
        g.fillRect(X0 * W + (i % COLS) * cw, Y0 * H + Math.floor(i / COLS) * ch, cw, ch);
      }
    };
    draw();
    setInterval(draw, 5);
    return canvas.captureStream(30).getVideoTracks()[0];
  };
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (c) => {
    const out = new MediaStream();
    if (c && c.audio) (await original({ audio: c.audio })).getAudioTracks().forEach((t) => out.addTrack(t));
    if (c && c.video) out.addTrack(cameraTrack());
    return out;
  };
})();
