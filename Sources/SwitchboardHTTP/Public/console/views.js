// @ts-check
// The console's views: home, object home and list views, record pages with related lists and
// edit, search results, the new-record modal, framed pages and the call list. Data always goes in
// with textContent.
import { api } from "../admin/common.js";
import { paths, objectOfId } from "./routes.js";

/** Fields the record page keeps out of the details grid. */
const SYSTEM_FIELDS = new Set(["Id", "CreatedDate", "LastModifiedDate", "CreatedById", "LastModifiedById", "IsDeleted", "SystemModstamp"]);
/** Columns of list views per object. */
const COLUMNS = {
  Account: ["Name", "Phone", "BillingCity", "Industry"],
  Contact: ["Name", "AccountId", "Phone", "MobilePhone", "Email"],
  Lead: ["Name", "Company", "Phone", "Status"],
  Case: ["CaseNumber", "Subject", "Status", "Priority", "ContactId"],
  Task: ["Subject", "Status", "CallType", "WhoId", "ActivityDate"],
  VoiceCall: ["Name", "CallType", "FromPhoneNumber", "ToPhoneNumber", "CallStartDateTime"],
};
/** Related lists per object: [title, object, lookup field]. */
const RELATED = {
  Account: [["Contacts", "Contact", "AccountId"], ["Cases", "Case", "AccountId"], ["Activities", "Task", "WhatId"]],
  Contact: [["Cases", "Case", "ContactId"], ["Activities", "Task", "WhoId"]],
  Lead: [["Activities", "Task", "WhoId"]],
  Case: [["Activities", "Task", "WhatId"]],
  Task: [],
  VoiceCall: [],
};

/** @type {Map<string, any>} */
const describeCache = new Map();
export async function describe(object) {
  if (!describeCache.has(object)) describeCache.set(object, await api(`/api/v1/objects/${object}`));
  return describeCache.get(object);
}

/** Creates an element with text and attributes. */
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/**
 * A phone number: a click-to-dial link while the softphone enabled it, plain text otherwise.
 * The console re-renders these in place when click-to-dial changes.
 */
export function phone(number, record) {
  const span = h("span", { class: "phone-field", "data-number": number, "data-record-id": record?.Id || "", "data-record-name": record ? recordName(record) : "", "data-object": record?.attributes?.type || "" });
  span.textContent = number;
  return span;
}

export function recordName(record) {
  const type = record.attributes?.type;
  if (type === "Case") return record.CaseNumber || "";
  if (type === "Task") return record.Subject || "";
  return record.Name || "";
}

function link(text, path) {
  return h("a", { href: path, "data-nav": true, text });
}

/** A cell value: lookups link to their record, phones are click-to-dial, instants read as local time. */
function cell(record, field, describeInfo) {
  const value = record[field];
  if (value === null || value === undefined || value === "") return h("span", { class: "empty", text: "" });
  const info = describeInfo.fields.find((f) => f.name === field);
  if (field === "Name" || field === "CaseNumber" || (field === "Subject" && record.attributes.type === "Task")) return link(String(value), paths.record(record.attributes.type, record.Id));
  if (info?.type === "phone") return phone(String(value), record);
  if (info?.type === "reference" && objectOfId(String(value))) {
    return link(record.__names?.[field] || String(value), paths.record(objectOfId(String(value)), String(value)));
  }
  if (info?.type === "dateTime") return h("time", { datetime: value, text: new Date(value).toLocaleString() });
  return h("span", { text: String(value) });
}

/** A list of records; with `reasons` (id → match reason) a last column says why each matched. */
export function table(object, records, describeInfo, columns = COLUMNS[object], reasons = null) {
  const cols = columns.filter((c) => describeInfo.fields.some((f) => f.name === c));
  if (records.length === 0) return h("p", { class: "empty-list", text: `No ${object.toLowerCase()} records.` });
  const why = (r) => {
    const reason = reasons?.[r.Id];
    return reason ? [h("td", { class: "match-reason", text: `${reason.field}: ${reason.rule} (${reason.query})` })] : [];
  };
  return h(
    "table",
    { class: "records", "data-object": object },
    h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", { scope: "col", text: c })), ...(reasons ? [h("th", { scope: "col", text: "Why" })] : []))),
    h("tbody", {}, ...records.map((r) => h("tr", { "data-id": r.Id }, ...cols.map((c) => h("td", {}, cell(r, c, describeInfo))), ...why(r))))
  );
}

export async function homeView(view, ctx) {
  const session = ctx.session;
  view.replaceChildren(
    h("h1", { text: "Console" }),
    h("p", { text: `Signed in as ${session.username} (${session.role}).` }),
    h("ul", { class: "object-links" }, ...Object.keys(COLUMNS).map((o) => h("li", {}, link(`${o}s`, paths.objectHome(o))))),
    h("p", {}, link("Call list", paths.workList()))
  );
  return { title: "Home" };
}

async function listRecords(object, filter, session) {
  const query = new URLSearchParams({ sort: "-LastModifiedDate", limit: "50" });
  if (filter === "MyRecords") query.set("OwnerId", session.userId);
  return (await api(`/api/v1/records/${object}?${query}`)).records;
}

function filterOf(name) {
  const n = String(name || "").toLowerCase();
  if (n.includes("my")) return "MyRecords";
  if (n.includes("all")) return "All";
  return "Recent";
}

export async function objectHomeView(view, route, ctx) {
  return listView(view, { ...route, filterName: "Recent" }, ctx, true);
}

export async function listView(view, route, ctx, home = false) {
  const object = route.object;
  const [info, records] = await Promise.all([describe(object), listRecords(object, filterOf(route.filterName), ctx.session)]);
  const filters = ["Recent", "MyRecords", "All"].map((f) => link(f === "MyRecords" ? `My ${object}s` : f === "All" ? `All ${object}s` : "Recently viewed", paths.list(object, f)));
  view.replaceChildren(
    h("header", { class: "view-header" },
      h("h1", { text: `${object}s` }),
      h("p", { class: "list-name", text: home ? "Recently viewed" : `List view: ${route.filterName}` }),
      h("button", { type: "button", id: "new-button", onclick: () => ctx.navigate(paths.newRecord(object, {}, ctx.currentPath())), text: "New" })),
    h("nav", { class: "list-filters", "aria-label": "List views" }, ...filters),
    table(object, records, info)
  );
  return { title: `${object}s` };
}

export async function recordView(view, route, ctx) {
  const { object, id } = route;
  let record;
  try {
    record = await api(`/api/v1/records/${object}/${id}`);
  } catch (e) {
    view.replaceChildren(h("h1", { text: "Record not found" }), h("p", { class: "error", role: "alert", text: /** @type {any} */ (e).message }));
    return { title: "Not found" };
  }
  const info = await describe(object);
  const name = recordName(record);
  // Lookups read as the names of the records they point at.
  record.__names = {};
  await Promise.all(info.fields.filter((f) => f.type === "reference" && record[f.name] && objectOfId(record[f.name])).map(async (f) => {
    try {
      record.__names[f.name] = recordName(await api(`/api/v1/records/${objectOfId(record[f.name])}/${record[f.name]}`));
    } catch {
      // A user or an object the console does not show: the id stays.
    }
  }));
  const details = h("dl", { class: "details" });
  for (const field of info.fields) {
    if (SYSTEM_FIELDS.has(field.name)) continue;
    details.append(h("dt", { text: field.name }), h("dd", { "data-field": field.name }, cell(record, field.name, info)));
  }
  const related = h("section", { class: "related" });
  for (const [title, relatedObject, lookup] of RELATED[object] || []) {
    const relatedInfo = await describe(relatedObject);
    if (!relatedInfo.fields.some((f) => f.name === lookup)) continue;
    const rows = (await api(`/api/v1/records/${relatedObject}?${lookup}=${record.Id}&sort=-LastModifiedDate&limit=20`)).records;
    related.append(h("section", { class: "related-list", "data-related": title }, h("h2", { text: `${title} (${rows.length})` }), table(relatedObject, rows, relatedInfo)));
  }
  if (["Account", "Contact", "Lead", "Case"].includes(object)) related.prepend(await timeline(record.Id));
  const editButton = h("button", { type: "button", id: "edit-button", text: "Edit", onclick: () => editForm(view, object, record, info, ctx) });
  view.replaceChildren(
    h("header", { class: "view-header" }, h("p", { class: "object-type", text: object }), h("h1", { id: "record-name", text: name }), editButton),
    details,
    h("p", { class: "audit", text: `Created ${new Date(record.CreatedDate).toLocaleString()} · Last modified ${new Date(record.LastModifiedDate).toLocaleString()}` }),
    related
  );
  return { title: name, recordId: record.Id, recordName: name, objectType: object, record };
}

/** Seconds as m:ss. @param {number | null | undefined} seconds */
function minutes(seconds) {
  if (seconds == null) return "";
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** The record's calls and tasks, newest first, a call and its Task shown together. */
async function timeline(id) {
  const section = h("section", { class: "timeline", "data-related": "Timeline" }, h("h2", { text: "Timeline" }));
  let entries = [];
  try {
    entries = (await api(`/api/v1/timeline/${id}`)).entries;
  } catch (e) {
    section.append(h("p", { class: "error", text: /** @type {any} */ (e).message }));
    return section;
  }
  const callTasks = new Set(entries.filter((e) => e.type === "call" && e.linkedId).map((e) => e.linkedId));
  const list = h("ol", { class: "timeline-list" });
  for (const entry of entries) {
    const r = entry.record;
    if (entry.type === "task" && callTasks.has(r.Id)) continue;  // shown with its call
    const when = new Date(entry.at).toLocaleString();
    if (entry.type === "call") {
      const task = entries.find((e) => e.type === "task" && e.record.Id === entry.linkedId)?.record;
      const facts = [r.CallType, r.Outcome, minutes(r.CallDurationInSeconds), r.CallDisposition, r.QueueName].filter(Boolean).join(" · ");
      list.append(h("li", { class: "timeline-call", "data-id": r.Id },
        h("span", { class: "timeline-kind", text: "Call" }), " ", link(`${r.Name} ${facts}`, paths.record("VoiceCall", r.Id)),
        h("span", { class: "timeline-when", text: ` ${when}` }),
        task ? h("p", { class: "timeline-notes" }, link(task.Subject || "Call log", paths.record("Task", task.Id)), task.Description ? `: ${task.Description}` : "") : null));
    } else {
      const facts = [r.Status, r.CallDisposition].filter(Boolean).join(" · ");
      list.append(h("li", { class: "timeline-task", "data-id": r.Id },
        h("span", { class: "timeline-kind", text: "Task" }), " ", link(`${r.Subject || "Task"}${facts ? ` · ${facts}` : ""}`, paths.record("Task", r.Id)),
        h("span", { class: "timeline-when", text: ` ${when}` }),
        r.Description ? h("p", { class: "timeline-notes", text: r.Description }) : null));
    }
  }
  section.querySelector("h2").textContent = `Timeline (${list.children.length})`;
  section.append(list.children.length ? list : h("p", { text: "No calls or tasks yet." }));
  return section;
}

/** The fields a form may set: writable, not system fields. */
function writableFields(info) {
  return info.fields.filter((f) => !f.readOnly && !SYSTEM_FIELDS.has(f.name) && f.name !== "OwnerId");
}

function input(field, value) {
  const id = `field-${field.name}`;
  let control;
  if (field.picklistValues) {
    control = h("select", { id, name: field.name }, h("option", { value: "", text: "—" }), ...field.picklistValues.map((v) => h("option", { value: v, text: v, selected: v === value })));
  } else if (field.type === "textArea") {
    control = h("textarea", { id, name: field.name, rows: 3 });
    control.value = value ?? "";
  } else if (field.type === "boolean") {
    control = h("input", { id, name: field.name, type: "checkbox", checked: value === true });
  } else {
    control = h("input", { id, name: field.name, type: field.type === "date" ? "date" : "text", value: value ?? "" });
  }
  return h("div", { class: "form-field" }, h("label", { for: id, text: field.name + (field.required ? " *" : "") }), control, h("p", { class: "field-error", id: `${id}-error`, role: "alert" }));
}

function formValues(form, fields, original) {
  /** @type {Record<string, any>} */
  const values = {};
  for (const field of fields) {
    const control = /** @type {any} */ (form.elements.namedItem(field.name));
    if (!control) continue;
    let value = field.type === "boolean" ? control.checked : control.value;
    if (value === "" && field.type !== "boolean") value = null;
    if (original === undefined ? value !== null : value !== (original[field.name] ?? null)) values[field.name] = value;
  }
  return values;
}

function showErrors(form, error) {
  const issues = error.body?.error?.issues || [];
  form.querySelector(".form-error").textContent = error.message;
  for (const issue of issues) {
    const target = form.querySelector(`#field-${CSS.escape(issue.field)}-error`);
    if (target) target.textContent = issue.message;
  }
}

function editForm(view, object, record, info, ctx) {
  const fields = writableFields(info);
  const form = h("form", { class: "record-form", id: "edit-form" }, h("p", { class: "form-error", role: "alert" }), ...fields.map((f) => input(f, record[f.name])),
    h("div", { class: "form-actions" }, h("button", { type: "submit", text: "Save" }), h("button", { type: "button", text: "Cancel", onclick: () => ctx.refresh() })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api(`/api/v1/records/${object}/${record.Id}`, { method: "PATCH", body: JSON.stringify(formValues(form, fields, record)) });
      ctx.recordUpdated();
      await ctx.refresh();
    } catch (e) {
      showErrors(form, e);
    }
  });
  view.querySelector(".details")?.replaceWith(form);
}

/** The new-record modal over its background view (Lightning's `/lightning/o/{Object}/new`). */
export async function newRecordModal(route, ctx) {
  const info = await describe(route.object);
  const fields = writableFields(info);
  const dialog = /** @type {HTMLDialogElement} */ (document.getElementById("modal"));
  const form = h("form", { class: "record-form", id: "new-record-form", method: "dialog" },
    h("h2", { text: `New ${route.object}` }), h("p", { class: "form-error", role: "alert" }),
    ...fields.map((f) => input(f, route.defaults?.[f.name] ?? null)),
    h("div", { class: "form-actions" }, h("button", { type: "submit", value: "save", text: "Save" }), h("button", { type: "button", id: "modal-cancel", text: "Cancel", onclick: () => ctx.navigate(route.background) })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const created = await api(`/api/v1/records/${route.object}`, { method: "POST", body: JSON.stringify(formValues(form, fields, undefined)) });
      dialog.close();
      ctx.navigate(paths.record(route.object, created.Id), true);
    } catch (e) {
      showErrors(form, e);
    }
  });
  dialog.replaceChildren(form);
  // Not modal: a pop's new-record form must leave the softphone usable — the agent answers,
  // holds or hangs up while filling it in, as in Lightning's utility bar. Escape cancels it.
  dialog.onkeydown = (event) => { if (event.key === "Escape") ctx.navigate(route.background); };
  if (!dialog.open) {
    dialog.show();
    /** @type {HTMLElement | null} */ (form.querySelector("input, select, textarea"))?.focus();
  }
}

export async function searchView(view, route) {
  const answer = await api(`/api/v1/search?q=${encodeURIComponent(route.q)}`);
  const total = answer.results.reduce((n, r) => n + r.records.length, 0);
  const sections = [];
  for (const group of answer.results) {
    if (group.records.length === 0) continue;
    sections.push(h("section", { class: "search-group", "data-object": group.object }, h("h2", { text: `${group.label} (${group.records.length})` }),
      table(group.object, group.records, await describe(group.object), undefined, group.reasons)));
  }
  const q = answer.query;
  const readAs = q.kind === "number" ? `Searched as the number ${q.e164}.` : q.kind === "none" ? `Nothing to search: ${q.reason}.` : `Searched names and emails starting with “${q.text}”.`;
  view.replaceChildren(h("h1", { text: `Search results for “${route.q}”` }), h("p", { id: "search-count", text: `${total} result${total === 1 ? "" : "s"}` }),
    h("p", { id: "search-query", class: "audit", text: readAs }), ...sections);
  return { title: `Search: ${route.q}` };
}

/** A page on this host in a frame (url screen pops that are not console routes, flows). */
export async function pageView(view, route) {
  const url = new URL(route.url, location.origin);
  if (url.origin !== location.origin) {
    view.replaceChildren(h("h1", { text: "Not shown" }), h("p", { text: `Only pages on this host open in the console; ${route.url} is elsewhere.` }));
    return { title: "Page" };
  }
  view.replaceChildren(h("h1", { class: "page-url", text: route.url }), h("iframe", { class: "page-frame", src: url.pathname + url.search + url.hash, title: route.url }));
  return { title: route.url };
}

/** The call list: records the agent owns, each a piece of work the softphone gets through hvs.onWorkStart. */
export async function workListView(view, ctx) {
  const { session, work } = ctx;
  const rows = [];
  for (const object of ["Lead", "Contact"]) {
    const records = (await api(`/api/v1/records/${object}?OwnerId=${session.userId}&Phone.null=false&sort=Name&limit=25`)).records;
    for (const r of records) rows.push(r);
  }
  const list = h("ol", { class: "work-list" });
  for (const record of rows) {
    const state = work.stateOf(record.Id);
    const button = h("button", { type: "button", class: "start-work", "data-id": record.Id, text: state ? "Start again" : "Start", onclick: () => work.start(record) });
    list.append(h("li", { "data-id": record.Id }, link(recordName(record), paths.record(record.attributes.type, record.Id)), " ", phone(record.Phone, record), " ",
      h("span", { class: "work-state", text: state ? (state.status === "completed" ? `Completed: ${state.disposition || "no disposition"}` : "In progress") : "" }), " ", button));
  }
  view.replaceChildren(h("h1", { text: "Call list" }), h("p", { id: "work-message", role: "status" }), rows.length ? list : h("p", { text: "You own no leads or contacts with a phone number." }));
  return { title: "Call list" };
}
