// The status page: every server's figures, polled from `admin/servers` with the admin token, in a
// table and in charts of the last five minutes. Servers report totals (operations committed,
// acknowledgements and their summed latency); rates and mean latencies come from two reports.

import { appUrl } from './paths.js';
import { bindThemeToggle } from './theme.js';

const TOKEN_KEY = 'ensemble.adminToken';
const WINDOW_MS = 5 * 60 * 1000;
const MIN_SPAN_MS = 60 * 1000;
const COLOURS = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#dc2626'];
const CHARTS = [
  { canvas: 'chart-sessions', value: (s) => s.sessions },
  { canvas: 'chart-rooms', value: (s) => s.rooms },
  { canvas: 'chart-ops', value: (s) => s.opsPerSecond },
  { canvas: 'chart-latency', value: (s) => s.latencyMs },
];

const byServer = new Map(); // server -> { last: report, samples: [{ at, sessions, rooms, opsPerSecond, latencyMs }] }
let polling = null;

bindThemeToggle(document.getElementById('theme'));
const tokenForm = document.getElementById('token-form');
const tokenInput = document.getElementById('token');
const errorLine = document.getElementById('status-error');

tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    tokenInput.value = '';
    start();
  }
});

if (sessionStorage.getItem(TOKEN_KEY)) {
  start();
}

function start() {
  clearTimeout(polling);
  byServer.clear();
  poll();
}

async function poll() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  let delay = 2000;
  try {
    const response = await fetch(appUrl('admin/servers'), {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 401 || response.status === 404) {
      sessionStorage.removeItem(TOKEN_KEY);
      showError(
        response.status === 404
          ? 'The status page is off on this server: set ENSEMBLE_ADMIN_TOKEN to turn it on.'
          : 'That is not the admin token.',
      );
      showForm(true);
      return;
    }
    if (!response.ok) {
      showError(body.message ? `The servers' figures are unavailable: ${body.message}` : `Error ${response.status}`);
    } else {
      showError(null);
      showForm(false);
      delay = body.intervalMs ?? delay;
      record(body.servers);
      render();
    }
  } catch {
    showError('This server does not answer.');
  }
  polling = setTimeout(poll, delay);
}

function record(reports) {
  for (const report of reports) {
    const entry = byServer.get(report.server) ?? { last: null, samples: [] };
    const last = entry.last;
    if (last && report.at <= last.at) {
      continue;
    }
    const seconds = last ? (report.at - last.at) / 1000 : null;
    const acks = last ? report.acks - last.acks : 0;
    entry.samples.push({
      at: report.at,
      sessions: report.sessions,
      rooms: report.rooms,
      // a restarted server counts from 0 again: no rate across the restart
      opsPerSecond: last && report.opsCommitted >= last.opsCommitted ? (report.opsCommitted - last.opsCommitted) / seconds : null,
      latencyMs: acks > 0 ? ((report.ackSeconds - last.ackSeconds) / acks) * 1000 : null,
    });
    entry.last = report;
    byServer.set(report.server, entry);
  }
  const since = Date.now() - WINDOW_MS;
  for (const entry of byServer.values()) {
    entry.samples = entry.samples.filter((s) => s.at >= since);
  }
}

function render() {
  const servers = [...byServer.keys()].sort();
  const colour = new Map(servers.map((server, i) => [server, COLOURS[i % COLOURS.length]]));
  renderTable(servers, colour);
  for (const chart of CHARTS) {
    drawChart(document.getElementById(chart.canvas), servers, colour, chart.value);
  }
}

function renderTable(servers, colour) {
  const rows = servers.map((server) => {
    const latest = byServer.get(server).samples.at(-1);
    const row = document.createElement('tr');
    row.dataset.server = server;
    const name = document.createElement('th');
    name.scope = 'row';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = colour.get(server);
    name.append(swatch, server);
    row.append(name);
    for (const [field, value] of [
      ['sessions', latest.sessions],
      ['rooms', latest.rooms],
      ['ops', format(latest.opsPerSecond, 1)],
      ['latency', format(latest.latencyMs, 2)],
    ]) {
      const cell = document.createElement('td');
      cell.dataset.field = field;
      cell.textContent = value;
      row.append(cell);
    }
    return row;
  });
  document.querySelector('#servers-table tbody').replaceChildren(...rows);
}

function format(value, digits) {
  return value == null ? '–' : value.toFixed(digits);
}

function drawChart(canvas, servers, colour, value) {
  const g = canvas.getContext('2d');
  const { width, height } = canvas;
  const pad = { left: 44, right: 8, top: 8, bottom: 18 };
  const points = servers.map((server) =>
    byServer
      .get(server)
      .samples.filter((s) => value(s) != null)
      .map((s) => [s.at, value(s)]),
  );
  // the time axis spans what the page has seen, from a minute up to the whole window
  const end = Date.now();
  const oldest = Math.min(end, ...points.flat().map(([t]) => t));
  const span = Math.min(WINDOW_MS, Math.max(MIN_SPAN_MS, end - oldest));
  const start = end - span;
  const top = niceMax(Math.max(0, ...points.flat().map(([, v]) => v)));
  const x = (t) => pad.left + ((t - start) / span) * (width - pad.left - pad.right);
  const y = (v) => height - pad.bottom - (v / top) * (height - pad.top - pad.bottom);

  g.clearRect(0, 0, width, height);
  g.font = '11px system-ui, sans-serif';
  const style = getComputedStyle(document.documentElement);
  g.fillStyle = style.getPropertyValue('--muted');
  g.strokeStyle = style.getPropertyValue('--line');
  g.lineWidth = 1;
  for (const fraction of [0, 0.5, 1]) {
    const v = top * fraction;
    g.beginPath();
    g.moveTo(pad.left, y(v));
    g.lineTo(width - pad.right, y(v));
    g.stroke();
    g.fillText(v % 1 === 0 ? String(v) : v.toFixed(1), 4, y(v) + 4);
  }
  g.fillText(span >= 120_000 ? `${Math.round(span / 60_000)} min ago` : `${Math.round(span / 1000)} s ago`, pad.left, height - 4);
  g.fillText('now', width - pad.right - 22, height - 4);
  g.lineWidth = 2;
  servers.forEach((server, i) => {
    g.strokeStyle = colour.get(server);
    g.beginPath();
    points[i].forEach(([t, v], j) => (j === 0 ? g.moveTo(x(t), y(v)) : g.lineTo(x(t), y(v))));
    g.stroke();
    // the latest value as a dot, which shows a server's first sample too
    const latest = points[i].at(-1);
    if (latest) {
      g.fillStyle = colour.get(server);
      g.beginPath();
      g.arc(x(latest[0]), y(latest[1]), 3, 0, 2 * Math.PI);
      g.fill();
    }
  });
}

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten, at least 1. */
function niceMax(max) {
  if (max <= 1) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= max);
}

function showForm(shown) {
  document.getElementById('token-panel').hidden = !shown;
  document.getElementById('figures').hidden = shown;
}

function showError(message) {
  errorLine.hidden = message == null;
  errorLine.textContent = message ?? '';
}
