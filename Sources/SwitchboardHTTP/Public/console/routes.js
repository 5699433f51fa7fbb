// @ts-check
// The console's routes, shaped like Lightning's because softphones parse getAppViewInfo().url
// (opencti-spec.md §1.6, §7.24). Pure functions: `node --test` runs them.

/** Objects the console shows, by key prefix. */
export const OBJECTS = { "001": "Account", "003": "Contact", "00Q": "Lead", "500": "Case", "00T": "Task", "0LQ": "VoiceCall" };
export const OBJECT_NAMES = Object.values(OBJECTS);

/** The object of a record id, or null. @param {string} id */
export function objectOfId(id) {
  return /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id) ? OBJECTS[id.slice(0, 3)] || null : null;
}

/** The canonical spelling of an object name, or null. @param {string} name */
export function objectNamed(name) {
  return OBJECT_NAMES.find((o) => o.toLowerCase() === String(name).toLowerCase()) || null;
}

export const paths = {
  home: () => "/lightning/page/home",
  record: (object, id) => `/lightning/r/${object}/${id}/view`,
  objectHome: (object) => `/lightning/o/${object}/home`,
  list: (object, filterName) => `/lightning/o/${object}/list?filterName=${encodeURIComponent(filterName)}`,
  search: (text) => `/lightning/search?q=${encodeURIComponent(text)}`,
  /** Lightning's new-record URL: defaults as `Field=value,…` and where the modal opened from. */
  newRecord: (object, defaults, background) => {
    const query = new URLSearchParams();
    query.set("count", "1");
    if (defaults && Object.keys(defaults).length) query.set("defaultFieldValues", encodeDefaults(defaults));
    if (background) query.set("backgroundContext", background);
    return `/lightning/o/${object}/new?${query}`;
  },
  page: (url) => `/console/page?url=${encodeURIComponent(url)}`,
  workList: () => "/console/worklist",
};

/** `{Phone: "+1 415"}` → `Phone=%2B1%20415` (values encoded, pairs joined by commas). */
export function encodeDefaults(values) {
  return Object.keys(values)
    .sort()
    .map((k) => `${k}=${encodeURIComponent(String(values[k]))}`)
    .join(",");
}

/** The reverse of encodeDefaults. @param {string | null} text */
export function decodeDefaults(text) {
  /** @type {Record<string, string>} */
  const values = {};
  for (const pair of (text || "").split(",")) {
    const at = pair.indexOf("=");
    if (at > 0) values[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1));
  }
  return values;
}

/**
 * What a console URL shows.
 * @param {string} pathname @param {string} search
 * @returns {{view: string, object?: string, id?: string, filterName?: string, q?: string, defaults?: Record<string,string>, background?: string, url?: string}}
 */
export function parseRoute(pathname, search) {
  const query = new URLSearchParams(search);
  const parts = pathname.replace(/\/+$/, "").split("/").filter(Boolean);
  if (parts.length === 0 || pathname === "/console" || (parts[0] === "lightning" && parts[1] === "page")) return { view: "home" };
  if (parts[0] === "console") {
    if (parts[1] === "page") return { view: "page", url: query.get("url") || "/" };
    if (parts[1] === "worklist") return { view: "worklist" };
    return { view: "home" };
  }
  if (parts[0] !== "lightning") return { view: "notfound" };
  if (parts[1] === "search") return { view: "search", q: query.get("q") || "" };
  if (parts[1] === "r" && parts.length >= 4) {
    const object = objectNamed(parts[2]);
    return object ? { view: "record", object, id: parts[3] } : { view: "notfound" };
  }
  if (parts[1] === "o" && parts.length >= 4) {
    const object = objectNamed(parts[2]);
    if (!object) return { view: "notfound" };
    if (parts[3] === "home") return { view: "objecthome", object };
    if (parts[3] === "list") return { view: "list", object, filterName: query.get("filterName") || "Recent" };
    if (parts[3] === "new") {
      return { view: "new", object, defaults: decodeDefaults(query.get("defaultFieldValues")), background: query.get("backgroundContext") || paths.objectHome(object) };
    }
  }
  if (parts[1] === "flow" && parts[2]) return { view: "flow", id: parts[2] };
  return { view: "notfound" };
}

/**
 * Where a relative URL from a softphone goes in the console: `/001…` a record, Classic's
 * `/search/SearchResults?str=…` the search page, console routes themselves, anything else a page frame.
 * @param {string} url
 */
export function consolePathForURL(url) {
  const parsed = new URL(url, "http://host.invalid");
  const bare = parsed.pathname.replace(/^\/+/, "");
  const object = objectOfId(bare);
  // Query parameters ride along (Classic appends searchAndScreenPop's queryParams to the pop).
  if (object) return paths.record(object, bare) + parsed.search;
  if (parsed.pathname === "/search/SearchResults") return paths.search(parsed.searchParams.get("str") || "");
  if (parsed.pathname.startsWith("/lightning/") || parsed.pathname === "/console" || parsed.pathname.startsWith("/console/")) {
    return parsed.pathname + parsed.search;
  }
  return paths.page(url);
}
