// @ts-check
// What the admin pages share: API calls with the session's CSRF token, and status messages.

let csrf = "";

/** The element with this id. @param {string} id */
export const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** Reads the session's CSRF token; call once before any write. */
export async function startSession() {
  csrf = (await api("/api/v1/session")).csrfToken;
}

/**
 * Calls the API with the session cookie (and the CSRF token on writes); throws an Error whose
 * `body` is the JSON error answer.
 * @param {string} path @param {RequestInit} [init]
 */
export async function api(path, init = {}) {
  const headers = new Headers(init.headers || {});
  if (init.method && init.method !== "GET") {
    headers.set("X-CSRF-Token", csrf);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const response = await fetch(path, { ...init, headers, credentials: "same-origin" });
  const type = response.headers.get("Content-Type") || "";
  const body = response.status === 204 ? null : type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new Error(body?.error?.message || `HTTP ${response.status}`);
    /** @type {any} */ (error).body = body;
    throw error;
  }
  return body;
}

/** Shows a line in the page's status region (announced to screen readers). @param {string} text @param {boolean} [isError] */
export function status(text, isError = false) {
  const el = $("status");
  el.textContent = text;
  el.className = isError ? "error" : "";
}
