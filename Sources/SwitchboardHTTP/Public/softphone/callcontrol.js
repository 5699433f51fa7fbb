// A client for Switchboard's call control API (docs/call-control.md), written to be read: a
// softphone connects one WebSocket, gets a `welcome` with its presence and calls, then numbered
// `call` and `presence` frames; it sends commands ({id, op, ...}) and gets a `reply` for each.
// On a lost connection it reconnects with the last sequence number and epoch it saw, so nothing
// is missed; a refreshed page does the same from sessionStorage.

/// The state a softphone keeps: what `welcome` says, then each frame applied in order.
export function emptyState() {
  return { agentId: null, username: null, epoch: null, seq: 0, presence: null, calls: {} };
}

/// Applies one server message to the state (a pure function, unit-tested with node --test).
/// Returns what to do: "applied", "ignored" (an old frame), "gap" (a frame is missing: reconnect
/// to get it), "replaced" (another softphone of this agent took over), or "reply".
export function applyMessage(state, message) {
  switch (message.type) {
    case "welcome": {
      state.agentId = message.agentId;
      state.username = message.username;
      state.epoch = message.epoch;
      state.seq = message.seq;
      state.presence = message.presence;
      // Calls that ended stay until wrapped up; the server only lists calls still going.
      const kept = {};
      for (const [key, call] of Object.entries(state.calls)) if (call.phase === "ended" && call.agentId === state.agentId) kept[key] = call;
      for (const call of message.calls) kept[call.callKey] = call;
      state.calls = kept;
      return "applied";
    }
    case "call":
    case "presence": {
      if (message.seq <= state.seq) return "ignored";
      if (message.seq > state.seq + 1) return "gap";
      state.seq = message.seq;
      if (message.type === "presence") { state.presence = message.presence; return "applied"; }
      const call = message.call;
      const ours = call.agentId === state.agentId || (call.otherAgentIds || []).includes(state.agentId);
      if (call.consultFor && call.phase === "ended") {
        delete state.calls[call.callKey];  // a consult call has nothing to wrap up
      } else if (ours || (call.phase === "ended" && state.calls[call.callKey])) {
        state.calls[call.callKey] = call;
      } else {
        // The call went to another agent (declined, rang out, transferred): it is no longer ours.
        delete state.calls[call.callKey];
      }
      return "applied";
    }
    case "replaced":
      return "replaced";
    case "reply":
      return "reply";
    default:
      return "ignored";
  }
}

/// The WebSocket URL for this page's origin, resuming after what `state` has seen.
export function socketURL(location, state) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const resume = state.epoch ? `?since=${state.seq}&epoch=${encodeURIComponent(state.epoch)}` : "";
  return `${scheme}//${location.host}/api/v1/callcontrol${resume}`;
}

export class CallControl {
  /// onChange(state) after every change; onStatus(text) for the connection's status.
  constructor({ onChange, onStatus, storage = window.sessionStorage, WebSocketImpl = window.WebSocket, location = window.location }) {
    this.onChange = onChange;
    this.onStatus = onStatus;
    this.storage = storage;
    this.WebSocketImpl = WebSocketImpl;
    this.location = location;
    this.state = emptyState();
    const saved = storage.getItem("switchboard.callcontrol");
    if (saved) Object.assign(this.state, JSON.parse(saved), { calls: JSON.parse(saved).calls || {} });
    this.pending = new Map();
    this.nextID = 1;
    this.retry = 0;
    this.replaced = false;
  }

  connect() {
    this.replaced = false;
    this.onStatus("Connecting…");
    const socket = new this.WebSocketImpl(socketURL(this.location, this.state));
    this.socket = socket;
    socket.onopen = () => { this.retry = 0; };
    socket.onmessage = (event) => this.receive(JSON.parse(event.data));
    socket.onclose = () => {
      if (this.socket !== socket) return;
      for (const { reject } of this.pending.values()) reject(new Error("the connection closed before the server answered"));
      this.pending.clear();
      if (this.replaced) { this.onStatus("Opened in another tab or window"); return; }
      // Back off 1, 2, 4… up to 10 s, so a restarting server is not hammered.
      const delay = Math.min(10000, 1000 * 2 ** this.retry++);
      this.onStatus(`Reconnecting in ${Math.round(delay / 1000)} s…`);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  receive(message) {
    const outcome = applyMessage(this.state, message);
    if (outcome === "reply") {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (waiting) message.ok ? waiting.resolve(message) : waiting.reject(new Error(message.error.message));
      return;
    }
    if (outcome === "gap") { this.socket.close(); return; }  // reconnecting resumes from state.seq
    if (outcome === "replaced") { this.replaced = true; }
    if (message.type === "welcome") this.onStatus("Connected");
    this.storage.setItem("switchboard.callcontrol", JSON.stringify(this.state));
    this.onChange(this.state);
  }

  /// Sends a command; resolves with the reply, rejects with the server's message.
  command(op, fields = {}) {
    const id = String(this.nextID++);
    return new Promise((resolve, reject) => {
      if (!this.socket || this.socket.readyState !== 1) { reject(new Error("not connected to Switchboard")); return; }
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, op, ...fields }));
    });
  }

  /// Forgets a call that was wrapped up.
  forget(callKey) {
    delete this.state.calls[callKey];
    this.storage.setItem("switchboard.callcontrol", JSON.stringify(this.state));
    this.onChange(this.state);
  }
}
