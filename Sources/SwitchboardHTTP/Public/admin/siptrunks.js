// @ts-check
// Admins' SIP trunks: the list (with Edit and Remove), and a form that adds or replaces one.
import { $, api, startSession, status } from "./common.js";

const form = /** @type {HTMLFormElement} */ ($("trunk-form"));
const field = (/** @type {string} */ id) => /** @type {HTMLInputElement | HTMLTextAreaElement} */ ($(id));

/** @param {{name: string, addresses: string[], username: string | null, passwordSet: boolean}} trunk */
function row(trunk) {
  const tr = document.createElement("tr");
  for (const text of [trunk.name, trunk.addresses.join(", ") || "—", trunk.username || "—", trunk.passwordSet ? "set" : "—"]) {
    tr.append(Object.assign(document.createElement("td"), { textContent: text }));
  }
  const actions = document.createElement("td");
  const edit = Object.assign(document.createElement("button"), { type: "button", className: "secondary", textContent: "Edit" });
  edit.setAttribute("aria-label", `Edit ${trunk.name}`);
  edit.addEventListener("click", () => {
    field("name").value = trunk.name;
    field("addresses").value = trunk.addresses.join("\n");
    field("username").value = trunk.username || "";
    field("password").value = "";
    $("form-title").textContent = `Change ${trunk.name}`;
    field("name").focus();
  });
  const remove = Object.assign(document.createElement("button"), { type: "button", className: "danger", textContent: "Remove" });
  remove.setAttribute("aria-label", `Remove ${trunk.name}`);
  remove.addEventListener("click", async () => {
    if (!confirm(`Remove trunk ${trunk.name}? Its calls are refused from then on.`)) return;
    try {
      await api(`/api/v1/sip/trunks/${encodeURIComponent(trunk.name)}`, { method: "DELETE" });
      status(`Removed ${trunk.name}.`);
      await load();
    } catch (e) {
      status(/** @type {any} */ (e).message, true);
    }
  });
  actions.append(edit, " ", remove);
  tr.append(actions);
  return tr;
}

async function load() {
  const { trunks } = await api("/api/v1/sip/trunks");
  const body = /** @type {HTMLElement} */ (document.querySelector("#trunks tbody"));
  body.replaceChildren(...trunks.map(row));
  if (!trunks.length) {
    const empty = document.createElement("tr");
    empty.append(Object.assign(document.createElement("td"), { colSpan: 5, textContent: "No trunks yet: only sip.trunks in the configuration, if any, can call in." }));
    body.append(empty);
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  // A fresh word for each save: "Saved" twice in a row would not tell the second from the first.
  status("Saving…");
  const name = field("name").value.trim();
  const body = {
    addresses: field("addresses").value.split("\n").map((line) => line.trim()).filter((line) => line !== ""),
    username: field("username").value.trim() || null,
    password: field("password").value || null,
  };
  try {
    const saved = await api(`/api/v1/sip/trunks/${encodeURIComponent(name || "-")}`, { method: "PUT", body: JSON.stringify(body) });
    $("problems").replaceChildren();
    form.reset();
    $("form-title").textContent = "Add a trunk";
    await load();
    status(`Saved ${saved.name}.`);
  } catch (e) {
    // Every problem at once, by field; nothing was saved.
    const issues = /** @type {any} */ (e).body?.error?.issues || [];
    $("problems").replaceChildren(...issues.map((/** @type {any} */ i) => Object.assign(document.createElement("li"), { textContent: `${i.field}: ${i.message}` })));
    status(/** @type {any} */ (e).message, true);
  }
});

(async () => {
  try {
    await startSession();
    await load();
  } catch (e) {
    status(/** @type {any} */ (e).message, true);
  }
})();
