// @ts-check
// The call center admin page: list, import with preview, edit, users, clone, export, delete.
// Everything goes through the REST API; data is shown with textContent only.

import { $, api, startSession, status } from "./common.js";

/** @param {HTMLElement} list @param {Array<{line?: number|null, column?: number|null, message: string}>} issues */
function showIssues(list, issues) {
  list.replaceChildren(...issues.map((issue) => {
    const li = document.createElement("li");
    li.textContent = (issue.line ? `Line ${issue.line}${issue.column ? `, column ${issue.column}` : ""}: ` : "") + issue.message;
    return li;
  }));
}

/** Problems from an API error: the definition's own list, or the generic issues. @param {any} error */
function problemsOf(error) {
  const body = error.body?.error;
  if (body?.problems) return body.problems;
  if (body?.issues?.length) return body.issues.map((/** @type {any} */ i) => ({ message: `${i.field}: ${i.message}` }));
  return [{ message: error.message }];
}

/** @param {HTMLElement} container @param {any} definition @param {boolean} editable */
function renderSections(container, definition, editable) {
  container.replaceChildren(...definition.sections.map((/** @type {any} */ section) => {
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = `${section.label} (${section.name})`;
    fieldset.append(legend);
    const table = document.createElement("table");
    for (const item of section.items) {
      const row = table.insertRow();
      const name = row.insertCell();
      name.textContent = item.name;
      const label = row.insertCell();
      const value = row.insertCell();
      if (editable && !(section.name === "reqGeneralInfo" && item.name === "reqInternalName")) {
        for (const [cell, key] of [[label, "label"], [value, "value"]]) {
          const input = document.createElement("input");
          input.value = item[key];
          input.dataset.section = section.name;
          input.dataset.item = item.name;
          input.dataset.key = key;
          input.dataset.original = item[key];
          input.setAttribute("aria-label", `${item.name} ${key}`);
          /** @type {HTMLElement} */ (cell).append(input);
        }
      } else {
        label.textContent = item.label;
        value.textContent = item.value;
      }
    }
    fieldset.append(table);
    return fieldset;
  }));
}

async function showList() {
  $("list-view").hidden = false;
  $("detail-view").hidden = true;
  const { callCenters } = await api("/api/v1/callcenters");
  const body = /** @type {HTMLTableSectionElement} */ ($("callcenters").querySelector("tbody"));
  body.replaceChildren(...callCenters.map((/** @type {any} */ c) => {
    const row = document.createElement("tr");
    const name = document.createElement("a");
    name.href = `#/${c.id}`;
    name.textContent = c.displayName;
    const cells = [name, c.internalName, c.compatibilityMode, c.adapterUrl];
    for (const content of cells) {
      const td = row.insertCell();
      if (typeof content === "string") td.textContent = content; else td.append(content);
    }
    const exports = row.insertCell();
    for (const format of ["import", "metadata"]) {
      const link = document.createElement("a");
      link.href = `/api/v1/callcenters/${c.id}/export?format=${format}`;
      link.textContent = format === "import" ? "Import format" : "Metadata";
      exports.append(link, " ");
    }
    return row;
  }));
  if (callCenters.length === 0) {
    const row = body.insertRow();
    const cell = row.insertCell();
    cell.colSpan = 5;
    cell.textContent = "No call centers yet. Import a definition file below.";
  }
}

/** @type {{bytes: ArrayBuffer, name: string} | null} */
let pendingImport = null;

async function previewImport(/** @type {SubmitEvent} */ event) {
  event.preventDefault();
  const file = /** @type {HTMLInputElement} */ ($("definition-file")).files?.[0];
  if (!file) return;
  pendingImport = { bytes: await file.arrayBuffer(), name: file.name };
  $("preview").hidden = false;
  $("preview-title").textContent = file.name;
  status("Checking…");
  showIssues($("preview-warnings"), []);
  try {
    const result = await api(`/api/v1/callcenters?preview=true&fileName=${encodeURIComponent(file.name)}`, { method: "POST", body: pendingImport.bytes, headers: { "Content-Type": "application/xml" } });
    showIssues($("preview-problems"), []);
    showIssues($("preview-warnings"), result.warnings);
    renderSections($("preview-sections"), result.preview, false);
    /** @type {HTMLButtonElement} */ ($("confirm-import")).disabled = false;
    status(result.warnings.length ? `Ready to import, with ${result.warnings.length} warning(s).` : "Ready to import.");
  } catch (error) {
    showIssues($("preview-problems"), problemsOf(error));
    $("preview-sections").replaceChildren();
    /** @type {HTMLButtonElement} */ ($("confirm-import")).disabled = true;
    status("This file cannot be imported; nothing was stored.", true);
  }
}

async function confirmImport() {
  if (!pendingImport) return;
  try {
    const result = await api(`/api/v1/callcenters?fileName=${encodeURIComponent(pendingImport.name)}`, { method: "POST", body: pendingImport.bytes, headers: { "Content-Type": "application/xml" } });
    status(`Imported ${result.callCenter.displayName}.`);
    $("preview").hidden = true;
    pendingImport = null;
    await showList();
  } catch (error) {
    showIssues($("preview-problems"), problemsOf(error));
    status("The import was refused; nothing was stored.", true);
  }
}

/** @param {string} id */
async function showDetail(id) {
  $("list-view").hidden = true;
  $("detail-view").hidden = false;
  const c = await api(`/api/v1/callcenters/${id}`);
  $("detail-title").textContent = c.displayName;
  $("detail-meta").textContent = `${c.internalName} · ${c.compatibilityMode} · last changed ${c.lastModifiedDate}`;
  renderSections($("detail-sections"), c.definition, true);
  /** @type {HTMLTextAreaElement} */ ($("dnis")).value = c.dnisNumbers.join("\n");
  /** @type {HTMLTextAreaElement} */ ($("trusted-origins")).value = c.trustedOrigins.join("\n");
  $("framed-origins").textContent = c.framedOrigins.length ? c.framedOrigins.join(", ") : "this host only (the adapter URL is a path here)";
  const { users } = await api(`/api/v1/callcenters/${id}/users`);
  $("users").replaceChildren(...users.map((/** @type {any} */ u) => {
    const li = document.createElement("li");
    li.textContent = `${u.Name} (${u.Username}) `;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "secondary";
    remove.textContent = `Remove ${u.Username}`;
    remove.addEventListener("click", async () => {
      await api(`/api/v1/callcenters/${id}/users/${u.Id}`, { method: "DELETE" });
      status(`${u.Username} removed.`);
      await showDetail(id);
    });
    li.append(remove);
    return li;
  }));
  if (users.length === 0) {
    const li = document.createElement("li");
    li.textContent = "No users yet.";
    $("users").replaceChildren(li);
  }
}

function currentID() { return location.hash.slice(2); }

async function saveChanges(/** @type {SubmitEvent} */ event) {
  event.preventDefault();
  /** @type {Map<string, any>} */
  const changes = new Map();
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ ($("detail-sections").querySelectorAll("input"))) {
    if (input.value === input.dataset.original) continue;
    const key = `${input.dataset.section}/${input.dataset.item}`;
    const change = changes.get(key) || { section: input.dataset.section, item: input.dataset.item };
    change[/** @type {string} */ (input.dataset.key)] = input.value;
    changes.set(key, change);
  }
  const section = /** @type {HTMLInputElement} */ ($("new-section")).value.trim();
  const item = /** @type {HTMLInputElement} */ ($("new-item")).value.trim();
  if (section && item) {
    changes.set(`${section}/${item}`, { section, item, value: /** @type {HTMLInputElement} */ ($("new-value")).value, label: /** @type {HTMLInputElement} */ ($("new-label")).value || item });
  }
  const lines = (/** @type {string} */ id) => /** @type {HTMLTextAreaElement} */ ($(id)).value.split("\n").map((l) => l.trim()).filter(Boolean);
  try {
    const body = { changes: [...changes.values()], dnisNumbers: lines("dnis"), trustedOrigins: lines("trusted-origins") };
    const result = await api(`/api/v1/callcenters/${currentID()}`, { method: "PATCH", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
    showIssues($("detail-problems"), []);
    showIssues($("detail-warnings"), result.warnings);
    for (const id of ["new-section", "new-item", "new-label", "new-value"]) /** @type {HTMLInputElement} */ ($(id)).value = "";
    await showDetail(currentID());
    status("Saved.");  // only once the page shows what was saved
  } catch (error) {
    showIssues($("detail-problems"), problemsOf(error));
    status("Not saved; fix the problems listed.", true);
  }
}

async function addUser(/** @type {SubmitEvent} */ event) {
  event.preventDefault();
  const user = /** @type {HTMLInputElement} */ ($("add-user")).value.trim();
  const move = /** @type {HTMLInputElement} */ ($("add-user-move")).checked;
  const report = await api(`/api/v1/callcenters/${currentID()}/users`, { method: "POST", body: JSON.stringify({ users: [user], move }), headers: { "Content-Type": "application/json" } });
  $("assign-report").replaceChildren(...report.rows.map((/** @type {any} */ row) => {
    const li = document.createElement("li");
    li.textContent = `${row.user}: ${row.outcome}`;
    li.className = row.applied ? "" : "error";
    return li;
  }));
  /** @type {HTMLInputElement} */ ($("add-user")).value = "";
  await showDetail(currentID());
}

/** Searches users; each shows where they are now, with a button to add or move them here. */
async function searchUsers(/** @type {SubmitEvent} */ event) {
  event.preventDefault();
  const q = encodeURIComponent(/** @type {HTMLInputElement} */ ($("search-users")).value.trim());
  const [byName, byUsername, centers] = await Promise.all([
    api(`/api/v1/records/User?Name.startswith=${q}&IsActive=true&limit=20&sort=Name`),
    api(`/api/v1/records/User?Username.startswith=${q}&IsActive=true&limit=20&sort=Name`),
    api("/api/v1/callcenters"),
  ]);
  const names = new Map(centers.callCenters.map((/** @type {any} */ c) => [c.id, c.displayName]));
  const seen = new Set();
  const users = [...byName.records, ...byUsername.records].filter((u) => !seen.has(u.Id) && seen.add(u.Id));
  const here = currentID();
  $("search-results").replaceChildren(...users.map((/** @type {any} */ u) => {
    const li = document.createElement("li");
    const where = u.CallCenterId ? (u.CallCenterId === here ? "already here" : `in ${names.get(u.CallCenterId) || u.CallCenterId}`) : "not in a call center";
    li.textContent = `${u.Name} (${u.Username}) — ${where} `;
    if (u.CallCenterId !== here) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = u.CallCenterId ? `Move ${u.Username} here` : `Add ${u.Username}`;
      button.addEventListener("click", async () => {
        await api(`/api/v1/callcenters/${here}/users`, { method: "POST", body: JSON.stringify({ users: [u.Username], move: true }), headers: { "Content-Type": "application/json" } });
        status(`${u.Username} is now in this call center.`);
        $("search-results").replaceChildren();
        await showDetail(here);
      });
      li.append(button);
    }
    return li;
  }));
  if (users.length === 0) $("search-results").replaceChildren(Object.assign(document.createElement("li"), { textContent: "No active user matches." }));
}

async function cloneCallCenter(/** @type {SubmitEvent} */ event) {
  event.preventDefault();
  const internalName = /** @type {HTMLInputElement} */ ($("clone-name")).value.trim();
  const displayName = /** @type {HTMLInputElement} */ ($("clone-display")).value.trim() || undefined;
  try {
    const copy = await api(`/api/v1/callcenters/${currentID()}/clone`, { method: "POST", body: JSON.stringify({ internalName, displayName }), headers: { "Content-Type": "application/json" } });
    status(`Cloned to ${copy.internalName}.`);
    location.hash = `#/${copy.id}`;
  } catch (error) {
    status(error instanceof Error ? error.message : String(error), true);
  }
}

async function deleteCallCenter() {
  if (!confirm("Delete this call center? This cannot be undone.")) return;
  try {
    await api(`/api/v1/callcenters/${currentID()}`, { method: "DELETE" });
    status("Deleted.");
    location.hash = "";
  } catch (error) {
    status(error instanceof Error ? error.message : String(error), true);
  }
}

async function route() {
  try {
    if (location.hash.startsWith("#/")) await showDetail(currentID()); else await showList();
  } catch (error) {
    status(error instanceof Error ? error.message : String(error), true);
  }
}

async function start() {
  await startSession();
  $("import-form").addEventListener("submit", previewImport);
  $("confirm-import").addEventListener("click", confirmImport);
  $("cancel-import").addEventListener("click", () => { $("preview").hidden = true; pendingImport = null; status("Import cancelled; nothing was stored."); });
  $("edit-form").addEventListener("submit", saveChanges);
  $("add-user-form").addEventListener("submit", addUser);
  $("search-users-form").addEventListener("submit", searchUsers);
  $("clone-form").addEventListener("submit", cloneCallCenter);
  $("delete-callcenter").addEventListener("click", deleteCallCenter);
  window.addEventListener("hashchange", route);
  await route();
  document.body.dataset.ready = "true";
}

start().catch((error) => status(error.message, true));
