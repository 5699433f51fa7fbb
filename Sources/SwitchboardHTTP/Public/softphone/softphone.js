// A small demo softphone built only on sforce.opencti: it shows what a vendor's softphone does in
// the console (screen pop on an incoming call, click-to-dial, a call log) without any telephony.
// The reference softphone with real calls comes with the telephony work.
(function () {
  "use strict";
  var opencti = window.sforce.opencti;
  var call = null; // {number, direction, startedAt, whoId, whatId}
  var $ = function (id) { return document.getElementById(id); };

  function setState(text) { $("state").textContent = text; }

  function begin(number, direction) {
    call = { number: number, direction: direction, startedAt: Date.now(), whoId: null, whatId: null };
    $("hangup").disabled = false;
    opencti.setSoftphoneItemIcon({ key: "end_call" });
    opencti.setSoftphoneItemLabel({ label: (direction === "inbound" ? "From " : "To ") + number });
    opencti.setSoftphonePanelVisibility({ visible: true });
    setState((direction === "inbound" ? "Incoming call from " : "Calling ") + number);
    opencti.searchAndScreenPop({
      searchParams: number,
      callType: direction === "inbound" ? opencti.CALL_TYPE.INBOUND : opencti.CALL_TYPE.OUTBOUND,
      callback: function (response) {
        var list = $("matches");
        list.replaceChildren();
        if (!response.success) { setState("Search failed: " + response.errors[0].description); return; }
        Object.keys(response.returnValue).forEach(function (id) {
          var match = response.returnValue[id];
          if (match.RecordType === "Contact" || match.RecordType === "Lead") call.whoId = call.whoId || id;
          if (match.RecordType === "Account" || match.RecordType === "Case") call.whatId = call.whatId || id;
          var li = document.createElement("li");
          li.textContent = match.RecordType + ": " + match.Name;
          list.append(li);
        });
        if (!list.children.length) { var none = document.createElement("li"); none.textContent = "No match"; list.append(none); }
      },
    });
  }

  function hangUp() {
    if (!call) return;
    var seconds = Math.round((Date.now() - call.startedAt) / 1000);
    var value = { entityApiName: "Task", Subject: (call.direction === "inbound" ? "Inbound call " : "Outbound call ") + call.number,
      Status: "Completed", Type: "Call", TaskSubtype: "Call", CallType: call.direction === "inbound" ? "Inbound" : "Outbound",
      CallDurationInSeconds: seconds, ActivityDate: new Date().toISOString().slice(0, 10) };
    if (call.whoId) value.WhoId = call.whoId;
    if (call.whatId) value.WhatId = call.whatId;
    opencti.saveLog({ value: value, callback: function (response) {
      setState(response.success ? "Call logged (" + seconds + " s)" : "Not logged: " + response.errors[0].description);
      if (response.success) opencti.refreshView();
    } });
    call = null;
    $("hangup").disabled = true;
    opencti.setSoftphoneItemIcon({ key: "call" });
    opencti.setSoftphoneItemLabel({ label: "Phone" });
  }

  $("incoming").addEventListener("click", function () { if ($("number").value.trim()) begin($("number").value.trim(), "inbound"); });
  $("dial").addEventListener("submit", function (event) {
    event.preventDefault();
    if ($("number").value.trim()) begin($("number").value.trim(), "outbound");
  });
  $("hangup").addEventListener("click", hangUp);

  opencti.onClickToDial({ listener: function (payload) {
    $("number").value = String(payload.number);
    begin(String(payload.number), "outbound");
  } });
  opencti.getCallCenterSettings({ callback: function (response) {
    setState("Ready · " + (response.success ? response.returnValue["/reqGeneralInfo/reqDisplayName"] : "no settings"));
    opencti.enableClickToDial();
    opencti.notifyInitializationComplete();
  } });
})();
