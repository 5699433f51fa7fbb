// sforce.interaction: positional arguments, its wire format, and the sfdcIFrameOrigin parameter.
import test from "node:test";
import assert from "node:assert/strict";
import { loadLibrary } from "./library-harness.mjs";

const CLASSIC = "?sfdcIFrameOrigin=https%3A%2F%2Fhost.example";

test("positional arguments become named wire args", () => {
  const { sforce, posted } = loadLibrary("interaction.js", { search: CLASSIC, version: 28 });
  const i = sforce.interaction;
  i.screenPop("/001", true, () => {});
  i.searchAndScreenPop("+14155550134", "con10=1", "inbound", () => {});
  i.saveLog("Task", "Subject=Hi&Status=Completed", () => {});
  i.runApex("Utils", "go", "a=1", () => {});
  i.cti.setSoftphoneHeight(300);
  i.cti.getDirectoryNumbers(true, "Center", () => {}, 2, 10);
  assert.deepEqual(posted[0], {
    origin: "https://host.example",
    message: { apiType: "interaction", apiVersion: 28, methodName: "screenPop", callId: 0, isCallbackRegistered: true, isListenerRegistered: false, args: { url: "/001", force: true } },
  });
  assert.deepEqual(posted.slice(1).map((p) => p.message.args), [
    { searchParams: "+14155550134", queryParams: "con10=1", callType: "inbound" },
    { objectName: "Task", saveParams: "Subject=Hi&Status=Completed" },
    { apexClass: "Utils", methodName: "go", methodParams: "a=1" },
    { height: 300 },
    { isGlobal: true, callCenterName: "Center", resultSetPage: 2, resultSetPageSize: 10 },
  ]);
});

test("getters need a callback and listeners a function", () => {
  const { sforce } = loadLibrary("interaction.js", { search: CLASSIC });
  assert.throws(() => sforce.interaction.getPageInfo(), { message: "Missing the required argument `callback`!" });
  assert.throws(() => sforce.interaction.cti.onClickToDial("x"), { message: "Missing the required argument `listener`!" });
  assert.throws(() => sforce.interaction.searchAndGetScreenPopUrl("a", "", "inbound"), { message: "Missing the required argument `callback`!" });
});

test("without an origin parameter or referrer, calls say how to fix it", () => {
  const { sforce, error } = loadLibrary("interaction.js", { search: "" });
  assert.equal(error, null, "loading never throws");
  assert.throws(() => sforce.interaction.isVisible(() => {}), /sfdcIFrameOrigin is missing/);
});

test("answers go to the callback once; listeners get pushes", () => {
  const lib = loadLibrary("interaction.js", { search: CLASSIC });
  const got = [];
  lib.sforce.interaction.isVisible((r) => got.push(r));
  lib.sforce.interaction.cti.onClickToDial((r) => got.push(r));
  const reply = { apiType: "interaction", apiVersion: 0 + 57, methodName: "isVisible", callId: 0, response: { result: true }, shouldExecuteCallback: true, shouldExecuteListener: false };
  lib.deliver(reply);
  lib.deliver(reply);
  lib.deliver({ ...reply, apiType: "opencti" });
  lib.deliver({ apiType: "interaction", apiVersion: 57, methodName: "onClickToDial", callId: -1, response: { result: '{"number":"1"}' }, shouldExecuteCallback: false, shouldExecuteListener: true });
  assert.deepEqual(got, [{ result: true }, { result: '{"number":"1"}' }]);
});
