// Switchboard's reference softphone: only public interfaces — the Open CTI library
// (sforce.opencti: screen pop, click-to-dial, the call log) and the call control API
// (callcontrol.js: presence and the calls themselves). Vendors can read it as an example.
import { CallControl } from "./callcontrol.js";

const opencti = window.sforce.opencti;
const $ = (id) => document.getElementById(id);
const searching = new Set();
const popped = JSON.parse(sessionStorage.getItem("switchboard.popped") || "{}");  // callKey → {record, whoId, whatId}
let callCenterKey = null;
let awayReasons = [];
let timerHandle = null;
// The calls the panel shows; the buttons act on these.
let shown = { ringing: null, live: null };

function say(text) { $("state").textContent = text; }
function savePopped() { sessionStorage.setItem("switchboard.popped", JSON.stringify(popped)); }
const isInbound = (call) => call.direction === "inbound";

const control = new CallControl({ onChange: render, onStatus: (text) => { $("connection").textContent = text; } });
// For a look from the browser's developer tools.
window.switchboardSoftphone = { control, popped, searching: () => [...searching] };

// ---- Screen pop: once per call, through searchAndScreenPop; the layout decides what opens.
function pop(call) {
  // Kept only once the search answered, so a page refreshed meanwhile searches again.
  if (popped[call.callKey] || searching.has(call.callKey)) return;
  searching.add(call.callKey);
  const number = isInbound(call) ? call.from : call.to;
  opencti.setSoftphonePanelVisibility({ visible: true });
  opencti.searchAndScreenPop({
    searchParams: number || "",
    callType: isInbound(call) ? opencti.CALL_TYPE.INBOUND : opencti.CALL_TYPE.OUTBOUND,
    callback: (response) => {
      searching.delete(call.callKey);
      const list = $("matches");
      list.replaceChildren();
      if (!response.success) { say("Search failed: " + response.errors[0].description); return; }
      const entry = { record: "" };
      popped[call.callKey] = entry;
      for (const [id, match] of Object.entries(response.returnValue)) {
        if (!match.RecordType) continue;
        if ((match.RecordType === "Contact" || match.RecordType === "Lead") && !entry.whoId) entry.whoId = id;
        if ((match.RecordType === "Account" || match.RecordType === "Case") && !entry.whatId) entry.whatId = id;
        const li = document.createElement("li");
        li.textContent = match.RecordType + ": " + match.Name;
        list.append(li);
      }
      const count = list.children.length;
      entry.record = count === 0 ? "New caller" : count === 1 ? list.children[0].textContent : `${count} matches`;
      if (count === 0) { const none = document.createElement("li"); none.textContent = "No match"; list.append(none); }
      savePopped();
      render(control.state);
    },
  });
}

// ---- What the panel shows, from the call control state.
function render(state) {
  const presence = state.presence;
  renderPresence(presence);
  const calls = Object.values(state.calls);
  // A consult call this agent started shows inside the customer's call, not as a call of its own.
  const consulting = calls.find((c) => c.consultFor && c.agentId !== state.agentId && c.phase !== "ended");
  const own = calls.filter((c) => c !== consulting);
  const ringing = own.find((c) => c.phase === "ringing" && isInbound(c));
  const live = own.find((c) => c.phase === "connected" || c.phase === "held" || (c.phase === "ringing" && !isInbound(c)));
  const ended = calls.find((c) => c.phase === "ended");
  for (const call of calls) if (call.phase !== "ended") pop(call);
  shown = { ringing, live, consulting };

  $("incoming").hidden = !ringing;
  if (ringing) {
    $("incoming-title").firstChild.textContent = ringing.consultFor ? "A colleague consults you about " : "Incoming call from ";
    $("incoming-number").textContent = ringing.from || "an unknown number";
    $("incoming-record").textContent = popped[ringing.callKey]?.record || "";
    opencti.setSoftphoneItemIcon({ key: "call" });
    opencti.setSoftphoneItemLabel({ label: "Incoming " + (ringing.from || "") });
  }

  $("active").hidden = !live;
  clearInterval(timerHandle);
  if (live) {
    const conference = live.otherAgentIds && live.otherAgentIds.length && !live.consultFor;
    $("active-direction").textContent = live.consultFor ? "Consult about" : conference ? "Conference with" : isInbound(live) ? "Call with" : "Calling";
    $("active-number").textContent = (isInbound(live) ? live.from : live.to) || "";
    $("active-record").textContent = popped[live.callKey]?.record || "";
    $("active-phase").textContent = { connected: "Connected", held: "On hold", ringing: "Ringing…" }[live.phase];
    $("hold").textContent = live.phase === "held" ? "Resume" : "Hold";
    $("hold").setAttribute("aria-pressed", String(live.phase === "held"));
    $("mute").textContent = live.muted ? "Unmute" : "Mute";
    $("mute").setAttribute("aria-pressed", String(live.muted));
    for (const id of ["hold", "mute", "transfer-button", "consult-button"]) $(id).disabled = live.phase === "ringing" || Boolean(consulting) || Boolean(live.consultFor);
    $("consult").hidden = !consulting;
    if (consulting) {
      $("consult-with").textContent = "a colleague";
      $("consult-phase").textContent = { ringing: "ringing…", connected: "talking", held: "on hold" }[consulting.phase] || consulting.phase;
      for (const id of ["complete-transfer", "conference"]) $(id).disabled = consulting.phase !== "connected";
    }
    const tick = () => { $("timer").textContent = duration(live.answeredAt ? Date.now() - live.answeredAt : 0); };
    tick();
    timerHandle = setInterval(tick, 1000);
    opencti.setSoftphoneItemIcon({ key: "end_call" });
    opencti.setSoftphoneItemLabel({ label: $("active-number").textContent + " " + $("timer").textContent });
  }

  const wrapping = ended && ended.answeredAt && ended.agentId === state.agentId && !ended.consultFor ? ended : null;
  const missed = ended && !wrapping ? ended : null;
  const wasShown = !$("wrapup").hidden;
  $("wrapup").hidden = !wrapping;
  if (wrapping) {
    $("wrapup-number").textContent = (isInbound(wrapping) ? wrapping.from : wrapping.to) || "";
    $("wrapup").dataset.callKey = wrapping.callKey;
    if (!wasShown) $("disposition").focus();
  }
  $("missed").hidden = !missed;
  if (missed) {
    $("missed-text").textContent = (isInbound(missed) ? "Missed call from " + (missed.from || "unknown") : "No answer from " + (missed.to || ""));
    $("missed").dataset.callKey = missed.callKey;
  }
  if (!ringing && !live) { opencti.setSoftphoneItemIcon({ key: "call" }); opencti.setSoftphoneItemLabel({ label: "Phone" }); }
  $("call").disabled = Boolean(live || ringing);
}

function renderPresence(presence) {
  const select = $("presence");
  select.disabled = !presence;
  if (!presence) return;
  const options = [["Available", "Available"]];
  for (const reason of awayReasons.length ? awayReasons : ["Break"]) options.push(["Away:" + reason, "Away — " + reason]);
  options.push(["Offline", "Offline"]);
  if (presence.status === "Busy") options.unshift(["Busy", "Busy (on a call)"]);
  if (presence.status === "AfterCallWork") options.unshift(["AfterCallWork", "After-call work"]);
  const current = presence.status === "Away" ? "Away:" + (presence.reason || "Break") : presence.status;
  if (presence.status === "Away" && !options.some(([v]) => v === current)) options.splice(1, 0, [current, "Away — " + presence.reason]);
  select.replaceChildren(...options.map(([value, label]) => {
    const option = new Option(label, value, false, value === current);
    if (value === "Busy" || value === "AfterCallWork") option.disabled = true;
    return option;
  }));
  select.value = current;
}

function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/// The call the panel shows as ringing (`ringing`), in progress (`live`) or being consulted
/// (`consulting`), if in one of `phases`.
function currentCall(which, phases) {
  const call = shown[which];
  return call && phases.includes(call.phase) ? call : null;
}

async function run(action, ...args) {
  try {
    await action(...args);
  } catch (error) {
    say(error.message);
  }
}

// ---- Agents' actions.
$("presence").addEventListener("change", (event) => run(async () => {
  const [status, reason] = event.target.value.split(":");
  await control.command("presence", { status, reason });
  say("Status: " + event.target.selectedOptions[0].textContent);
}));
$("answer").addEventListener("click", () => run(async () => {
  const call = currentCall("ringing", ["ringing"]);
  if (call) await control.command("answer", { callKey: call.callKey });
}));
$("decline").addEventListener("click", () => run(async () => {
  const call = currentCall("ringing", ["ringing"]);
  if (call) await control.command("decline", { callKey: call.callKey });
}));
$("hold").addEventListener("click", () => run(async () => {
  const call = currentCall("live", ["connected", "held"]);
  if (call) await control.command(call.phase === "held" ? "resume" : "hold", { callKey: call.callKey });
}));
$("mute").addEventListener("click", () => run(async () => {
  const call = currentCall("live", ["connected", "held"]);
  if (call) await control.command(call.muted ? "unmute" : "mute", { callKey: call.callKey });
}));
$("hangup").addEventListener("click", () => run(async () => {
  const call = currentCall("live", ["connected", "held", "ringing"]);
  if (call) await control.command("hangup", { callKey: call.callKey });
}));
$("transfer").addEventListener("submit", (event) => run(async () => {
  event.preventDefault();
  const call = currentCall("live", ["connected", "held"]);
  const to = $("transfer-to").value.trim();
  if (!call || !to) return;
  await control.command("transfer", { callKey: call.callKey, to });
  $("transfer-to").value = "";
  say("Transferred to " + to);
}));
$("consult-button").addEventListener("click", () => run(async () => {
  const call = currentCall("live", ["connected", "held"]);
  const to = $("transfer-to").value.trim();
  if (!call || !to) return;
  await control.command("consult", { callKey: call.callKey, to });
  $("transfer-to").value = "";
  say("Consulting " + to + "; the caller is on hold");
}));
$("complete-transfer").addEventListener("click", () => run(async () => {
  const consult = currentCall("consulting", ["connected"]);
  if (consult) await control.command("completeTransfer", { callKey: consult.callKey });
  say("Transferred");
}));
$("conference").addEventListener("click", () => run(async () => {
  const consult = currentCall("consulting", ["connected"]);
  if (consult) await control.command("conference", { callKey: consult.callKey });
  say("In conference");
}));
$("end-consult").addEventListener("click", () => run(async () => {
  const consult = currentCall("consulting", ["ringing", "connected", "held"]);
  if (consult) await control.command("hangup", { callKey: consult.callKey });
}));
$("dismiss").addEventListener("click", () => control.forget($("missed").dataset.callKey));

$("keypad").addEventListener("click", (event) => run(async () => {
  if (event.target.tagName !== "BUTTON") return;
  const call = currentCall("live", ["connected"]);
  if (call) await control.command("dtmf", { callKey: call.callKey, digits: event.target.textContent });
  else $("number").value += event.target.textContent;
}));

async function dial(number) {
  $("number").value = number;
  const reply = await control.command("dial", { number });
  say("Calling " + number);
  return reply;
}
$("dial").addEventListener("submit", (event) => run(async () => {
  event.preventDefault();
  const number = $("number").value.trim();
  if (number) await dial(number);
}));
opencti.onClickToDial({ listener: (payload) => run(dial, String(payload.number)) });

// The wrap-up form saves the Task with saveLog (linked to the call by its key), then records the
// disposition and notes on the call through the call control API.
$("wrapup").addEventListener("submit", (event) => run(async () => {
  event.preventDefault();
  const callKey = $("wrapup").dataset.callKey;
  const call = control.state.calls[callKey];
  if (!call) return;
  const entry = popped[callKey] || {};
  const number = (isInbound(call) ? call.from : call.to) || "";
  const disposition = $("disposition").value || undefined;
  const notes = $("notes").value.trim();
  const value = {
    entityApiName: "Task", Subject: (isInbound(call) ? "Inbound call " : "Outbound call ") + number, Status: "Completed",
    Type: "Call", TaskSubtype: "Call", CallType: isInbound(call) ? "Inbound" : "Outbound", CallObject: callKey,
    CallDurationInSeconds: call.answeredAt && call.endedAt ? Math.round((call.endedAt - call.answeredAt) / 1000) : 0,
    ActivityDate: new Date().toISOString().slice(0, 10),
  };
  if (disposition) value.CallDisposition = disposition;
  if (notes) value.Description = notes;
  if (entry.whoId) value.WhoId = entry.whoId;
  if (entry.whatId) value.WhatId = entry.whatId;
  const saved = await new Promise((resolve) => opencti.saveLog({ value, callback: resolve }));
  if (!saved.success) throw new Error("Not logged: " + saved.errors[0].description);
  await control.command("wrapUp", { callKey, disposition, notes: notes || undefined });
  $("notes").value = "";
  delete popped[callKey];
  savePopped();
  control.forget(callKey);
  opencti.refreshView();
  say("Call logged");
}));

// ---- Start: the call control API at once (calls reach the agent even while the settings below
// are slow to come), then the call center's settings for dispositions, and the away reasons.
control.connect();
opencti.enableClickToDial();
opencti.getCallCenterSettings({ callback: async (response) => {
  callCenterKey = response.success ? response.returnValue["/reqGeneralInfo/reqInternalName"] : null;
  say("Ready · " + (response.success ? response.returnValue["/reqGeneralInfo/reqDisplayName"] : "no call center"));
  try {
    awayReasons = (await (await fetch("/api/v1/presence/reasons")).json()).reasons || [];
    render(control.state);
    if (callCenterKey) {
      const dispositions = (await (await fetch(`/api/v1/callcenters/${encodeURIComponent(callCenterKey)}/dispositions`)).json()).dispositions || [];
      $("disposition").replaceChildren(new Option("—", ""), ...dispositions.map((d) => new Option(d, d)));
    }
  } catch (error) {
    say("Could not load settings: " + error.message);
  }
  opencti.notifyInitializationComplete();
} });
