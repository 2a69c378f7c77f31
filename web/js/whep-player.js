// A minimal WHEP player: /whep-player.html?room=<roomId>[&participant=<participantId>][&token=<bearer>][&relay=1].
// One recvonly offer (audio + video), ICE gathered before POST (no trickle), DELETE on stop/unload.
// STUN/TURN servers come from the endpoint's OPTIONS answer (Link: rel="ice-server", RFC 9725 §4.6);
// relay=1 allows only TURN-relayed paths (to check a TURN setup).
import { selectedRoute } from './ice-route.js';

const params = new URLSearchParams(location.search);
const room = params.get('room');
const participant = params.get('participant');
const token = params.get('token');
const relayOnly = params.get('relay') === '1';
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

/** RTCIceServers from Link header values: <url>; rel="ice-server"; username="…"; credential="…". */
export function iceServersFromLinks(header) {
  const servers = [];
  if (!header) {
    return servers;
  }
  for (const part of header.split(/,\s*(?=<)/)) {
    const m = part.match(/^\s*<([^>]+)>(.*)$/);
    if (!m) {
      continue;
    }
    const attrs = {};
    for (const a of m[2].matchAll(/;\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/g)) {
      attrs[a[1].toLowerCase()] = a[2] !== undefined ? a[2].replace(/\\(.)/g, '$1') : a[3];
    }
    if (attrs.rel !== 'ice-server') {
      continue;
    }
    const server = { urls: m[1] };
    if (attrs.username !== undefined) {
      server.username = attrs.username;
      server.credential = attrs.credential ?? '';
    }
    servers.push(server);
  }
  return servers;
}

function endpoint() {
  return '/whep/' + encodeURIComponent(room) + (participant ? '/' + encodeURIComponent(participant) : '');
}

async function iceServers() {
  try {
    const res = await fetch(endpoint(), { method: 'OPTIONS' });
    return iceServersFromLinks(res.headers.get('Link'));
  } catch (e) {
    return []; // without them, host candidates still work on open networks
  }
}

async function start() {
  if (!room) {
    show('add ?room=<roomId> to the address');
    return;
  }
  const servers = await iceServers();
  pc = new RTCPeerConnection({ iceServers: servers, iceTransportPolicy: relayOnly ? 'relay' : 'all' });
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  const stream = new MediaStream();
  video.srcObject = stream;
  pc.ontrack = (e) => {
    stream.addTrack(e.track);
  };
  pc.onconnectionstatechange = async () => {
    const peer = pc;
    show('connection: ' + peer.connectionState);
    document.body.dataset.state = peer.connectionState;
    if (peer.connectionState === 'connected') {
      document.body.dataset.route = await selectedRoute(peer);
    }
  };
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  const res = await fetch(endpoint(), {
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
