// @ts-check
// The host side of the Open CTI wire protocol (opencti-spec.md §1.3), as pure functions: which
// messages to accept, and the exact shapes of replies and pushes. No DOM, so `node --test` runs it.

/** The methods whose registration message must never be answered (a v43 build would call the listener). */
export const LISTENER_METHODS = new Set(["onClickToDial", "onNavigationChange", "onWorkStart"]);
export const CLASSIC_LISTENER_METHODS = new Set(["onFocus", "onClickToDial", "onObjectUpdate"]);

/**
 * Why a message event is refused, or null when it is an Open CTI call from the softphone frame.
 * @param {{origin: string, source: any, data: any}} event
 * @param {any} frameWindow the softphone iframe's contentWindow
 * @param {string} frameOrigin the origin of the URL the frame was given
 */
export function rejection(event, frameWindow, frameOrigin) {
  if (!frameWindow || event.source !== frameWindow) return "it did not come from the softphone frame";
  if (event.origin !== frameOrigin) return `it came from ${event.origin}, but the softphone was loaded from ${frameOrigin}`;
  const data = event.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) return "it is not an Open CTI message object (was it sent as a JSON string?)";
  if (data.apiType !== "opencti" && data.apiType !== "interaction") return `its apiType is ${JSON.stringify(data.apiType)}, not "opencti" or "interaction"`;
  if (typeof data.methodName !== "string" || data.methodName === "") return "it names no methodName";
  if (typeof data.apiVersion !== "number") return "its apiVersion is not a number";
  if (typeof data.callId !== "number") return "its callId is not a number";
  return null;
}

/** Whether a Lightning or Classic message only registers a listener (and so gets no reply). */
export function isListenerRegistration(data) {
  const methods = data.apiType === "interaction" ? CLASSIC_LISTENER_METHODS : LISTENER_METHODS;
  return methods.has(data.methodName) && data.isListenerRegistered === true;
}

/** The success envelope of §1.6. */
export function success(returnValue = null) {
  return { success: true, returnValue, errors: null };
}

/**
 * The failure envelope of §1.6. @param {string} code INVALID_PARAM, GENERIC_ERROR, SERVER_ERROR, SOFTPHONE_CONTAINER_ERROR
 * @param {string} description @param {any} [details]
 */
export function failure(code, description, details) {
  const error = details === undefined ? { code, description } : { code, description, details };
  return { success: false, returnValue: null, errors: [error] };
}

/**
 * The reply to a call: the request's own numeric apiVersion, both flags set, no eventName.
 * @param {{apiVersion: number, apiType: string, methodName: string, callId: number}} request
 */
export function reply(request, response) {
  return {
    apiVersion: request.apiVersion,
    apiType: request.apiType,
    methodName: request.methodName,
    callId: request.callId,
    response,
    shouldExecuteCallback: true,
    shouldExecuteListener: false,
  };
}

/**
 * A listener push. `callId` must be one no pending callback uses (v43 builds also look a callback
 * up); the host counts them down from -1. `eventName` is only for message-channel pushes.
 * @param {number} apiVersion @param {string} apiType @param {string} methodName @param {number} callId
 * @param {any} response @param {string} [eventName]
 */
export function push(apiVersion, apiType, methodName, callId, response, eventName) {
  const message = { apiVersion, apiType, methodName, callId, response, shouldExecuteCallback: false, shouldExecuteListener: true };
  if (eventName !== undefined) message.eventName = eventName;
  return message;
}

/** The size limits of the softphone panel (§1.6 #16, #17). */
export const LIMITS = { height: [240, 2560], width: [200, 1920] };

/** Problems with panel arguments, as INVALID_PARAM descriptions; null when fine. */
export function panelArgumentProblem(methodName, args) {
  switch (methodName) {
    case "setSoftphonePanelVisibility":
      return typeof args.visible === "boolean" ? null : "visible must be true or false";
    case "setSoftphonePanelHeight": {
      const [min, max] = LIMITS.height;
      return Number.isInteger(args.heightPX) && args.heightPX >= min && args.heightPX <= max ? null : `heightPX must be a whole number from ${min} to ${max}`;
    }
    case "setSoftphonePanelWidth": {
      const [min, max] = LIMITS.width;
      return Number.isInteger(args.widthPX) && args.widthPX >= min && args.widthPX <= max ? null : `widthPX must be a whole number from ${min} to ${max}`;
    }
    case "setSoftphonePanelLabel":
    case "setSoftphoneItemLabel":
      return typeof args.label === "string" && args.label.length <= 80 ? null : "label must be a string of at most 80 characters";
    case "setSoftphonePanelIcon":
    case "setSoftphoneItemIcon":
      return typeof args.key === "string" && /^[a-z0-9_]+$/.test(args.key) ? null : "key must be an SLDS utility icon name such as call or end_call";
    default:
      return null;
  }
}

/** Problems with a screenPop's type and params (§1.7.1); null when fine. */
export function screenPopProblem(type, params) {
  const p = params && typeof params === "object" ? params : {};
  switch (type) {
    case "sobject":
      return typeof p.recordId === "string" && /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(p.recordId) ? null : "params.recordId must be a 15- or 18-character record id";
    case "url":
      if (typeof p.url !== "string" || p.url === "") return "params.url is required";
      return /^[a-z][a-z0-9+.-]*:/i.test(p.url) || p.url.startsWith("//") ? "params.url must be a relative URL such as /001… or /lightning/o/Case/home" : null;
    case "objecthome":
      return typeof p.scope === "string" && p.scope ? null : "params.scope must name an object, e.g. Account";
    case "list":
      return typeof p.scope === "string" && p.scope && typeof p.listViewId === "string" && p.listViewId ? null : "params.listViewId and params.scope are required";
    case "search":
      return typeof p.searchString === "string" && p.searchString.trim().length >= 3 ? null : "params.searchString must have at least 3 characters";
    case "newRecord":
      return typeof p.entityName === "string" && p.entityName ? null : "params.entityName must name an object, e.g. Contact";
    case "flow":
      return typeof p.flowDevName === "string" && p.flowDevName ? null : "params.flowDevName must name a flow";
    default:
      return `type ${JSON.stringify(type)} is not a screen pop type; use one of url, sobject, objecthome, list, search, newRecord, flow`;
  }
}

/** The iframe URL of §1.2: the adapter URL (resolved against the host) with the host's parameters. */
export function softphoneURL(adapterUrl, hostOrigin, classic, nonce) {
  const url = new URL(adapterUrl, hostOrigin + "/");
  if (classic) {
    url.searchParams.set("sfdcIFrameOrigin", hostOrigin);
  } else {
    url.searchParams.set("mode", "Lightning");
    url.searchParams.set("isdtp", "vw");
    url.searchParams.set("sfdcIframeOrigin", hostOrigin);
    url.searchParams.set("clc", "0");
  }
  url.searchParams.set("nonce", nonce);
  return url.toString();
}

/** `a=1&b=x%20y` as an object (Classic saveLog's saveParams). */
export function parseQueryString(text) {
  /** @type {Record<string, string>} */
  const result = {};
  for (const [key, value] of new URLSearchParams(String(text || ""))) result[key] = value;
  return result;
}
