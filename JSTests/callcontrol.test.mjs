// The call control client: frames applied in order, gaps noticed, calls that leave the agent
// dropped, resuming from what was seen, and commands answered by their replies.
import test from "node:test";
import assert from "node:assert/strict";
import { emptyState, applyMessage, socketURL, CallControl } from "../Sources/SwitchboardHTTP/Public/softphone/callcontrol.js";

const welcome = { type: "welcome", agentId: "005A", username: "ada", epoch: "e1", seq: 4, presence: { status: "Available" }, calls: [] };
const call = (seq, phase, agentId = "005A", extra = {}) => ({ type: "call", seq, call: { callKey: "k1", phase, agentId, direction: "inbound", ...extra } });

test("welcome sets the state; frames apply in order; old frames are ignored and a gap asks to reconnect", () => {
  const state = emptyState();
  assert.equal(applyMessage(state, welcome), "applied");
  assert.equal(applyMessage(state, call(5, "ringing")), "applied");
  assert.equal(state.calls.k1.phase, "ringing");
  assert.equal(applyMessage(state, call(5, "connected")), "ignored");
  assert.equal(state.calls.k1.phase, "ringing");
  assert.equal(applyMessage(state, call(7, "connected")), "gap");
  assert.equal(state.seq, 5, "nothing applied past a gap");
  assert.equal(applyMessage(state, { type: "presence", seq: 6, presence: { status: "Busy" } }), "applied");
  assert.equal(state.presence.status, "Busy");
});

test("a call that goes to another agent is dropped; an ended call of ours stays for wrap-up, also across a welcome", () => {
  const state = emptyState();
  applyMessage(state, welcome);
  applyMessage(state, call(5, "ringing"));
  applyMessage(state, call(6, "ringing", "005B"));
  assert.deepEqual(Object.keys(state.calls), [], "declined: it rings bob now");
  applyMessage(state, { type: "call", seq: 7, call: { callKey: "k2", phase: "connected", agentId: "005A" } });
  applyMessage(state, { type: "call", seq: 8, call: { callKey: "k2", phase: "ended", agentId: "005A", answeredAt: 1 } });
  applyMessage(state, { ...welcome, seq: 9, calls: [{ callKey: "k3", phase: "connected", agentId: "005A" }] });
  assert.deepEqual(Object.keys(state.calls).sort(), ["k2", "k3"]);
});

test("the socket URL resumes from the last frame seen, with the server's epoch", () => {
  const state = emptyState();
  assert.equal(socketURL({ protocol: "http:", host: "127.0.0.1:8080" }, state), "ws://127.0.0.1:8080/api/v1/callcontrol");
  applyMessage(state, welcome);
  assert.equal(socketURL({ protocol: "https:", host: "sb.example" }, state), "wss://sb.example/api/v1/callcontrol?since=4&epoch=e1");
});

/** A WebSocket stand-in that records what is sent and lets the test play the server. */
class FakeSocket {
  static last = null;
  constructor(url) { this.url = url; this.sent = []; this.readyState = 1; FakeSocket.last = this; }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { this.readyState = 3; this.onclose?.(); }
  serve(message) { this.onmessage({ data: JSON.stringify(message) }); }
}

test("commands resolve with their reply or reject with the server's message; a replaced softphone does not reconnect", async () => {
  const storage = new Map();
  const statuses = [];
  const control = new CallControl({
    onChange: () => {}, onStatus: (text) => statuses.push(text), WebSocketImpl: FakeSocket,
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) }, location: { protocol: "http:", host: "h" },
  });
  control.connect();
  const socket = FakeSocket.last;
  socket.serve(welcome);
  const answered = control.command("answer", { callKey: "k1" });
  const refused = control.command("hold", { callKey: "k1" });
  assert.deepEqual(socket.sent.map((c) => [c.id, c.op, c.callKey]), [["1", "answer", "k1"], ["2", "hold", "k1"]]);
  socket.serve({ type: "reply", id: "2", ok: false, error: { status: 409, message: "cannot hold call k1" } });
  socket.serve({ type: "reply", id: "1", ok: true, call: { phase: "connected" } });
  assert.equal((await answered).call.phase, "connected");
  await assert.rejects(refused, /cannot hold call k1/);
  assert.equal(JSON.parse(storage.get("switchboard.callcontrol")).seq, 4, "a refreshed page resumes from here");
  socket.serve({ type: "replaced" });
  socket.close();
  assert.equal(statuses.at(-1), "Opened in another tab or window");
  assert.equal(FakeSocket.last, socket, "no reconnect");
});
