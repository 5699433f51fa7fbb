// @ts-check
// The supervisors' presence board: every agent's status, refreshed every 5 seconds.
import { $, api, status } from "./common.js";

/** @param {string | null} iso */
const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : "");

async function refresh() {
  try {
    const { agents } = await api("/api/v1/presence/agents");
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
