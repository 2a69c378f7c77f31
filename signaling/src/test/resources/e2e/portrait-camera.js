// Test-only camera for screenshots: a calm picture of a person-shaped silhouette in front of a soft
// gradient (instead of Chromium's green test pattern), gently moving so encoders keep sending frames.
// The colour comes from window.__portraitHue (set before this runs) or a random hue. The microphone stays
// the fake one.
(() => {
  const W = 640, H = 360;
  const hue = typeof window.__portraitHue === 'number' ? window.__portraitHue : Math.floor(Math.random() * 360);
  const cameraTrack = () => {
    const canvas = document.createElement('canvas');
    canvas.width = W;
    canvas.height = H;
    const g = canvas.getContext('2d');
    const t0 = performance.now();
    const draw = () => {
      const t = (performance.now() - t0) / 1000;
      const bg = g.createLinearGradient(0, 0, W, H);
      bg.addColorStop(0, `hsl(${hue} 45% 72%)`);
      bg.addColorStop(1, `hsl(${(hue + 50) % 360} 40% 42%)`);
      g.fillStyle = bg;
      g.fillRect(0, 0, W, H);
      // a window's light and a shelf: something behind the person
      g.fillStyle = 'rgba(255,255,255,0.18)';
      g.beginPath();
      g.arc(W * 0.8, H * 0.25, 90, 0, Math.PI * 2);
      g.fill();
      g.fillStyle = 'rgba(0,0,0,0.12)';
      g.fillRect(0, H * 0.62, W * 0.28, 10);
      const dx = Math.sin(t * 0.9) * 8;
      const dy = Math.sin(t * 1.7) * 3;
      g.fillStyle = `hsl(${(hue + 200) % 360} 25% 22%)`;
      g.beginPath(); // shoulders
      g.ellipse(W / 2 + dx, H * 1.02 + dy, 150, 95, 0, Math.PI, 0);
      g.fill();
      g.fillStyle = `hsl(${(hue + 20) % 360} 30% 62%)`;
      g.beginPath(); // neck
      g.fillRect(W / 2 + dx - 24, H * 0.6 + dy, 48, 50);
      g.beginPath(); // head
      g.ellipse(W / 2 + dx, H * 0.45 + dy, 58, 70, 0, 0, Math.PI * 2);
      g.fill();
      g.fillStyle = `hsl(${(hue + 200) % 360} 30% 18%)`;
      g.beginPath(); // hair
      g.ellipse(W / 2 + dx, H * 0.34 + dy, 62, 36, 0, Math.PI, 0);
      g.fill();
    };
    draw();
    setInterval(draw, 50);
    return canvas.captureStream(20).getVideoTracks()[0];
  };
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const wantVideo = !!(constraints && constraints.video);
    const wantAudio = !!(constraints && constraints.audio);
    const stream = wantAudio ? await original({ audio: constraints.audio }) : new MediaStream();
    if (wantVideo) stream.addTrack(cameraTrack());
    return stream;
  };
})();
