// @ts-check
// The console's Open CTI host: takes each message from the softphone frame, checks it, does what
// the method says, and answers in the shape the library waits for — Lightning (§1.6) and Classic
// (§2.2). Listener pushes (click-to-dial, navigation, message channels, work) go out from here too.
import * as wire from "./protocol.js";
import { api } from "../admin/common.js";
import { consolePathForURL, paths, objectNamed } from "./routes.js";

/**
 * What the host needs from the console.
 * @typedef {{
 *   screenPop(type: string, params: any): Promise<string | null>,
 *   appViewInfo(): any,
 *   refresh(): Promise<void>,
 *   setClickToDial(enabled: boolean): void,
 *   navigate(path: string): void,
 *   settings(): Record<string, string>,
 *   panel: any,
 *   work: any,
 *   channels: any,
 *   directory(): Promise<any[]>,
 * }} Console
 */

export class OpenCTIHost {
  /** @param {Console} consoleApi */
  constructor(consoleApi) {
    this.console = consoleApi;
    /** @type {any} */ this.frameWindow = null;
    this.frameOrigin = "";
    /** Listener registrations: methodName → {apiVersion, apiType}. */
    /** @type {Map<string, {apiVersion: number, apiType: string}>} */ this.listeners = new Map();
    /** Message-channel subscriptions of the softphone: channel → apiVersion. */
    /** @type {Map<string, number>} */ this.subscriptions = new Map();
    this.pushId = -1;
    /** @type {{at: string, reason: string, data: string}[]} */ this.rejected = [];
    this.onRejected = (/** @type {any} */ _entry) => {};
    window.addEventListener("message", (event) => this.receive(event));
  }

  /** Starts talking to a (new) softphone frame; registrations of the previous one are dropped. */
  attach(frameWindow, frameOrigin) {
    this.frameWindow = frameWindow;
    this.frameOrigin = frameOrigin;
    this.listeners.clear();
    this.subscriptions.clear();
  }

  detach() {
    this.attach(null, "");
  }

  /** @param {MessageEvent} event */
  receive(event) {
    if (!this.frameWindow) return;
    const reason = wire.rejection(event, this.frameWindow, this.frameOrigin);
    if (reason) {
      const entry = { at: new Date().toISOString(), reason, data: safeText(event.data) };
      this.rejected.push(entry);
      console.warn(`Switchboard ignored a message from ${event.origin}: ${reason}`, event.data);
      this.onRejected(entry);
      return;
    }
    const data = event.data;
    if (wire.isListenerRegistration(data)) {
      this.listeners.set(data.methodName, { apiVersion: data.apiVersion, apiType: data.apiType });
      return; // never answered: a v43 build would hand the answer to the listener
    }
    const handler = data.apiType === "interaction" ? this.classic(data) : this.lightning(data);
    handler.then(
      (response) => this.send(wire.reply(data, response), event.origin),
      (error) => {
        console.error(error);
        const failed = data.apiType === "interaction" ? { result: false, error: String(error.message || error) } : wire.failure("GENERIC_ERROR", String(error.message || error));
        this.send(wire.reply(data, failed), event.origin);
      }
    );
  }

  send(message, origin) {
    if (this.frameWindow) this.frameWindow.postMessage(message, origin || this.frameOrigin);
  }

  /** Pushes to a registered listener; false when the softphone has not registered one. */
  pushTo(methodName, lightningPayload, classicMethod, classicPayload) {
    let sent = false;
    const lightning = lightningPayload === null ? undefined : this.listeners.get(methodName);
    if (lightning && lightning.apiType === "opencti") {
      this.send(wire.push(lightning.apiVersion, "opencti", methodName, this.pushId--, lightningPayload));
      sent = true;
    }
    const classic = classicMethod ? this.listeners.get(classicMethod) : undefined;
    if (classic && classic.apiType === "interaction") {
      this.send(wire.push(classic.apiVersion, "interaction", classicMethod, this.pushId--, classicPayload));
      sent = true;
    }
    return sent;
  }

  clickToDial(payload) {
    const classic = JSON.stringify({ number: payload.number, objectId: payload.recordId, objectName: payload.recordName, object: payload.objectType, displayName: payload.objectType ? payload.objectType + "s" : "" });
    return this.pushTo("onClickToDial", payload, "onClickToDial", { result: classic });
  }

  navigationChanged(info) {
    this.pushTo("onNavigationChange", info, "onFocus", { result: JSON.stringify(classicPageInfo(info)) });
  }

  workStarted(work) {
    return this.pushTo("onWorkStart", work, null, null);
  }

  /** Delivers a message-channel message to the softphone when it subscribed to the channel. */
  channelMessage(channel, message) {
    const apiVersion = this.subscriptions.get(channel);
    if (apiVersion === undefined) return false;
    this.send(wire.push(apiVersion, "opencti", "subscribe", this.pushId--, message, channel));
    return true;
  }

  /** A Lightning call: the §1.6 envelope. */
  async lightning(data) {
    const args = data.args && typeof data.args === "object" ? data.args : {};
    const c = this.console;
    switch (data.methodName) {
      case "screenPop": {
        const problem = wire.screenPopProblem(args.type, args.params);
        if (problem) return wire.failure("INVALID_PARAM", problem);
        const failed = await c.screenPop(args.type, args.params || {});
        return failed ? wire.failure("INVALID_PARAM", failed) : wire.success(null);
      }
      case "searchAndScreenPop": {
        if (typeof args.searchParams !== "string") return wire.failure("INVALID_PARAM", "searchParams must be a string");
        const found = await post("/api/v1/opencti/searchandscreenpop", {
          searchParams: args.searchParams, callType: args.callType || null, queryParams: args.queryParams || null, defaultFieldValues: stringValues(args.defaultFieldValues),
        });
        if (found.error) return wire.failure("INVALID_PARAM", found.error.message, found.error.issues);
        const returnValue = { ...found.body.returnValue };
        let pop = found.body.pop;
        if (pop && pop.type === "flow" && args.params && args.params.FLOW && Array.isArray(args.params.FLOW.flowArgs)) {
          pop = { type: "flow", params: { ...pop.params, flowArgs: args.params.FLOW.flowArgs } };
        }
        if (args.deferred === true) {
          if (pop) returnValue.SCREEN_POP_DATA = pop;
        } else if (pop) {
          await c.screenPop(pop.type, pop.params);
        }
        return wire.success(returnValue);
      }
      case "saveLog": {
        const saved = await post("/api/v1/opencti/savelog", { value: args.object });
        if (saved.error) return wire.failure("GENERIC_ERROR", saved.error.message, saved.error.issues || []);
        return wire.success({ recordId: saved.body.recordId });
      }
      case "runApex": {
        const ran = await post("/api/v1/opencti/runapex", { apexClass: args.apexClass, methodName: args.methodName, methodParams: args.methodParams == null ? "" : String(args.methodParams) });
        if (ran.error) return wire.failure(ran.status === 400 ? "INVALID_PARAM" : "SERVER_ERROR", ran.error.message);
        return wire.success({ runApex: ran.body.runApex });
      }
      case "refreshView":
        await c.refresh();
        return wire.success(null);
      case "notifyInitializationComplete":
        c.panel.initialized();
        return wire.success(null);
      case "getAppViewInfo":
        return wire.success(c.appViewInfo());
      case "enableClickToDial":
      case "disableClickToDial":
        c.setClickToDial(data.methodName === "enableClickToDial");
        return wire.success(null);
      case "getCallCenterSettings":
        return wire.success(c.settings());
      case "getSoftphoneLayout": {
        const layout = await get("/api/v1/softphonelayouts/effective");
        return layout.error ? wire.failure("SERVER_ERROR", layout.error.message) : wire.success(layout.body);
      }
      case "isSoftphonePanelVisible":
        return wire.success({ visible: c.panel.visible });
      case "setSoftphonePanelVisibility":
      case "setSoftphonePanelHeight":
      case "setSoftphonePanelWidth":
      case "setSoftphonePanelLabel":
      case "setSoftphonePanelIcon":
      case "setSoftphoneItemLabel":
      case "setSoftphoneItemIcon": {
        const problem = wire.panelArgumentProblem(data.methodName, args);
        if (problem) return wire.failure("INVALID_PARAM", problem);
        c.panel.apply(data.methodName, args);
        return wire.success(null);
      }
      case "completeWork": {
        const problem = c.work.complete(args.workId, args.attributes || {});
        return problem ? wire.failure("INVALID_PARAM", problem) : wire.success(null);
      }
      case "subscribe":
        if (typeof args.eventName !== "string" || !args.eventName) return wire.failure("INVALID_PARAM", "channelName is required");
        this.subscriptions.set(args.eventName, data.apiVersion);
        return wire.success(null);
      case "unsubscribe":
        this.subscriptions.delete(args.eventName);
        return wire.success(null);
      case "publish":
        if (typeof args.eventName !== "string" || !args.eventName) return wire.failure("INVALID_PARAM", "channelName is required");
        c.channels.publish(args.eventName, args.message === undefined ? null : args.message, "softphone");
        return wire.success(null);
      default:
        return wire.failure("GENERIC_ERROR", `${data.methodName} is not an Open CTI method this console knows`);
    }
  }

  /** A Classic call: {result, error}, results as JSON strings where §2.2 says so. */
  async classic(data) {
    const args = data.args && typeof data.args === "object" ? data.args : {};
    const c = this.console;
    const ok = (result) => ({ result, error: undefined });
    const bad = (error) => ({ result: false, error });
    switch (data.methodName) {
      case "screenPop": {
        if (typeof args.url !== "string" || !args.url || /^[a-z][a-z0-9+.-]*:/i.test(args.url)) return bad("url must be a relative URL such as /001…");
        c.navigate(consolePathForURL(args.url));
        return ok(true);
      }
      case "searchAndScreenPop":
      case "searchAndGetScreenPopUrl": {
        const found = await post("/api/v1/opencti/searchandscreenpop", { searchParams: String(args.searchParams || ""), callType: args.callType || null, queryParams: args.queryParams || null });
        if (found.error) return bad(found.error.message);
        const result = { ...found.body.classic };
        if (data.methodName === "searchAndGetScreenPopUrl") {
          result.screenPopUrl = found.body.screenPopUrl || "";
        } else if (found.body.screenPopUrl && found.body.callType === "inbound") {
          // Classic pops for inbound calls only (§1.7.2); queryParams ride on the popped URL.
          c.navigate(consolePathForURL(found.body.screenPopUrl));
        }
        return ok(JSON.stringify(result));
      }
      case "saveLog": {
        const value = { entityApiName: args.objectName, ...wire.parseQueryString(args.saveParams) };
        const saved = await post("/api/v1/opencti/savelog", { value });
        if (saved.error) return bad(saved.error.message + (saved.error.issues || []).map((i) => `; ${i.field}: ${i.message}`).join(""));
        return { result: true, id: saved.body.recordId, error: undefined };
      }
      case "getPageInfo":
        return ok(JSON.stringify(classicPageInfo(c.appViewInfo())));
      case "isInConsole":
        return ok(true);
      case "isVisible":
        return ok(c.panel.visible);
      case "setVisible":
        c.panel.apply("setSoftphonePanelVisibility", { visible: args.value === true });
        return ok(true);
      case "refreshPage":
      case "refreshRelatedList":
      case "refreshObject":
      case "reloadFrame":
        await c.refresh();
        return ok(true);
      case "runApex": {
        const ran = await post("/api/v1/opencti/runapex", { apexClass: args.apexClass, methodName: args.methodName, methodParams: args.methodParams == null ? "" : String(args.methodParams) });
        if (ran.error) return bad(ran.error.message);
        const value = ran.body.runApex;
        return ok(typeof value === "string" ? value : JSON.stringify(value));
      }
      case "getCallCenterSettings":
        return ok(JSON.stringify(c.settings()));
      case "getSoftphoneLayout": {
        const layout = await get("/api/v1/softphonelayouts/effective");
        return layout.error ? bad(layout.error.message) : ok(JSON.stringify(layout.body));
      }
      case "setSoftphoneHeight":
      case "setSoftphoneWidth": {
        const n = data.methodName === "setSoftphoneHeight" ? args.height : args.width;
        if (!Number.isInteger(n) || n < 0) return bad(`${data.methodName === "setSoftphoneHeight" ? "height" : "width"} must be a whole number of pixels, 0 or more`);
        c.panel.apply(data.methodName === "setSoftphoneHeight" ? "setSoftphonePanelHeight" : "setSoftphonePanelWidth", data.methodName === "setSoftphoneHeight" ? { heightPX: n } : { widthPX: n });
        return ok(true);
      }
      case "enableClickToDial":
      case "disableClickToDial":
        c.setClickToDial(data.methodName === "enableClickToDial");
        return ok(true);
      case "notifyInitializationComplete":
        c.panel.initialized();
        return ok(true);
      case "getDirectoryNumbers": {
        const directory = await c.directory();
        const size = Math.min(Number(args.resultSetPageSize) || 5000, 10000);
        const page = Math.max(Number(args.resultSetPage) || 1, 1);
        const slice = directory.slice((page - 1) * size, page * size);
        return ok(JSON.stringify({ directoryNumbers: slice, hasNext: directory.length > page * size }));
      }
      default:
        return bad(`${data.methodName} is not a Classic Open CTI method this console knows`);
    }
  }
}

/** Classic's page info from Lightning's app view info (§2.3). */
export function classicPageInfo(info) {
  const result = { url: info.url };
  if (info.recordId) Object.assign(result, { objectId: info.recordId, objectName: info.recordName || "", object: info.objectType, displayName: info.objectType + "s" });
  return result;
}

function stringValues(values) {
  if (!values || typeof values !== "object") return null;
  /** @type {Record<string, string>} */
  const out = {};
  for (const [k, v] of Object.entries(values)) out[k] = v == null ? "" : String(v);
  return out;
}

function safeText(data) {
  try {
    return typeof data === "string" ? data.slice(0, 200) : JSON.stringify(data).slice(0, 200);
  } catch {
    return String(data);
  }
}

/** Calls the API; the error answer comes back in `error` instead of as an exception. */
async function post(path, body) {
  return call(path, { method: "POST", body: JSON.stringify(body) });
}

async function get(path) {
  return call(path, {});
}

async function call(path, init) {
  try {
    return { body: await api(path, init), error: null, status: 200 };
  } catch (e) {
    const error = /** @type {any} */ (e);
    return { body: null, error: error.body?.error || { message: error.message }, status: error.body?.error?.status || 500 };
  }
}

export { objectNamed, paths };
