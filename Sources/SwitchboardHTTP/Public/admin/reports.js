// @ts-check
// The supervisor's call reports: filters in the URL (so a report can be shared), summary tiles,
// SVG charts with the numbers in a table under each, and CSV links for every breakdown.
import { $, api, status } from "./common.js";
import { columnChart, barChart } from "./charts.js";

const outcomeSeries = [
  { key: "answered", label: "Answered", color: "#1f7a4d" },
  { key: "missed", label: "Missed", color: "#d08c00" },
  { key: "abandoned", label: "Abandoned", color: "#b42318" },
  { key: "ongoing", label: "Ongoing", color: "#6b7a8c" },
];
const filterNames = ["from", "to", "timeZone", "callCenter", "agent", "queue", "callType"];

/** @param {number | null} rate */
export const percent = (rate) => (rate == null ? "–" : `${(rate * 100).toFixed(1)}%`);
/** Seconds as m:ss (or h:mm:ss). @param {number | null} seconds */
export function duration(seconds) {
  if (seconds == null) return "–";
  const s = Math.round(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return (h ? `${h}:${String(m).padStart(2, "0")}` : `${m}`) + `:${String(r).padStart(2, "0")}`;
}

/** The filters as a query string (encodeURIComponent: the server reads + as a plus). */
function query() {
  return filterNames
    .map((name) => [name, /** @type {HTMLInputElement} */ ($(name)).value.trim()])
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");
}

function readURL() {
  const params = new URLSearchParams(location.search);
  for (const name of filterNames) {
    const value = params.get(name);
    const input = /** @type {HTMLInputElement} */ ($(name));
    if (value == null) continue;
    if (input instanceof HTMLSelectElement && ![...input.options].some((o) => o.value === value)) input.add(new Option(value, value));
    input.value = value;
  }
  const zone = /** @type {HTMLInputElement} */ ($("timeZone"));
  if (!zone.value) zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Fills the agent and call center pickers; the report works without them. */
async function loadChoices() {
  const params = new URLSearchParams(location.search);
  const agents = /** @type {HTMLSelectElement} */ ($("agent"));
  const centers = /** @type {HTMLSelectElement} */ ($("callCenter"));
  // readURL kept a chosen id as a bare option until the names arrive.
  for (const select of [agents, centers]) for (const o of [...select.options]) if (o.value && o.text === o.value) o.remove();
  try {
    const page = await api("/api/v1/records/User?limit=500&sort=Name");
    for (const user of page.records) agents.add(new Option(user.Name || user.Username, user.Id));
    agents.value = params.get("agent") || "";
  } catch { /* leave "All agents" */ }
  try {
    const { callCenters } = await api("/api/v1/callcenters");
    for (const c of callCenters) centers.add(new Option(c.displayName, c.id));
    centers.value = params.get("callCenter") || "";
  } catch { /* leave "All call centers" */ }
}

/** A table of the rows' numbers, under each chart. @param {any[]} rows @param {string} keyTitle */
function numbersTable(rows, keyTitle) {
  const table = document.createElement("table");
  const head = ["Calls", "Answered", "Missed", "Abandoned", "Answer rate", "Abandon rate", "Avg handle", "Longest wait"];
  table.innerHTML = `<thead><tr><th scope="col"></th>${head.map((h) => `<th scope="col" class="num">${h}</th>`).join("")}</tr></thead>`;
  /** @type {HTMLTableCellElement} */ (table.querySelector("th")).textContent = keyTitle;
  const body = document.createElement("tbody");
  for (const row of rows) {
    const tr = document.createElement("tr");
    tr.dataset.key = row.key;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = row.label;
    tr.append(th);
    for (const text of [row.calls, row.answered, row.missed, row.abandoned, percent(row.answerRate), percent(row.abandonRate),
      duration(row.averageHandleSeconds), duration(row.longestWaitSeconds)]) {
      const td = document.createElement("td");
      td.className = "num";
      td.textContent = String(text);
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}

/** @param {any} report */
function render(report) {
  const s = report.summary;
  $("sum-calls").textContent = String(s.calls);
  $("sum-answer-rate").textContent = percent(s.answerRate);
  $("sum-abandon-rate").textContent = percent(s.abandonRate);
  $("sum-missed").textContent = String(s.missed);
  $("sum-aht").textContent = duration(s.averageHandleSeconds);
  $("sum-wait").textContent = duration(s.averageWaitSeconds);
  $("sum-longest-wait").textContent = duration(s.longestWaitSeconds);
  $("range").textContent = `${report.from.slice(0, 16).replace("T", " ")} to ${report.to.slice(0, 16).replace("T", " ")} UTC, hours and days in ${report.timeZone}`;
  const q = query();
  /** @type {HTMLAnchorElement} */ ($("export-calls")).href = `/api/v1/reports/calls/records?${q}`;
  /** @type {HTMLAnchorElement} */ ($("export-summary")).href = `/api/v1/reports/calls/export?breakdown=summary&${q}`;
  const sources = { hour: report.byHour, day: report.byDay, agent: report.byAgent, queue: report.byQueue, callType: report.byCallType };
  const titles = { hour: "Hour", day: "Day", agent: "Agent", queue: "Queue", callType: "Call type" };
  for (const section of document.querySelectorAll("section.report")) {
    const breakdown = /** @type {HTMLElement} */ (section).dataset.breakdown || "";
    const rows = sources[breakdown] || [];
    const title = section.querySelector("h2")?.textContent || "";
    const chart = /** @type {HTMLElement} */ (section.querySelector(".chart"));
    chart.innerHTML = breakdown === "hour" || breakdown === "day"
      ? columnChart(rows, { series: outcomeSeries, title, labelEvery: breakdown === "hour" ? 2 : undefined })
      : rows.length ? barChart(rows, { series: outcomeSeries, title }) : "<p>No calls.</p>";
    /** @type {HTMLAnchorElement} */ (section.querySelector("a.csv")).href = `/api/v1/reports/calls/export?breakdown=${breakdown}&${q}`;
    section.querySelector(".numbers")?.replaceChildren(numbersTable(rows, titles[breakdown]));
  }
}

async function load() {
  status("Loading…");
  try {
    const report = await api(`/api/v1/reports/calls?${query()}`);
    render(report);
    document.body.dataset.loaded = "true";
    status("");
  } catch (e) {
    const issues = /** @type {any} */ (e).body?.error?.issues || [];
    status([/** @type {any} */ (e).message, ...issues.map((/** @type {any} */ i) => `${i.field}: ${i.message}`)].join(" — "), true);
  }
}

if (typeof document !== "undefined" && document.getElementById("filters")) {
  readURL();
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", `/admin/reports?${query()}`);
    document.body.dataset.loaded = "false";
    load();
  });
  loadChoices();
  load();
}
