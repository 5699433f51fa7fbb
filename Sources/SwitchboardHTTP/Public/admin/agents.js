// @ts-check
// The supervisors' presence board: every agent's status, refreshed every 5 seconds.
import { $, api, startSession, status } from "./common.js";

/** @param {string | null} iso */
const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : "");

/** Seconds as m:ss. @param {number} s */
const wait = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

async function refresh() {
  try {
    const [{ agents }, { calls }] = await Promise.all([api("/api/v1/presence/agents"), api("/api/v1/telephony/waiting")]);
    const names = new Map(agents.map((/** @type {any} */ a) => [a.userId, a.name]));
    const waiting = /** @type {HTMLElement} */ ($("waiting").querySelector("tbody"));
    waiting.replaceChildren(...calls.map((/** @type {any} */ c) => {
      const tr = document.createElement("tr");
      tr.dataset.callKey = c.callKey;
      tr.dataset.phase = c.phase;
      for (const text of [String(c.position), c.from || "unknown", c.phase === "ringing" ? "Ringing" : "In queue", names.get(c.agent) || "", wait(c.waitingSeconds)]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }));
    $("no-waiting").hidden = calls.length > 0;
    const body = /** @type {HTMLElement} */ ($("agents").querySelector("tbody"));
    body.replaceChildren(...agents.map((/** @type {any} */ a) => {
      const tr = document.createElement("tr");
      tr.dataset.userId = a.userId;
      tr.dataset.status = a.status;
      for (const text of [a.name, a.status, a.reason || "", time(a.since), time(a.afterCallWorkUntil || a.idleSince)]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }));
    $("updated").textContent = `Updated ${new Date().toLocaleTimeString()}; ${agents.length} agents.`;
    document.body.dataset.loaded = "true";
    status("");
  } catch (e) {
    status(/** @type {any} */ (e).message, true);
  }
}

refresh();
setInterval(refresh, 5000);
const session = startSession();

// A simulated caller, through the same path as a phone system's events.
$("simulate").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.target);
  const body = { from: /** @type {HTMLInputElement} */ ($("simulate-from")).value, to: /** @type {HTMLInputElement} */ ($("simulate-to")).value };
  try {
    await session;
    const call = await api("/api/v1/telephony/simulate", { method: "POST", body: JSON.stringify(body) });
    status(call.phase === "ringing" ? "The call is ringing for an agent." : "Nobody is available: the call waits in the queue.");
    form.dataset.callKey = call.callKey;
    refresh();
  } catch (e) {
    status(/** @type {any} */ (e).message, true);
  }
});
