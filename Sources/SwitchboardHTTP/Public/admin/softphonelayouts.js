// @ts-check
// The softphone layout editor: one form per layout, one fieldset per call type.

import { $, api, startSession, status } from "./common.js";

const CALL_TYPES = ["Inbound", "Outbound", "Internal"];
const FIELDS = ["ANI", "DNIS", "SEGMENT", "QUEUE"];
const MATCHES = [["NoMatch", "No match"], ["SingleMatch", "One match"], ["MultipleMatches", "Several matches"]];
/** Choices a person understands, and the §4.8 values they stand for. */
const ACTIONS = [
  ["", "Do nothing"],
  ["record", "Open the matched record"],
  ["new", "Open a new-record form of…"],
  ["search", "Open the search page"],
  ["url", "Open a URL…"],
  ["flow", "Open a flow…"],
];

/** @type {any[]} */
let layouts = [];
/** @type {string|null} */
let editing = null;

/** @param {string} tag @param {Record<string, string>} [attrs] @param {string} [text] */
function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

/** The editor for one call type. @param {string} type @param {any} part */
function callTypeEditor(type, part) {
  const fieldset = el("fieldset", { "data-type": type });
  fieldset.append(el("legend", {}, `${type} calls`));
  const fields = el("p");
  for (const f of FIELDS) {
    const label = el("label", { class: "inline" });
    const box = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", name: `${type}-field`, value: f }));
    box.checked = (part?.callRelatedFields || []).includes(f);
    label.append(box, ` ${f}`);
    fields.append(label);
  }
  fieldset.append(el("span", {}, "Call fields shown: "), fields);
  const objectsLabel = el("label", { for: `${type}-objects` }, "Objects to search, one per line — Object: Field (label shown), Field");
  const objects = /** @type {HTMLTextAreaElement} */ (el("textarea", { id: `${type}-objects`, rows: "3" }));
  objects.value = Object.entries(part?.objects || {}).map(([object, list]) =>
    `${object}: ${/** @type {any[]} */ (list).map((f) => (f.displayName && f.displayName !== f.apiName ? `${f.apiName} (${f.displayName})` : f.apiName)).join(", ")}`).join("\n");
  fieldset.append(objectsLabel, objects);
  for (const [match, title] of MATCHES) {
    const pop = part?.screenPopSettings?.[match];
    let choice = "";
    let data = "";
    if (pop?.screenPopType === "PopToEntity") { choice = pop.screenPopData ? "new" : "record"; data = pop.screenPopData || ""; }
    if (pop?.screenPopType === "PopToSearch") choice = "search";
    if (pop?.screenPopType === "PopToVisualforce") { choice = "url"; data = pop.screenPopData || ""; }
    if (pop?.screenPopType === "PopToFlow") { choice = "flow"; data = pop.screenPopData || ""; }
    const select = /** @type {HTMLSelectElement} */ (el("select", { id: `${type}-${match}` }));
    for (const [value, text] of ACTIONS) {
      if (value === "record" && match !== "SingleMatch") continue;
      const option = /** @type {HTMLOptionElement} */ (el("option", { value }, text));
      option.selected = value === choice;
      select.append(option);
    }
    const detail = /** @type {HTMLInputElement} */ (el("input", { id: `${type}-${match}-data`, "aria-label": `${type} ${title}: object, URL or flow` }));
    detail.value = data;
    fieldset.append(el("label", { for: `${type}-${match}` }, `${title}:`), select, detail);
  }
  return fieldset;
}

/** Reads one call type back into the API's shape. @param {string} type */
function readCallType(type) {
  const fields = [...document.querySelectorAll(`input[name="${type}-field"]:checked`)].map((b) => /** @type {HTMLInputElement} */ (b).value);
  const objects = /** @type {HTMLTextAreaElement} */ ($(`${type}-objects`)).value.split("\n").map((l) => l.trim()).filter(Boolean).map((line) => {
    const [object, list = ""] = line.split(":");
    // "Name (Account Name)": the API name, then the label the softphone shows, if it differs.
    const fields = list.split(",").map((f) => f.trim()).filter(Boolean).map((text) => {
      const match = /^([^()]+?)\s*(?:\((.*)\))?$/.exec(text);
      return match ? { apiName: match[1].trim(), displayName: (match[2] || match[1]).trim() } : { apiName: text };
    });
    return { object: object.trim(), fields };
  });
  /** @type {Record<string, any>} */
  const part = { callRelatedFields: fields, objects };
  for (const [match] of MATCHES) {
    const choice = /** @type {HTMLSelectElement} */ ($(`${type}-${match}`)).value;
    const data = /** @type {HTMLInputElement} */ ($(`${type}-${match}-data`)).value.trim();
    if (choice === "record") part[match] = { screenPopType: "PopToEntity" };
    if (choice === "new") part[match] = { screenPopType: "PopToEntity", screenPopData: data };
    if (choice === "search") part[match] = { screenPopType: "PopToSearch" };
    if (choice === "url") part[match] = { screenPopType: "PopToVisualforce", screenPopData: data };
    if (choice === "flow") part[match] = { screenPopType: "PopToFlow", screenPopData: data };
  }
  return part;
}

/** @param {any} layout */
function edit(layout) {
  editing = layout?.id || null;
  $("layout-form").hidden = false;
  $("problems").replaceChildren();
  $("form-title").textContent = layout ? `Edit ${layout.name}` : "New layout";
  /** @type {HTMLInputElement} */ ($("layout-name")).value = layout?.name || "";
  /** @type {HTMLInputElement} */ ($("layout-default")).checked = !!layout?.isDefault;
  for (const box of document.querySelectorAll('input[name="role"]')) /** @type {HTMLInputElement} */ (box).checked = (layout?.roles || []).includes(/** @type {HTMLInputElement} */ (box).value);
  /** @type {HTMLInputElement} */ ($("layout-users")).value = (layout?.userNames || []).join(", ");
  $("call-types").replaceChildren(...CALL_TYPES.map((t) => callTypeEditor(t, layout?.callTypes?.[t])));
  /** @type {HTMLButtonElement} */ ($("delete-layout")).hidden = !layout || layout.isDefault;
}

async function load() {
  const { layouts: list } = await api("/api/v1/softphonelayouts");
  // Show usernames rather than ids.
  const users = new Map();
  for (const layout of list) {
    layout.userNames = [];
    for (const id of layout.users) {
      if (!users.has(id)) users.set(id, (await api(`/api/v1/records/User/${id}`)).Username);
      layout.userNames.push(users.get(id));
    }
  }
  layouts = list;
  const body = /** @type {HTMLTableSectionElement} */ ($("layouts").querySelector("tbody"));
  body.replaceChildren(...layouts.map((layout) => {
    const row = document.createElement("tr");
    const link = el("a", { href: "#" }, layout.name);
    link.addEventListener("click", (event) => { event.preventDefault(); edit(layout); });
    row.insertCell().append(link);
    row.insertCell().textContent = layout.isDefault ? "yes" : "";
    row.insertCell().textContent = layout.roles.join(", ");
    row.insertCell().textContent = layout.userNames.join(", ");
    return row;
  }));
}

async function save(/** @type {SubmitEvent} */ event) {
  event.preventDefault();
  const body = {
    name: /** @type {HTMLInputElement} */ ($("layout-name")).value,
    isDefault: /** @type {HTMLInputElement} */ ($("layout-default")).checked,
    roles: [...document.querySelectorAll('input[name="role"]:checked')].map((b) => /** @type {HTMLInputElement} */ (b).value),
    users: /** @type {HTMLInputElement} */ ($("layout-users")).value.split(",").map((u) => u.trim()).filter(Boolean),
    callTypes: Object.fromEntries(CALL_TYPES.map((t) => [t, readCallType(t)])),
  };
  try {
    const saved = await api(editing ? `/api/v1/softphonelayouts/${editing}` : "/api/v1/softphonelayouts", { method: editing ? "PUT" : "POST", body: JSON.stringify(body) });
    status(`Saved ${saved.name}.`);
    $("layout-form").hidden = true;
    await load();
  } catch (error) {
    const issues = /** @type {any} */ (error).body?.error?.issues || [];
    $("problems").replaceChildren(...(issues.length ? issues : [{ field: "", message: String(/** @type {any} */ (error).message) }]).map((/** @type {any} */ i) => el("li", {}, i.field ? `${i.field}: ${i.message}` : i.message)));
    status("Not saved; fix the problems listed.", true);
  }
}

async function remove() {
  if (!editing || !confirm("Delete this layout? Its users and roles get the default layout.")) return;
  try {
    await api(`/api/v1/softphonelayouts/${editing}`, { method: "DELETE" });
    status("Deleted.");
    $("layout-form").hidden = true;
    await load();
  } catch (error) { status(error instanceof Error ? error.message : String(error), true); }
}

async function start() {
  await startSession();
  $("new-layout").addEventListener("click", () => edit(null));
  $("layout-form").addEventListener("submit", save);
  $("delete-layout").addEventListener("click", remove);
  await load();
  document.body.dataset.ready = "true";
}

start().catch((error) => status(error.message, true));
