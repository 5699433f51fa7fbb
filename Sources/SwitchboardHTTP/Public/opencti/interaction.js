/*
 * Switchboard's Open CTI library for Classic softphones: `sforce.interaction` and
 * `sforce.interaction.cti` (opencti-spec.md §2). Served at /support/api/{n}.0/interaction.js.
 * Positional arguments, callback last; every callback gets {result, error} where `result` is a
 * boolean or a JSON string as §2.2 says, `error` a string or undefined.
 *
 * Wire format (ours to define, docs/opencti-host.md): softphone → console
 *   {apiType: "interaction", apiVersion, methodName, callId, isCallbackRegistered, isListenerRegistered, args}
 * posted to window.parent at the sfdcIFrameOrigin parameter; console → softphone
 *   {apiType: "interaction", apiVersion, methodName, callId, response: {result, error},
 *    shouldExecuteCallback, shouldExecuteListener}.
 */
(function (window) {
  "use strict";
  var API_VERSION = 0 /*SWITCHBOARD_API_VERSION*/;
  var API_TYPE = "interaction";
  var state = { transport: null };

  function param(name) {
    var match = new RegExp("[?&]" + name + "=([^&]*)").exec(window.location.search || "");
    return match ? decodeURIComponent(match[1].replace(/\+/g, " ")) : null;
  }

  /** Classic spells the parameter sfdcIFrameOrigin; Lightning's spelling and the referrer are fallbacks. */
  function hostOrigin() {
    var origin = param("sfdcIFrameOrigin") || param("sfdcIframeOrigin");
    if (!origin && window.document && window.document.referrer) {
      var m = /^(https?:\/\/[^/]+)/.exec(window.document.referrer);
      origin = m ? m[1] : null;
    }
    return origin;
  }

  function post(methodName, args, callback, listener) {
    if (!state.transport) {
      throw new Error("sforce.interaction is not connected to a host: open this page from the Switchboard console (sfdcIFrameOrigin is missing)");
    }
    state.transport.post(methodName, args, callback, listener);
  }

  /*SWITCHBOARD_TRANSPORT*/

  function requireFunction(value, name) {
    if (typeof value !== "function") throw new Error("Missing the required argument `" + name + "`!");
  }

  var sforce = (window.sforce = window.sforce || {});
  sforce.interaction = {
    screenPop: function (url, force, callback) {
      post("screenPop", { url: url, force: force === true }, callback);
    },
    searchAndScreenPop: function (searchParams, queryParams, callType, callback) {
      post("searchAndScreenPop", { searchParams: searchParams, queryParams: queryParams, callType: callType }, callback);
    },
    searchAndGetScreenPopUrl: function (searchParams, queryParams, callType, callback) {
      requireFunction(callback, "callback");
      post("searchAndGetScreenPopUrl", { searchParams: searchParams, queryParams: queryParams, callType: callType }, callback);
    },
    saveLog: function (objectName, saveParams, callback) {
      post("saveLog", { objectName: objectName, saveParams: saveParams }, callback);
    },
    getPageInfo: function (callback) {
      requireFunction(callback, "callback");
      post("getPageInfo", {}, callback);
    },
    onFocus: function (listener) {
      requireFunction(listener, "listener");
      post("onFocus", {}, undefined, listener);
    },
    isInConsole: function (callback) {
      requireFunction(callback, "callback");
      post("isInConsole", {}, callback);
    },
    isVisible: function (callback) {
      requireFunction(callback, "callback");
      post("isVisible", {}, callback);
    },
    setVisible: function (value, callback) {
      post("setVisible", { value: value }, callback);
    },
    refreshPage: function (callback) {
      post("refreshPage", {}, callback);
    },
    refreshRelatedList: function (listName, callback) {
      post("refreshRelatedList", { listName: listName }, callback);
    },
    runApex: function (apexClass, methodName, methodParams, callback) {
      post("runApex", { apexClass: apexClass, methodName: methodName, methodParams: methodParams }, callback);
    },
    entityFeed: {
      reloadFrame: function () {
        post("reloadFrame", {});
      },
      refreshObject: function (objectId, refreshFields, refreshRelatedLists, refreshFeed, callback) {
        post("refreshObject", { objectId: objectId, refreshFields: refreshFields, refreshRelatedLists: refreshRelatedLists, refreshFeed: refreshFeed }, callback);
      },
      onObjectUpdate: function (callback) {
        requireFunction(callback, "callback");
        post("onObjectUpdate", {}, undefined, callback);
      },
    },
    cti: {
      getCallCenterSettings: function (callback) {
        requireFunction(callback, "callback");
        post("getCallCenterSettings", {}, callback);
      },
      getSoftphoneLayout: function (callback) {
        requireFunction(callback, "callback");
        post("getSoftphoneLayout", {}, callback);
      },
      setSoftphoneHeight: function (height, callback) {
        post("setSoftphoneHeight", { height: height }, callback);
      },
      setSoftphoneWidth: function (width, callback) {
        post("setSoftphoneWidth", { width: width }, callback);
      },
      enableClickToDial: function (callback) {
        post("enableClickToDial", {}, callback);
      },
      disableClickToDial: function (callback) {
        post("disableClickToDial", {}, callback);
      },
      onClickToDial: function (listener) {
        requireFunction(listener, "listener");
        post("onClickToDial", {}, undefined, listener);
      },
      notifyInitializationComplete: function () {
        post("notifyInitializationComplete", {});
      },
      getDirectoryNumbers: function (isGlobal, callCenterName, callback, resultSetPage, resultSetPageSize) {
        post("getDirectoryNumbers", { isGlobal: isGlobal, callCenterName: callCenterName, resultSetPage: resultSetPage, resultSetPageSize: resultSetPageSize }, callback);
      },
    },
  };

  var origin = hostOrigin();
  if (origin) state.transport = openctiTransport(window, API_TYPE, API_VERSION, origin);
})(typeof window !== "undefined" ? window : globalThis);
