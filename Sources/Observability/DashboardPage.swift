/// The dashboard: one self-contained page (no CDN, no external file), which loads the state
/// once from `/api/state` and then follows `/api/events` (Server-Sent Events), redrawing only
/// the parts of the page whose data changed. Charts are inline SVG drawn by the script.
enum DashboardPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kalshi-trader dashboard</title>
<link rel="icon" href="data:,">
<style>
:root { --bg:#0f1419; --panel:#171d24; --line:#2a323c; --text:#d8dee6; --dim:#8a96a3; --green:#3fb950; --red:#f85149; --blue:#58a6ff; --amber:#d29922; }
* { box-sizing: border-box; }
body { margin:0; font:13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background:var(--bg); color:var(--text); }
header { display:flex; gap:16px; align-items:center; padding:10px 16px; border-bottom:1px solid var(--line); flex-wrap:wrap; }
header h1 { font-size:15px; margin:0; }
.dim { color:var(--dim); }
.pill { padding:2px 8px; border-radius:10px; background:var(--line); font-size:12px; }
.pill.ok { background:#1f3d2a; color:var(--green); } .pill.bad { background:#4a1f1f; color:var(--red); }
main { display:grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap:12px; padding:12px 16px; }
section { background:var(--panel); border:1px solid var(--line); border-radius:6px; padding:10px 12px; min-width:0; }
section h2 { font-size:13px; margin:0 0 8px; color:var(--dim); font-weight:600; text-transform:uppercase; letter-spacing:.04em; }
.cards { display:grid; grid-template-columns: repeat(3, 1fr); gap:8px; }
.card .label { color:var(--dim); font-size:11px; } .card .value { font-size:18px; font-variant-numeric: tabular-nums; }
.pos { color:var(--green); } .neg { color:var(--red); }
table { width:100%; border-collapse:collapse; font-variant-numeric: tabular-nums; }
th, td { text-align:left; padding:3px 6px; border-bottom:1px solid var(--line); white-space:nowrap; overflow:hidden; text-overflow:ellipsis; max-width:260px; }
th { color:var(--dim); font-weight:500; }
.scroll { max-height:260px; overflow:auto; }
svg { width:100%; height:140px; display:block; }
.market svg { height:150px; }
.market { margin-bottom:10px; } .market h3 { font-size:12px; margin:4px 0; }
.legend span { margin-right:10px; font-size:11px; }
button.kill { background:var(--red); color:#fff; border:0; border-radius:4px; padding:6px 12px; font-weight:600; cursor:pointer; }
.wide { grid-column: 1 / -1; }
</style>
</head>
<body data-version="-1" data-updates="0">
<header>
  <h1>kalshi-trader</h1>
  <span id="session" class="dim"></span>
  <span id="mode" class="pill"></span>
  <span id="clock" class="dim"></span>
  <span id="stream" class="pill">connecting</span>
  <span id="killstate" class="pill"></span>
  <span id="control"></span>
</header>
<main>
  <section>
    <h2>Account</h2>
    <div class="cards">
      <div class="card"><div class="label">Equity</div><div class="value" id="equity">–</div></div>
      <div class="card"><div class="label">P&amp;L</div><div class="value" id="pnl">–</div></div>
      <div class="card"><div class="label">Cash</div><div class="value" id="cash">–</div></div>
      <div class="card"><div class="label">Realized P&amp;L</div><div class="value" id="realized">–</div></div>
      <div class="card"><div class="label">Unrealized P&amp;L</div><div class="value" id="unrealized">–</div></div>
      <div class="card"><div class="label">Fees</div><div class="value" id="fees">–</div></div>
    </div>
    <svg id="equity-chart" viewBox="0 0 600 160" preserveAspectRatio="none" aria-label="equity over time"></svg>
  </section>
  <section>
    <h2>Positions</h2>
    <table><thead><tr><th>Market</th><th>Contracts</th><th>Mark</th><th>Value</th></tr></thead><tbody id="positions"></tbody></table>
    <h2 style="margin-top:12px">Open orders</h2>
    <div class="scroll"><table><thead><tr><th>Order</th><th>Market</th><th>Side</th><th>Price</th><th>Remaining</th><th>Status</th></tr></thead><tbody id="open-orders"></tbody></table></div>
  </section>
  <section class="wide">
    <h2>Traded markets: fair value against bid and ask</h2>
    <div class="legend"><span style="color:var(--blue)">— fair</span><span style="color:var(--green)">— bid</span><span style="color:var(--red)">— ask</span><span>▲ buy fill ▼ sell fill</span><span style="color:var(--amber)">- - our resting orders</span></div>
    <div id="markets"></div>
    <div class="scroll"><table><thead><tr><th>Market</th><th>Fair</th><th>Bid</th><th>Ask</th><th>Edge</th><th>Fills</th></tr></thead><tbody id="market-table"></tbody></table></div>
  </section>
  <section>
    <h2>Orders</h2>
    <div class="scroll"><table><thead><tr><th>Time</th><th>Market</th><th>Side</th><th>Price</th><th>Count</th><th>Event</th><th>Reason</th></tr></thead><tbody id="orders"></tbody></table></div>
  </section>
  <section>
    <h2>Risk</h2>
    <div id="risk-state"></div>
    <table><thead><tr><th>Rule</th><th>Refusals</th></tr></thead><tbody id="refusal-counts"></tbody></table>
    <div class="scroll"><table><thead><tr><th>Time</th><th>Market</th><th>Rule</th><th>Reason</th></tr></thead><tbody id="refusals"></tbody></table></div>
  </section>
  <section>
    <h2>Feed health</h2>
    <table><tbody id="feed"></tbody></table>
  </section>
  <section>
    <h2>Reconciliation</h2>
    <div class="scroll"><table><thead><tr><th>Time</th><th>Market</th><th>Correction</th></tr></thead><tbody id="reconciliation"></tbody></table></div>
    <h2 style="margin-top:12px">Session events</h2>
    <div class="scroll"><table><thead><tr><th>Time</th><th>Kind</th><th>Market</th><th>Detail</th></tr></thead><tbody id="notes"></tbody></table></div>
  </section>
</main>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const time = (ms) => ms ? new Date(ms).toISOString().slice(11, 19) : "–";
const signed = (el, text) => { el.textContent = text; el.className = "value " + (parseFloat(text) > 0 ? "pos" : parseFloat(text) < 0 ? "neg" : ""); };
const rows = (id, items, cells) => { $(id).innerHTML = items.map((item) => "<tr>" + cells(item).map((c) => "<td>" + esc(c) + "</td>").join("") + "</tr>").join(""); };
const ns = "http://www.w3.org/2000/svg";
let last = {};

function line(points, x, y, color, dashed) {
  const d = points.filter((p) => p[1] !== null && p[1] !== undefined).map((p, i) => (i ? "L" : "M") + x(p[0]).toFixed(1) + "," + y(p[1]).toFixed(1)).join("");
  return d ? `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"${dashed ? ' stroke-dasharray="4 3"' : ""}/>` : "";
}

function chart(svg, series, lo, hi, extra) {
  const w = 600, h = 160, pad = 4;
  const times = series.flatMap((s) => s.points.map((p) => p[0]));
  if (!times.length) { svg.innerHTML = ""; return; }
  const t0 = Math.min(...times), t1 = Math.max(...times, t0 + 1);
  const x = (t) => pad + (t - t0) / (t1 - t0) * (w - 2 * pad);
  const y = (v) => h - pad - (v - lo) / (hi - lo || 1) * (h - 2 * pad);
  svg.innerHTML = series.map((s) => line(s.points, x, y, s.color, s.dashed)).join("") + (extra ? extra(x, y) : "");
}

function drawEquity(state) {
  const pts = state.equity.map((p) => [p.t, p.equity]);
  const values = pts.map((p) => p[1]);
  const lo = Math.min(...values), hi = Math.max(...values);
  const span = Math.max(hi - lo, 0.01);
  chart($("equity-chart"), [{ points: pts, color: "var(--blue)" }], lo - span * 0.1, hi + span * 0.1);
}

function drawMarkets(state) {
  const traded = state.markets.filter((m) => m.fills.length || m.orders.length || state.positions.some((p) => p.ticker === m.ticker));
  const box = $("markets");
  const wanted = traded.map((m) => m.ticker).join("|");
  if (box.dataset.tickers !== wanted) {
    box.innerHTML = traded.map((m) => `<div class="market" data-ticker="${esc(m.ticker)}"><h3>${esc(m.ticker)}</h3><svg viewBox="0 0 600 160" preserveAspectRatio="none"></svg></div>`).join("");
    box.dataset.tickers = wanted;
  }
  for (const m of traded) {
    const svg = box.querySelector(`[data-ticker="${CSS.escape(m.ticker)}"] svg`);
    const s = m.series;
    const t1 = s.length ? s[s.length - 1].t : 0;
    const orderLines = m.orders.map((o) => ({ points: [[s.length ? s[0].t : t1, o.price], [t1, o.price]], color: "var(--amber)", dashed: true }));
    // The price axis spans what was seen (with a margin), within 0…1.
    const seen = [...s.flatMap((p) => [p.fair, p.bid, p.ask]), ...m.fills.map((f) => f.price), ...m.orders.map((o) => o.price)]
      .filter((v) => v !== null && v !== undefined);
    const lo = seen.length ? Math.max(0, Math.min(...seen) - 0.05) : 0, hi = seen.length ? Math.min(1, Math.max(...seen) + 0.05) : 1;
    chart(svg, [
      { points: s.map((p) => [p.t, p.fair]), color: "var(--blue)" },
      { points: s.map((p) => [p.t, p.bid]), color: "var(--green)" },
      { points: s.map((p) => [p.t, p.ask]), color: "var(--red)" },
      ...orderLines,
    ], lo, hi, (x, y) => m.fills.map((f) => `<text x="${x(f.t).toFixed(1)}" y="${(y(f.price) + 4).toFixed(1)}" fill="${f.side === "buy" ? "var(--green)" : "var(--red)"}" font-size="12" text-anchor="middle">${f.side === "buy" ? "▲" : "▼"}</text>`).join(""));
  }
  rows("market-table", state.markets, (m) => [m.ticker, m.fair === null || m.fair === undefined ? "–" : Number(m.fair).toFixed(4), m.bid ?? "–", m.ask ?? "–", m.edge === null || m.edge === undefined ? "–" : Number(m.edge).toFixed(4), m.fills.length]);
}

function render(state) {
  const changed = (key, value) => { const text = JSON.stringify(value); if (last[key] === text) return false; last[key] = text; return true; };
  $("session").textContent = state.session;
  $("mode").textContent = state.mode;
  $("clock").textContent = state.now ? new Date(state.now).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "";
  const money = state.money;
  $("equity").textContent = money.equity; $("cash").textContent = money.cash; $("fees").textContent = money.fees;
  signed($("pnl"), money.pnl); signed($("realized"), money.realized_pnl); signed($("unrealized"), money.unrealized_pnl);
  if (changed("equity", state.equity)) drawEquity(state);
  if (changed("positions", state.positions)) rows("positions", state.positions, (p) => [p.ticker, p.position, p.mark ?? "–", p.value]);
  if (changed("open", state.open_orders)) rows("open-orders", state.open_orders, (o) => [o.client_order_id, o.ticker, o.side, o.price, o.remaining, o.status]);
  if (changed("markets", [state.markets, state.positions])) drawMarkets(state);
  if (changed("orders", state.order_events)) rows("orders", state.order_events, (o) => [time(o.time), o.ticker, o.side, o.price, o.count, o.event, o.reason ?? ""]);
  const risk = state.risk;
  const kill = $("killstate");
  kill.textContent = risk.kill_switch ? "KILL SWITCH ENGAGED" : risk.halted ? "halted: " + risk.halted : "trading";
  kill.className = "pill " + (risk.kill_switch || risk.halted ? "bad" : "ok");
  $("risk-state").innerHTML = `<p>Kill switch: <b>${risk.kill_switch ? "engaged" : "off"}</b> · Halt: <b>${esc(risk.halted ?? "none")}</b></p>`;
  if (changed("refusals", risk.refusals)) rows("refusals", risk.refusals, (r) => [time(r.time), r.ticker, r.rule, r.reason]);
  if (changed("refusalCounts", risk.refusal_counts)) rows("refusal-counts", risk.refusal_counts, (r) => [r.rule, r.count]);
  const f = state.feed;
  rows("feed", [
    ["Kalshi WebSocket", f.connected ? "connected" : "disconnected" + (f.last_disconnect ? " (" + f.last_disconnect + ")" : "")],
    ["Frames", f.frames], ["Malformed frames", f.malformed], ["Book resyncs", f.resyncs], ["Sequence gaps", f.gaps],
    ["Last frame", f.last_frame_ms ? Math.max(0, (state.now - f.last_frame_ms) / 1000).toFixed(1) + " s ago" : "–"],
    ["Signal age", f.signal_age_seconds === null || f.signal_age_seconds === undefined ? "–" : Math.max(0, Number(f.signal_age_seconds)).toFixed(1) + " s"],
  ], (r) => r);
  if (changed("recon", state.reconciliation)) rows("reconciliation", state.reconciliation, (r) => [time(r.time), r.ticker ?? "", r.detail]);
  if (changed("notes", state.notes)) rows("notes", state.notes, (r) => [time(r.time), r.kind, r.ticker ?? "", r.detail]);
  if (state.control && !$("kill-button")) {
    $("control").innerHTML = '<button id="kill-button" class="kill">Kill switch</button>';
    $("kill-button").addEventListener("click", killSwitch);
  }
  document.body.dataset.version = state.version;
  document.body.dataset.updates = String(Number(document.body.dataset.updates) + 1);
}

async function killSwitch() {
  const fromUrl = new URLSearchParams(location.hash.slice(1)).get("token");
  const token = fromUrl || prompt("Dashboard token (printed when the session started):");
  if (!token || !confirm("Engage the kill switch? Every order is cancelled and trading stops.")) return;
  const answer = await fetch("/api/kill", { method: "POST", headers: { "X-Dashboard-Token": token } });
  alert(answer.ok ? "Kill switch requested." : "Refused: " + (await answer.text()));
}

fetch("/api/state").then((r) => r.ok ? r.json() : null).then((s) => { if (s) render(s); }).catch(() => {});
const events = new EventSource("/api/events");
events.addEventListener("state", (e) => { render(JSON.parse(e.data)); const s = $("stream"); s.textContent = "live"; s.className = "pill ok"; });
events.onerror = () => { const s = $("stream"); s.textContent = "reconnecting"; s.className = "pill bad"; };
</script>
</body>
</html>
"""#
}
