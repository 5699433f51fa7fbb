// @ts-check
// The agent console: an app shell that never reloads the softphone frame. Links and screen pops
// change the view with the History API; the utility bar (and its iframe) stays put.
import { api, startSession } from "../admin/common.js";
import { OpenCTIHost } from "./host.js";
import { SoftphonePanel } from "./panel.js";
import { parseRoute, paths, objectNamed, objectOfId, consolePathForURL } from "./routes.js";
import * as views from "./views.js";
import { WorkList } from "./worklist.js";
import { MessageChannels } from "./channels.js";

const view = /** @type {HTMLElement} */ (document.getElementById("view"));
let clickToDial = false;
/** What the current view shows, for getAppViewInfo. */
let current = /** @type {any} */ ({});
let rendering = Promise.resolve();

const ctx = {
  session: /** @type {any} */ (null),
  softphone: /** @type {any} */ (null),
  panel: /** @type {any} */ (null),
  work: /** @type {WorkList} */ (/** @type {any} */ (null)),
  channels: new MessageChannels(),

  currentPath: () => location.pathname + location.search,

  /** Goes to a console path without reloading the page. */
  navigate(path, replace = false) {
    if (replace) history.replaceState(null, "", path);
    else history.pushState(null, "", path);
    return render();
  },

  refresh: () => render(),

  appViewInfo() {
    const info = { url: location.href };
    if (current.recordId) Object.assign(info, { recordId: current.recordId, recordName: current.recordName, objectType: current.objectType });
    return info;
  },

  settings: () => ctx.softphone?.settings || {},

  /** The agent saved the record on screen: Classic's entityFeed.onObjectUpdate listener hears of it. */
  recordUpdated() {
    ctx.panel?.host.pushTo("onObjectUpdate", null, "onObjectUpdate", { fieldsUpdated: true, relatedListsUpdated: false, feedUpdated: false });
  },

  setClickToDial(enabled) {
    clickToDial = enabled;
    document.body.dataset.clickToDial = String(enabled);
    renderPhones(document);
  },

  /** Screen pop (§1.7.1); the message when it cannot pop, else null. */
  async screenPop(type, params) {
    switch (type) {
      case "sobject": {
        const object = objectOfId(params.recordId);
        if (!object) return `${params.recordId} is not the id of a record the console shows`;
        try {
          await api(`/api/v1/records/${object}/${params.recordId}`);
        } catch (e) {
          return /** @type {any} */ (e).message;
        }
        await ctx.navigate(paths.record(object, params.recordId));
        return null;
      }
      case "url":
        await ctx.navigate(consolePathForURL(params.url));
        return null;
      case "objecthome":
      case "list": {
        const object = objectNamed(params.scope);
        if (!object) return `${params.scope} is not an object the console shows`;
        await ctx.navigate(type === "list" ? paths.list(object, params.listViewId) : paths.objectHome(object));
        return null;
      }
      case "search":
        await ctx.navigate(paths.search(params.searchString));
        return null;
      case "newRecord": {
        const object = objectNamed(params.entityName);
        if (!object) return `${params.entityName} is not an object the console shows`;
        const background = current.view === "new" ? current.background : ctx.currentPath();
        await ctx.navigate(paths.newRecord(object, params.defaultFieldValues || {}, background));
        return null;
      }
      case "flow": {
        // encodeURIComponent, not URLSearchParams: a space must travel as %20, never as +.
        const query = (Array.isArray(params.flowArgs) ? params.flowArgs : [])
          .filter((arg) => arg && arg.name)
          .map((arg) => `${encodeURIComponent(arg.name)}=${encodeURIComponent(arg.value == null ? "" : String(arg.value))}`)
          .join("&");
        try {
          const flow = await api(`/api/v1/opencti/flows/${encodeURIComponent(params.flowDevName)}?${query}`);
          await ctx.navigate(consolePathForURL(flow.url));
          return null;
        } catch (e) {
          return /** @type {any} */ (e).message;
        }
      }
    }
    return `type ${type} is not a screen pop type`;
  },

  /** Classic getDirectoryNumbers: the users of the agent's call center with a phone. */
  async directory() {
    const cc = ctx.softphone?.callCenter;
    if (!cc) return [];
    const users = (await api(`/api/v1/records/User?CallCenterId=${cc.id}&limit=2000&sort=Name`)).records;
    return users.filter((u) => u.Phone).map((u) => ({ callCenterName: cc.displayName, name: u.Name, phone: u.Phone, description: u.Title || "" }));
  },
};

/** Re-renders phone numbers: links while click-to-dial is on. */
function renderPhones(root) {
  for (const span of root.querySelectorAll(".phone-field")) {
    const el = /** @type {HTMLElement} */ (span);
    const number = el.dataset.number || "";
    if (clickToDial) {
      const a = document.createElement("a");
      a.href = "#";
      a.className = "click-to-dial";
      a.textContent = number;
      a.title = `Call ${number}`;
      a.addEventListener("click", (event) => {
        event.preventDefault();
        const payload = { number, recordId: el.dataset.recordId || undefined, recordName: el.dataset.recordName || undefined, objectType: el.dataset.object || undefined };
        for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
        if (!ctx.panel.host.clickToDial(payload)) showNotice("The softphone is not listening for click-to-dial.");
      });
      el.replaceChildren(a);
    } else {
      el.replaceChildren(document.createTextNode(number));
    }
  }
}

function showNotice(text) {
  const notice = /** @type {HTMLElement} */ (document.getElementById("notice"));
  notice.textContent = text;
}

async function render() {
  const run = async () => {
    const route = parseRoute(location.pathname, location.search);
    const dialog = /** @type {HTMLDialogElement} */ (document.getElementById("modal"));
    let shown;
    try {
      if (route.view === "new") {
        // The modal opens over the view it was asked from.
        const background = parseRoute(new URL(route.background || "/console", location.origin).pathname, new URL(route.background || "/console", location.origin).search);
        const extra = Object.fromEntries([...new URLSearchParams(location.search)].filter(([k]) => !["count", "defaultFieldValues", "backgroundContext", "nooverride", "useRecordTypeCheck", "navigationLocation"].includes(k)));
        if (current.path !== route.background) await show(background);
        await views.newRecordModal({ ...route, defaults: { ...extra, ...route.defaults } }, ctx);
        current = { view: "new", background: route.background, path: current.path };
        shown = current;
      } else {
        if (dialog.open) dialog.close();
        shown = await show(route);
      }
    } catch (e) {
      view.replaceChildren(views.h("h1", { text: "Something went wrong" }), views.h("p", { class: "error", role: "alert", text: /** @type {any} */ (e).message }));
    }
    renderPhones(view);
    document.title = `${shown?.title || "Console"} · Switchboard`;
    ctx.panel?.host.navigationChanged(ctx.appViewInfo());
  };
  rendering = rendering.then(run, run);
  return rendering;
}

async function show(route) {
  let info;
  switch (route.view) {
    case "home": info = await views.homeView(view, ctx); break;
    case "objecthome": info = await views.objectHomeView(view, route, ctx); break;
    case "list": info = await views.listView(view, route, ctx); break;
    case "record": info = await views.recordView(view, route, ctx); break;
    case "search": info = await views.searchView(view, route); break;
    case "page": info = await views.pageView(view, route); break;
    case "worklist": info = await views.workListView(view, ctx); break;
    default:
      view.replaceChildren(views.h("h1", { text: "Page not found" }), views.h("p", { text: `${location.pathname} is not a console page.` }));
      info = { title: "Not found" };
  }
  current = { ...info, view: route.view, path: ctx.currentPath() };
  return current;
}

/** Same-origin console links change the view instead of loading a page. */
document.addEventListener("click", (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  const a = target.closest ? target.closest("a[data-nav]") : null;
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  ctx.navigate(/** @type {HTMLAnchorElement} */ (a).getAttribute("href") || "/console");
});
window.addEventListener("popstate", () => render());
// Coming back to the tab counts as a navigation (§1.6 onNavigationChange).
window.addEventListener("focus", () => ctx.panel?.host.navigationChanged(ctx.appViewInfo()));

document.getElementById("search-form")?.addEventListener("submit", (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ (document.getElementById("search-input"));
  if (input.value.trim()) ctx.navigate(paths.search(input.value.trim()));
});

async function boot() {
  await startSession();
  ctx.session = await api("/api/v1/session");
  ctx.softphone = await api("/api/v1/opencti/softphone");
  const host = new OpenCTIHost(/** @type {any} */ (ctx));
  ctx.panel = new SoftphonePanel({ host, userId: ctx.session.userId, softphone: ctx.softphone });
  ctx.panel.host = host;
  ctx.work = new WorkList(host, () => (current.view === "worklist" ? render() : Promise.resolve()));
  ctx.channels.attachHost(host);
  /** @type {HTMLElement} */ (document.getElementById("user-name")).textContent = ctx.session.username;
  if (ctx.session.role === "admin") /** @type {HTMLElement} */ (document.getElementById("admin-link")).hidden = false;
  if (location.pathname === "/console") history.replaceState(null, "", paths.home());
  await render();
  document.body.dataset.ready = "true";
}

boot().catch((e) => {
  view.replaceChildren(views.h("h1", { text: "The console could not start" }), views.h("p", { class: "error", role: "alert", text: e.message }));
});
