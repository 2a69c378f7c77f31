// A minimal WHEP player: /whep-player.html?room=<roomId>[&participant=<participantId>][&token=<bearer>].
// One recvonly offer (audio + video), ICE gathered before POST (no trickle), DELETE on stop/unload.
const params = new URLSearchParams(location.search);
const room = params.get('room');
const participant = params.get('participant');
const token = params.get('token');
const video = document.getElementById('video');
const status = document.getElementById('status');

let pc = null;
let resource = null;

function show(text) {
  status.textContent = text;
}

function headers(extra) {
  const h = Object.assign({}, extra);
  if (token) {
    h.Authorization = 'Bearer ' + token;
  }
  return h;
}

async function gathered(peer) {
  if (peer.iceGatheringState === 'complete') {
    return;
  }
  await new Promise((resolve) => {
    const done = () => {
      if (peer.iceGatheringState === 'complete') {
        peer.removeEventListener('icegatheringstatechange', done);
        resolve();
      }
    };
    peer.addEventListener('icegatheringstatechange', done);
    setTimeout(resolve, 2000); // host candidates are enough on a LAN; do not wait for slow STUN
  });
}

async function start() {
  if (!room) {
    show('add ?room=<roomId> to the address');
    return;
  }
  pc = new RTCPeerConnection();
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  const stream = new MediaStream();
  video.srcObject = stream;
  pc.ontrack = (e) => {
    stream.addTrack(e.track);
  };
  pc.onconnectionstatechange = () => {
    show('connection: ' + pc.connectionState);
    document.body.dataset.state = pc.connectionState;
  };
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  const path = '/whep/' + encodeURIComponent(room) + (participant ? '/' + encodeURIComponent(participant) : '');
  const res = await fetch(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/sdp' }),
    body: pc.localDescription.sdp,
  });
  if (res.status !== 201) {
    show('WHEP ' + res.status + ': ' + (await res.text()).trim());
    pc.close();
    return;
  }
  resource = res.headers.get('Location');
  await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
  show('connecting…');
}

async function stop() {
  if (pc) {
    pc.close();
    pc = null;
  }
  if (resource) {
    const r = resource;
    resource = null;
    await fetch(r, { method: 'DELETE', headers: headers({}), keepalive: true }).catch(() => {});
  }
  show('stopped');
}

document.getElementById('unmute').addEventListener('click', () => {
  video.muted = false;
  video.play().catch(() => {});
});
document.getElementById('stop').addEventListener('click', stop);
window.addEventListener('pagehide', () => {
  if (resource) {
    fetch(resource, { method: 'DELETE', headers: headers({}), keepalive: true });
  }
});
window.whepPlayer = { stop, stats: () => (pc ? pc.getStats() : null) };

start().catch((e) => show('error: ' + e.message));
