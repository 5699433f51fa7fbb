// The console's side of the protocol and its routes, as pure functions.
import test from "node:test";
import assert from "node:assert/strict";
import * as wire from "../Sources/SwitchboardHTTP/Public/console/protocol.js";
import { parseRoute, consolePathForURL, paths, decodeDefaults, encodeDefaults } from "../Sources/SwitchboardHTTP/Public/console/routes.js";

const frame = {};
const event = (data, over = {}) => ({ origin: "https://phone.example", source: frame, data, ...over });
const call = { methodName: "screenPop", callId: 3, apiVersion: 57, apiType: "opencti", isCallbackRegistered: true, isListenerRegistered: false, args: {} };

test("messages are accepted only from the softphone frame at its origin, as objects", () => {
  assert.equal(wire.rejection(event(call), frame, "https://phone.example"), null);
  assert.match(wire.rejection(event(call, { source: {} }), frame, "https://phone.example"), /softphone frame/);
  assert.match(wire.rejection(event(call, { origin: "https://evil.example" }), frame, "https://phone.example"), /came from https:\/\/evil.example/);
  assert.match(wire.rejection(event(JSON.stringify(call)), frame, "https://phone.example"), /JSON string/);
  assert.match(wire.rejection(event({ ...call, apiVersion: "57" }), frame, "https://phone.example"), /apiVersion/);
  assert.match(wire.rejection(event({ ...call, apiType: "other" }), frame, "https://phone.example"), /apiType/);
});

test("replies echo the version and set both flags; pushes carry eventName only when given", () => {
  assert.deepEqual(wire.reply({ ...call, apiVersion: 43 }, wire.success(null)), {
    apiVersion: 43, apiType: "opencti", methodName: "screenPop", callId: 3, response: { success: true, returnValue: null, errors: null },
    shouldExecuteCallback: true, shouldExecuteListener: false,
  });
  assert.equal("eventName" in wire.push(57, "opencti", "onClickToDial", -1, {}), false);
  assert.equal(wire.push(57, "opencti", "subscribe", -2, {}, "Chan").eventName, "Chan");
  assert.deepEqual(wire.failure("INVALID_PARAM", "bad"), { success: false, returnValue: null, errors: [{ code: "INVALID_PARAM", description: "bad" }] });
  assert.equal(wire.isListenerRegistration({ ...call, methodName: "onNavigationChange", isListenerRegistered: true }), true);
  assert.equal(wire.isListenerRegistration({ ...call, methodName: "subscribe", isListenerRegistered: true }), false, "subscribe is answered");
});

test("panel limits and screen pop params", () => {
  assert.equal(wire.panelArgumentProblem("setSoftphonePanelHeight", { heightPX: 240 }), null);
  assert.match(wire.panelArgumentProblem("setSoftphonePanelHeight", { heightPX: 239 }), /240 to 2560/);
  assert.match(wire.panelArgumentProblem("setSoftphonePanelWidth", { widthPX: 1921 }), /200 to 1920/);
  assert.match(wire.panelArgumentProblem("setSoftphonePanelVisibility", { visible: "yes" }), /true or false/);
  assert.equal(wire.screenPopProblem("search", { searchString: "abc" }), null);
  assert.match(wire.screenPopProblem("search", { searchString: "ab" }), /3 characters/);
  assert.match(wire.screenPopProblem("url", { url: "javascript:alert(1)" }), /relative/);
  assert.match(wire.screenPopProblem("url", { url: "//evil.example" }), /relative/);
  assert.match(wire.screenPopProblem("popup", {}), /not a screen pop type/);
});

test("the softphone URL carries §1.2's parameters; Classic gets sfdcIFrameOrigin", () => {
  const lightning = new URL(wire.softphoneURL("/softphone/?x=1", "https://sb.example", false, "ab"));
  assert.equal(lightning.origin + lightning.pathname, "https://sb.example/softphone/");
  assert.deepEqual(Object.fromEntries(lightning.searchParams), { x: "1", mode: "Lightning", isdtp: "vw", sfdcIframeOrigin: "https://sb.example", clc: "0", nonce: "ab" });
  const classic = new URL(wire.softphoneURL("https://phone.example/cti", "https://sb.example", true, "ab"));
  assert.deepEqual(Object.fromEntries(classic.searchParams), { sfdcIFrameOrigin: "https://sb.example", nonce: "ab" });
});

test("routes are Lightning-shaped and round-trip", () => {
  assert.deepEqual(parseRoute("/lightning/r/Contact/003000000000001AAA/view", ""), { view: "record", object: "Contact", id: "003000000000001AAA" });
  assert.deepEqual(parseRoute("/lightning/o/account/list", "?filterName=AllAccounts"), { view: "list", object: "Account", filterName: "AllAccounts" });
  const newPath = paths.newRecord("Contact", { Phone: "+1 415", LastName: "O'Neil, Jr" }, "/lightning/o/Contact/home");
  const route = parseRoute(newPath.split("?")[0], "?" + newPath.split("?")[1]);
  assert.equal(route.view, "new");
  assert.deepEqual(route.defaults, { Phone: "+1 415", LastName: "O'Neil, Jr" });
  assert.equal(route.background, "/lightning/o/Contact/home");
  assert.deepEqual(decodeDefaults(encodeDefaults({ a: "x,y=z" })), { a: "x,y=z" });
  assert.equal(consolePathForURL("/001000000000001"), "/lightning/r/Account/001000000000001/view");
  assert.equal(consolePathForURL("/search/SearchResults?searchType=2&str=Acme%20Co"), "/lightning/search?q=Acme%20Co");
  assert.equal(consolePathForURL("/apex/Page?id=1"), "/console/page?url=%2Fapex%2FPage%3Fid%3D1");
  assert.equal(parseRoute("/lightning/nowhere", "").view, "notfound");
});
