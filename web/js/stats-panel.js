// The Stats panel: score, key figures, history charts and a per-track table, redrawn on every sample.

import { HistoryChart } from './history-chart.js';
import { levelLabel } from './quality.js';
import { h } from './ui.js';

const fmt = {
  kbps: (v) => (v == null ? '–' : v >= 1000 ? `${(v / 1000).toFixed(2)} Mbps` : `${Math.round(v)} kbps`),
  ms: (v) => (v == null ? '–' : `${Math.round(v)} ms`),
  pct: (v) => (v == null ? '–' : `${v < 10 ? v.toFixed(1) : Math.round(v)} %`),
  res: (w, hh) => (w && hh ? `${w}×${hh}` : '–'),
  fps: (v) => (v ? `${Math.round(v)}` : '–'),
};

export class StatsPanel {
  /** `nameOf(participantId)`: a display name; `isVisible()`: whether drawing is worth it now. */
  constructor(root, { nameOf, isVisible }) {
    this.root = root;
    this.nameOf = nameOf;
    this.isVisible = isVisible;
    this.values = {};
    const stat = (key, label) => {
      const dd = h('dd', { dataset: { testid: `stat-${key}` } }, '–');
      this.values[key] = dd;
      return h('div', { class: 'stat', title: TITLES[key] ?? null }, h('dt', {}, label), dd);
    };
    this.ringValue = h('span', {}, '–');
    this.ring = h('div', { class: 'score-ring', dataset: { testid: 'stats-score' }, role: 'img', 'aria-label': 'Quality score unknown' }, this.ringValue);
    this.summary = h('strong', {}, 'Measuring…');
    this.sub = h('span', { class: 'hint' }, 'Figures refresh every 2 seconds.');
    const throughput = h('canvas', { class: 'chart', dataset: { testid: 'stats-chart' }, role: 'img', 'aria-label': 'Send and receive rate over the last 5 minutes' });
    const quality = h('canvas', { class: 'chart', role: 'img', 'aria-label': 'Quality score and round-trip time over the last 5 minutes' });
    this.trackBody = h('tbody');
    root.replaceChildren(
      h('div', { class: 'stats-summary' }, this.ring, h('div', { class: 'stats-summary-text' }, this.summary, this.sub)),
      h('dl', { class: 'stats-grid' },
        stat('bwe', 'Bandwidth'), stat('rtt', 'Round trip'),
        stat('send', 'Sending'), stat('recv', 'Receiving'),
        stat('jitter', 'Jitter'), stat('loss', 'Packet loss')),
      h('h3', { class: 'stats-section-title' }, 'Throughput'),
      throughput,
      legend([['Sending', '--accent'], ['Receiving', '--teal'], ['Estimate', '--fg-muted']]),
      h('h3', { class: 'stats-section-title' }, 'Quality'),
      quality,
      legend([['Score (0–100)', '--good'], ['Round trip (ms, scale 0–500)', '--fair']]),
      h('h3', { class: 'stats-section-title' }, 'Tracks'),
      h('table', { class: 'track-table', dataset: { testid: 'stats-tracks' } },
        h('thead', {}, h('tr', {}, ...['Who', 'Kind', 'Size', 'fps', 'Rate'].map((c) => h('th', { scope: 'col' }, c)))),
        this.trackBody),
    );
    this.throughputChart = new HistoryChart(throughput, {
      unit: 'kbps',
      series: [
        { key: 'bweKbps', color: '--fg-muted', dashed: true },
        { key: 'recvKbps', color: '--teal', fill: true },
        { key: 'sendKbps', color: '--accent', fill: true },
      ],
    });
    // the RTT is drawn on the score's 0–100 axis as rtt/5 (0–500 ms)
    this.qualityChart = new HistoryChart(quality, {
      max: 100,
      series: [{ key: 'rtt5', color: '--fair' }, { key: 'score', color: '--good', fill: true }],
    });
    this.history = [];
    document.addEventListener('chorus:theme', () => this.redraw());
  }

  update(sample, history) {
    this.history = history;
    const v = this.values;
    v.bwe.textContent = fmt.kbps(sample.bweKbps);
    v.send.textContent = fmt.kbps(sample.sendKbps);
    v.recv.textContent = fmt.kbps(sample.recvKbps);
    v.rtt.textContent = fmt.ms(sample.rttMs);
    v.jitter.textContent = fmt.ms(sample.jitterMs);
    v.loss.textContent = fmt.pct(sample.lossPct);
    this.ring.style.setProperty('--score', String(sample.score));
    this.ring.dataset.level = sample.level;
    this.ring.setAttribute('aria-label', `Quality score ${sample.score} of 100`);
    this.ringValue.textContent = String(sample.score);
    this.summary.textContent = `${levelLabel(sample.level)} connection`;
    const why = Object.entries(sample.penalties ?? {}).filter(([, p]) => p >= 5).sort((a, b) => b[1] - a[1]).map(([k]) => REASONS[k]);
    this.sub.textContent = why.length ? `Held back by ${why.join(', ')}.` : 'Figures refresh every 2 seconds.';
    this.renderTracks(sample);
    this.redraw();
  }

  renderTracks(sample) {
    const rows = [];
    if (sample.local.video) {
      const lv = sample.local.video;
      rows.push(row('You', 'video ↑', fmt.res(lv.width, lv.height), fmt.fps(lv.fps), fmt.kbps(lv.kbps)));
    }
    if (sample.local.audioKbps) rows.push(row('You', 'audio ↑', '–', '–', fmt.kbps(sample.local.audioKbps)));
    const sorted = [...sample.tracks].sort((a, b) => (this.nameOf(a.participantId) || '').localeCompare(this.nameOf(b.participantId) || '') || a.kind.localeCompare(b.kind));
    for (const t of sorted) {
      const name = t.participantId === 'mcu' ? 'Everyone (MCU)' : this.nameOf(t.participantId) || 'Guest';
      rows.push(row(name, `${t.kind} ↓`, t.kind === 'video' ? fmt.res(t.width, t.height) : '–', t.kind === 'video' ? fmt.fps(t.fps) : '–', fmt.kbps(t.kbps)));
    }
    if (!rows.length) rows.push(h('tr', {}, h('td', { colspan: '5', class: 'hint' }, 'No media yet.')));
    this.trackBody.replaceChildren(...rows);
  }

  redraw() {
    if (!this.isVisible()) return;
    const pts = this.history;
    this.throughputChart.draw(pts);
    this.qualityChart.draw(pts.map((p) => ({ ...p, rtt5: p.rttMs == null ? null : Math.min(100, p.rttMs / 5) })));
  }

  clear() {
    this.history = [];
    for (const dd of Object.values(this.values)) dd.textContent = '–';
    this.ringValue.textContent = '–';
    this.summary.textContent = 'Measuring…';
    this.trackBody.replaceChildren();
  }
}

const TITLES = {
  bwe: 'How much the browser estimates it can send right now (available outgoing bitrate)',
  rtt: 'Round-trip time to the server',
  send: 'What we send now, all streams together',
  recv: 'What we receive now, all streams together',
  jitter: 'Variation in packet arrival times (received audio)',
  loss: 'Packets lost on the way, either direction',
};

const REASONS = { loss: 'packet loss', rtt: 'round-trip time', jitter: 'jitter', fps: 'a low frame rate', freezes: 'video freezes', congestion: 'limited bandwidth' };

function row(...cells) {
  return h('tr', {}, ...cells.map((c) => h('td', {}, c)));
}

function legend(items) {
  return h('div', { class: 'chart-legend', 'aria-hidden': 'true' }, ...items.map(([label, c]) => h('span', { style: `--c: var(${c})` }, label)));
}
