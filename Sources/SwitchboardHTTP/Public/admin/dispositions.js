// @ts-check
// Each call center's dispositions: pick the call center, edit one label per line, save.
import { $, api, startSession, status } from "./common.js";

const select = /** @type {HTMLSelectElement} */ ($("callcenter"));
const labels = /** @type {HTMLTextAreaElement} */ ($("labels"));

const save = /** @type {HTMLButtonElement} */ (document.querySelector("#dispositions-form button[type=submit]"));
let shown = 0;

// The list is read-only while a call center's labels load, so nothing typed meanwhile is overwritten
// by the answer; when the choice changes twice, only the latest call center's answer is shown.
async function show() {
  if (!select.value) return;
  const request = ++shown;
  labels.disabled = save.disabled = true;
  try {
    const answer = await api(`/api/v1/callcenters/${select.value}/dispositions`);
    if (request !== shown) return;
    labels.value = answer.dispositions.join("\n");
    $("problems").replaceChildren();
  } finally {
    if (request === shown) labels.disabled = save.disabled = false;
  }
}

$("dispositions-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  // Blank lines are dropped; the server reports any other problem with the line's position.
  const list = labels.value.split("\n").filter((line) => line.trim() !== "");
  try {
    const answer = await api(`/api/v1/callcenters/${select.value}/dispositions`, { method: "PUT", body: JSON.stringify({ dispositions: list }) });
    labels.value = answer.dispositions.join("\n");
    $("problems").replaceChildren();
    status(`Saved ${answer.dispositions.length} dispositions.`);
  } catch (e) {
    const issues = /** @type {any} */ (e).body?.error?.issues || [];
    $("problems").replaceChildren(...issues.map((/** @type {any} */ i) => Object.assign(document.createElement("li"), { textContent: `${i.field}: ${i.message}` })));
    status(/** @type {any} */ (e).message, true);
  }
});
select.addEventListener("change", () => show().catch((e) => status(e.message, true)));

(async () => {
  try {
    await startSession();
    const { callCenters } = await api("/api/v1/callcenters");
    for (const c of callCenters) select.add(new Option(c.displayName, c.id));
    if (!callCenters.length) status("There are no call centers yet; import one under Call centers.", true);
    await show();
  } catch (e) {
    status(/** @type {any} */ (e).message, true);
  }
})();
