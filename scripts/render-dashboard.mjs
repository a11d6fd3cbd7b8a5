// Renders docs/grafana/hookline-dashboard.json from a real Prometheus, without Grafana: every panel's
// PromQL is evaluated by Prometheus (query_range; $__rate_interval becomes --rate-interval), and the
// series are drawn as simple SVG charts on the dashboard's own 24-column grid, then screenshot in
// Chromium. Used because Grafana is not installable on the build machine (see docs/grafana/README.md).
//
//   node scripts/render-dashboard.mjs --prometheus http://127.0.0.1:9090 --minutes 5 [--out docs/grafana/dashboard.png]
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { findChromium } from "./find-chromium.mjs";

const { values } = parseArgs({
  options: {
    prometheus: { type: "string", default: "http://127.0.0.1:9090" },
    dashboard: { type: "string", default: "docs/grafana/hookline-dashboard.json" },
    minutes: { type: "string", default: "10" },
    end: { type: "string" },
    step: { type: "string", default: "5" },
    "rate-interval": { type: "string", default: "30s" },
    out: { type: "string", default: "docs/grafana/dashboard.png" },
  },
});
const dashboard = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(values.dashboard, "utf8")));
const end = values.end ? Date.parse(values.end) / 1000 : Date.now() / 1000;
const start = end - Number(values.minutes) * 60;
const step = Number(values.step);

async function queryRange(expr) {
  const url = new URL("/api/v1/query_range", values.prometheus);
  url.search = new URLSearchParams({ query: expr.replaceAll("$__rate_interval", values["rate-interval"]), start: String(start), end: String(end), step: String(step) }).toString();
  const response = await fetch(url);
  const body = await response.json();
  if (body.status !== "success") throw new Error(`${expr}: ${body.error ?? response.status}`);
  return body.data.result;
}

const legendOf = (format, metric) => (format ?? "").replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => metric[name] ?? "");
const COLORS = ["#3b82f6", "#ef4444", "#f59e0b", "#10b981", "#8b5cf6", "#ec4899", "#14b8a6", "#64748b"];
const OUTCOME_COLORS = { success: "#10b981", http_error: "#f59e0b", timeout: "#8b5cf6", connection: "#ef4444", refused: "#64748b" };

function formatValue(value, unit) {
  if (!Number.isFinite(value)) return "–";
  if (unit === "percentunit") return `${(value * 100).toFixed(1)}%`;
  if (unit === "s") return value < 1 ? `${(value * 1000).toFixed(value < 0.01 ? 1 : 0)} ms` : `${value.toFixed(1)} s`;
  if (unit === "reqps") return `${value.toFixed(value < 10 ? 1 : 0)}/s`;
  if (unit === "ops") return `${value.toFixed(1)}/s`;
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(value < 10 ? 2 : 1);
}

function chart(series, { width, height, unit, stacked }) {
  const pad = { left: 56, right: 8, top: 8, bottom: 20 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const times = [];
  for (let t = start; t <= end + 1e-6; t += step) times.push(t);
  const grid = series.map((s) => {
    const byTime = new Map(s.values.map(([t, v]) => [Math.round(Number(t)), Number(v)]));
    return times.map((t) => byTime.get(Math.round(t)) ?? NaN);
  });
  const stackedGrid = stacked
    ? grid.map((_, i) => times.map((__, j) => grid.slice(0, i + 1).reduce((sum, row) => sum + (Number.isFinite(row[j]) ? row[j] : 0), 0)))
    : grid;
  const max = Math.max(1e-9, ...stackedGrid.flat().filter(Number.isFinite)) * 1.1;
  const x = (j) => pad.left + (j / Math.max(1, times.length - 1)) * w;
  const y = (v) => pad.top + h - (v / max) * h;
  let svg = `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`;
  for (let k = 0; k <= 4; k++) {
    const v = (max / 4) * k;
    svg += `<line x1="${pad.left}" x2="${pad.left + w}" y1="${y(v)}" y2="${y(v)}" stroke="#2a2f3a"/>`;
    svg += `<text x="${pad.left - 6}" y="${y(v) + 4}" fill="#9aa4b2" font-size="10" text-anchor="end">${formatValue(v, unit)}</text>`;
  }
  for (let k = 0; k <= 4; k++) {
    const j = Math.round((k / 4) * (times.length - 1));
    const label = new Date(times[j] * 1000).toISOString().slice(11, end - start > 900 ? 16 : 19);
    svg += `<text x="${x(j)}" y="${height - 4}" fill="#9aa4b2" font-size="10" text-anchor="middle">${label}</text>`;
  }
  stackedGrid.forEach((row, i) => {
    const color = series[i].color;
    let d = "";
    let pen = false;
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) return void (pen = false);
      d += `${pen ? "L" : "M"}${x(j).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    if (stacked) {
      const below = i === 0 ? times.map(() => 0) : stackedGrid[i - 1];
      let area = "";
      row.forEach((v, j) => (area += `${j === 0 ? "M" : "L"}${x(j).toFixed(1)},${y(Number.isFinite(v) ? v : 0).toFixed(1)}`));
      for (let j = times.length - 1; j >= 0; j--) area += `L${x(j).toFixed(1)},${y(Number.isFinite(below[j]) ? below[j] : 0).toFixed(1)}`;
      svg += `<path d="${area}Z" fill="${color}" fill-opacity="0.45" stroke="none"/>`;
    }
    svg += `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6"/>`;
  });
  return `${svg}</svg>`;
}

const CELL = 66;
const ROW = 34;
let html = `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;background:#111217;font-family:Inter,Helvetica,Arial,sans-serif;color:#d8dce3}
header{padding:14px 16px 8px;display:flex;justify-content:space-between;align-items:baseline}
h1{font-size:18px;margin:0;font-weight:600} .range{font-size:12px;color:#9aa4b2}
.grid{position:relative;margin:0 8px}
.panel{position:absolute;background:#181b1f;border:1px solid #2a2f3a;border-radius:4px;box-sizing:border-box;padding:6px 8px;overflow:hidden}
.title{font-size:12px;font-weight:600;margin-bottom:4px}
.stat{font-size:34px;font-weight:600;margin-top:8px}
.legend{font-size:11px;color:#c5cad3;display:flex;flex-wrap:wrap;gap:4px 12px;margin-top:2px}
.swatch{display:inline-block;width:10px;height:3px;margin-right:4px;vertical-align:middle}
</style></head><body>`;
html += `<header><h1>Hookline</h1><span class="range">${new Date(start * 1000).toISOString().slice(0, 19)}Z – ${new Date(end * 1000).toISOString().slice(0, 19)}Z · Prometheus ${values.prometheus} · rate interval ${values["rate-interval"]}</span></header><div class="grid">`;
let bottom = 0;
for (const panel of dashboard.panels) {
  const { x, y, w, h } = panel.gridPos;
  const left = x * CELL;
  const top = y * ROW;
  const width = w * CELL - 6;
  const height = h * ROW - 6;
  bottom = Math.max(bottom, top + height);
  const unit = panel.fieldConfig?.defaults?.unit;
  const series = [];
  for (const target of panel.targets) {
    for (const result of await queryRange(target.expr)) {
      const label = legendOf(target.legendFormat, result.metric) || target.legendFormat;
      series.push({ label, values: result.values, color: OUTCOME_COLORS[result.metric.outcome] ?? COLORS[series.length % COLORS.length] });
    }
  }
  html += `<div class="panel" style="left:${left}px;top:${top}px;width:${width}px;height:${height}px"><div class="title">${panel.title}</div>`;
  if (panel.type === "stat") {
    const last = series[0]?.values.at(-1)?.[1];
    const value = last === undefined ? NaN : Number(last);
    const steps = panel.fieldConfig.defaults.thresholds.steps;
    const color = { green: "#73bf69", orange: "#ff9830", red: "#f2495c" }[[...steps].reverse().find((s) => s.value === null || value >= s.value)?.color] ?? "#73bf69";
    html += `<div class="stat" style="color:${color}">${formatValue(value, unit)}</div>`;
  } else {
    const stacked = panel.fieldConfig?.defaults?.custom?.stacking?.mode === "normal";
    html += chart(series, { width: width - 16, height: height - 52, unit, stacked });
    html += `<div class="legend">${series.map((s) => `<span><span class="swatch" style="background:${s.color}"></span>${s.label}</span>`).join("") || "<span>no data</span>"}</div>`;
  }
  html += `</div>`;
}
html += `</div><div style="height:${bottom + 16}px"></div></body></html>`;
const htmlPath = values.out.replace(/\.png$/, ".html");
writeFileSync(htmlPath, html);
const browser = await chromium.launch({ executablePath: await findChromium(), args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 24 * CELL + 16, height: 800 } });
await page.goto(`file://${path.resolve(htmlPath)}`);
await page.screenshot({ path: values.out, fullPage: true });
await browser.close();
console.log(`${values.out} (and ${htmlPath}) from ${dashboard.panels.length} panels`);
