// sforce.opencti: the exact argument validation of Salesforce's builds (opencti-spec.md §1.5),
// initialisation (§1.2), the messages it posts (§1.3) and how it dispatches replies.
import test from "node:test";
import assert from "node:assert/strict";
import { loadLibrary } from "./library-harness.mjs";

const ONE_OBJECT = "Must pass in only one object which holds arguments to this API method call.";
const INIT = "Failed to initialize Open CTI. Ensure that it is loaded from the right frame with correct URL parameters";

test("initialisation needs sfdcIframeOrigin and mode, on the page's own protocol, and throws a string", () => {
  for (const search of ["", "?mode=Lightning", "?sfdcIframeOrigin=https%3A%2F%2Fhost.example", "?mode=Lightning&sfdcIframeOrigin=http%3A%2F%2Fhost.example",
    "?mode=Lightning&sfdcIframeOrigin=a&sfdcIframeOrigin=b", "?mode=Lightning&sfdcIframeOrigin=https%3A%2F%2Fhost.example%2Fpath"]) {
    const { error } = loadLibrary("lightning.js", { search });
    assert.equal(error, INIT, `for ${search}`);
  }
  const { error, sforce } = loadLibrary("lightning.js");
  assert.equal(error, null);
  assert.deepEqual({ ...sforce.opencti.SCREENPOP_TYPE }, { URL: "url", SOBJECT: "sobject", OBJECTHOME: "objecthome", LIST: "list", SEARCH: "search", NEW_RECORD_MODAL: "newRecord", FLOW: "flow" });
  assert.deepEqual({ ...sforce.opencti.CALL_TYPE }, { INBOUND: "inbound", OUTBOUND: "outbound", INTERNAL: "internal" });
});

test("all 26 entry points exist", () => {
  const { sforce } = loadLibrary("lightning.js");
  const o = sforce.opencti;
  const names = ["screenPop", "searchAndScreenPop", "saveLog", "runApex", "refreshView", "notifyInitializationComplete", "getAppViewInfo", "onNavigationChange",
    "enableClickToDial", "disableClickToDial", "onClickToDial", "getCallCenterSettings", "getSoftphoneLayout", "isSoftphonePanelVisible", "setSoftphonePanelVisibility",
    "setSoftphonePanelHeight", "setSoftphonePanelWidth", "setSoftphonePanelLabel", "setSoftphonePanelIcon", "setSoftphoneItemLabel", "setSoftphoneItemIcon",
    "subscribe", "unsubscribe", "publish"];
  for (const name of names) assert.equal(typeof o[name], "function", name);
  assert.equal(typeof o.hvs.onWorkStart, "function");
  assert.equal(typeof o.hvs.completeWork, "function");
  assert.equal(names.length + 2, 26);
  for (const absent of ["searchAndGetScreenPopUrl", "getDirectoryNumbers", "isInConsole"]) assert.equal(o[absent], undefined);
});

test("most methods take exactly one non-empty object", () => {
  const { sforce, posted } = loadLibrary("lightning.js");
  const o = sforce.opencti;
  for (const args of [[], [{}], [{ type: "url" }, {}], ["text"], [null], [[1]]]) {
    assert.throws(() => o.screenPop(...args), { message: ONE_OBJECT }, JSON.stringify(args));
  }
  assert.equal(posted.length, 0, "nothing is sent for a refused call");
});

test("click-to-dial switches and refreshView may be called with nothing", () => {
  const { sforce, posted } = loadLibrary("lightning.js");
  sforce.opencti.enableClickToDial();
  sforce.opencti.disableClickToDial();
  sforce.opencti.refreshView();
  assert.deepEqual(posted.map((p) => p.message.methodName), ["enableClickToDial", "disableClickToDial", "refreshView"]);
  assert.throws(() => sforce.opencti.enableClickToDial({}), { message: ONE_OBJECT });
});

test("notifyInitializationComplete is not validated at all", () => {
  const { sforce, posted } = loadLibrary("lightning.js");
  sforce.opencti.notifyInitializationComplete();
  sforce.opencti.notifyInitializationComplete({});
  sforce.opencti.notifyInitializationComplete("anything", 2);
  assert.equal(posted.length, 3);
});

test("getters need a callback, listeners a listener, saveLog a value object", () => {
  const { sforce } = loadLibrary("lightning.js");
  const o = sforce.opencti;
  for (const name of ["isSoftphonePanelVisible", "getAppViewInfo", "getCallCenterSettings", "getSoftphoneLayout"]) {
    assert.throws(() => o[name]({ x: 1 }), { message: "Missing the required argument `callback`!" }, name);
  }
  for (const fn of [o.onClickToDial, o.onNavigationChange, o.hvs.onWorkStart]) {
    assert.throws(() => fn({ callback: () => {} }), { message: "Missing the required argument `listener`!" });
  }
  assert.throws(() => o.subscribe({ channelName: "C" }), { message: "Missing the required argument `listener`!" });
  assert.throws(() => o.saveLog({ value: "Task" }), { message: "Missing the required argument `value object`!" });
  assert.throws(() => o.subscribe({ channelName: "", listener: () => {} }), { message: "Missing the required argument `channelName`!" });
  assert.throws(() => o.publish({ channelName: "C", message: "text" }), /must be an object/);
  assert.throws(() => o.publish({ channelName: "C", message: [1] }), /must be an object/);
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => o.publish({ channelName: "C", message: cyclic }), /JSON/);
  assert.throws(() => o.unsubscribe({ subscription: "s" }), { message: "Missing the required argument `subscription`!" });
});

test("the messages: counter from 0, numeric apiVersion, flags, and the wire args of §1.6", () => {
  const { sforce, posted } = loadLibrary("lightning.js", { version: 43 });
  const o = sforce.opencti;
  o.screenPop({ type: "sobject", params: { recordId: "001" }, defaultFieldValues: { a: 1 }, callback: () => {} });
  o.saveLog({ value: { entityApiName: "Task", Subject: "x" } });
  o.onClickToDial({ listener: () => {} });
  o.hvs.completeWork({ workId: "w1", attributes: { disposition: "busy" } });
  o.searchAndScreenPop({ searchParams: "+1", callType: "inbound", deferred: true });
  assert.deepEqual(posted[0], {
    origin: "https://host.example",
    message: { methodName: "screenPop", callId: 0, apiVersion: 43, apiType: "opencti", isCallbackRegistered: true, isListenerRegistered: false, args: { type: "sobject", params: { recordId: "001" } } },
  });
  assert.deepEqual(posted[1].message.args, { object: { entityApiName: "Task", Subject: "x" } });
  assert.equal(posted[1].message.isCallbackRegistered, false);
  assert.deepEqual(posted[2].message, { methodName: "onClickToDial", callId: 2, apiVersion: 43, apiType: "opencti", isCallbackRegistered: false, isListenerRegistered: true, args: {} });
  assert.deepEqual(posted[3].message.args, { workId: "w1", attributes: { disposition: "busy", wasConnected: true } });
  assert.equal(posted[3].message.methodName, "completeWork");
  assert.deepEqual(Object.keys(posted[4].message.args), ["searchParams", "callType", "queryParams", "defaultFieldValues", "deferred", "params"]);
});

test("replies: callbacks once and only when flagged; listeners when flagged; other origins and versions ignored", () => {
  const lib = loadLibrary("lightning.js");
  const got = [];
  lib.sforce.opencti.getAppViewInfo({ callback: (r) => got.push(["cb", r]) });
  lib.sforce.opencti.onClickToDial({ listener: (r) => got.push(["dial", r]) });
  const reply = { apiVersion: 57, apiType: "opencti", methodName: "getAppViewInfo", callId: 0, response: { success: true }, shouldExecuteCallback: true, shouldExecuteListener: false };
  lib.deliver({ ...reply }, "https://evil.example");
  lib.deliver({ ...reply, apiVersion: "57" });
  lib.deliver({ ...reply, shouldExecuteCallback: false });
  lib.deliver(reply);
  lib.deliver(reply);
  lib.deliver({ apiVersion: 57, apiType: "opencti", methodName: "onClickToDial", callId: -1, response: { number: "1" }, shouldExecuteCallback: false, shouldExecuteListener: true });
  lib.deliver({ apiVersion: 57, apiType: "opencti", methodName: "onClickToDial", callId: -2, response: { number: "2" }, shouldExecuteCallback: false, shouldExecuteListener: true, eventName: "x" });
  assert.deepEqual(got, [["cb", { success: true }], ["dial", { number: "1" }]]);
});

test("message channels: listeners by channel, unsubscribe tells the host only for the last one, a failed subscribe unregisters", () => {
  const lib = loadLibrary("lightning.js");
  const o = lib.sforce.opencti;
  const got = [];
  const subs = [];
  o.subscribe({ channelName: "A", listener: (m) => got.push(["a1", m]), callback: (r) => subs.push(r.subscription) });
  o.subscribe({ channelName: "A", listener: (m) => got.push(["a2", m]), callback: (r) => subs.push(r.subscription) });
  o.subscribe({ channelName: "B", listener: (m) => got.push(["b", m]), callback: (r) => subs.push(r) });
  assert.deepEqual(lib.posted[0].message.args, { eventName: "A", subscription: {} });
  const ok = (callId) => ({ apiVersion: 57, apiType: "opencti", methodName: "subscribe", callId, response: { success: true, returnValue: null, errors: null }, shouldExecuteCallback: true, shouldExecuteListener: false });
  lib.deliver(ok(0));
  lib.deliver(ok(1));
  lib.deliver({ ...ok(2), response: { success: false, returnValue: null, errors: [{ code: "GENERIC_ERROR" }] } });
  assert.equal(subs[0].channelName, "A");
  assert.ok(Object.isFrozen(subs[0]));
  const push = (channel, message) => lib.deliver({ apiVersion: 57, apiType: "opencti", methodName: "subscribe", callId: -1, eventName: channel, response: message, shouldExecuteCallback: false, shouldExecuteListener: true });
  push("A", { n: 1 });
  push("B", { n: 2 });
  assert.deepEqual(got, [["a1", { n: 1 }], ["a2", { n: 1 }]], "B's listener went with its failed subscribe");
  const before = lib.posted.length;
  o.unsubscribe({ subscription: subs[0], callback: () => {} });
  assert.equal(lib.posted.length, before, "another subscription of A remains: nothing sent");
  o.unsubscribe({ subscription: subs[1], callback: () => {} });
  assert.deepEqual(lib.posted.at(-1).message.args, { eventName: "A" });
  o.publish({ channelName: "A", message: { hello: "world" } });
  assert.deepEqual(lib.posted.at(-1).message.args, { eventName: "A", message: { hello: "world" } });
});
