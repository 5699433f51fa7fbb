/*
 * Switchboard's Open CTI library for Lightning softphones: `sforce.opencti` (opencti-spec.md §1).
 * Served at /support/api/{n}.0/lightning/opencti_min.js and …/opencti.js; the server writes n into
 * API_VERSION, so a softphone gets the apiVersion of the path it loaded, as with Salesforce's builds.
 * A classic script (softphones load it with <script src>), no dependencies, ES5-compatible syntax.
 *
 * Wire protocol (§1.3): each call posts
 *   {methodName, callId, apiVersion, apiType: "opencti", isCallbackRegistered, isListenerRegistered, args}
 * to window.parent at sfdcIframeOrigin; replies carry the same apiVersion/apiType and
 * shouldExecuteCallback / shouldExecuteListener flags (the v57-style dispatch).
 */
(function (window) {
  "use strict";
  var API_VERSION = 0 /*SWITCHBOARD_API_VERSION*/;
  var API_TYPE = "opencti";
  var INIT_ERROR = "Failed to initialize Open CTI. Ensure that it is loaded from the right frame with correct URL parameters";
  var ONE_OBJECT = "Must pass in only one object which holds arguments to this API method call.";

  var sforce = (window.sforce = window.sforce || {});
  var state = { origin: null, mode: null, transport: null, channels: {} };

  function missing(name) {
    return new Error("Missing the required argument `" + name + "`!");
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /** Exactly one argument, a non-empty object (§1.5). */
  function requireOneObject(args) {
    if (args.length !== 1 || !isObject(args[0]) || Object.keys(args[0]).length === 0) throw new Error(ONE_OBJECT);
    return args[0];
  }

  /** No argument, or exactly one non-empty object. */
  function optionalObject(args) {
    if (args.length === 0 || (args.length === 1 && args[0] === undefined)) return {};
    return requireOneObject(args);
  }

  function requireCallback(options) {
    if (typeof options.callback !== "function") throw missing("callback");
  }

  function requireListener(options) {
    if (typeof options.listener !== "function") throw missing("listener");
  }

  /** Parses location.search; a repeated key becomes an array, as in Salesforce's builds. */
  function parseQuery(search) {
    var result = {};
    var text = (search || "").replace(/^\?/, "");
    if (!text) return result;
    text.split("&").forEach(function (pair) {
      if (!pair) return;
      var at = pair.indexOf("=");
      var key = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
      var value = at < 0 ? "" : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, " "));
      if (Object.prototype.hasOwnProperty.call(result, key)) {
        result[key] = [].concat(result[key], value);
      } else {
        result[key] = value;
      }
    });
    return result;
  }

  /**
   * §1.2 rules 1–3 and 5: sfdcIframeOrigin and mode present, the origin on the page's own protocol.
   * Rule 4 (a Salesforce domain) is relaxed: Switchboard runs on any host.
   */
  function initialize() {
    var params = parseQuery(window.location.search);
    var origin = params.sfdcIframeOrigin;
    var mode = params.mode;
    if (typeof origin !== "string" || !origin || typeof mode !== "string" || !mode) throw INIT_ERROR;
    if (origin.indexOf(window.location.protocol) !== 0) throw INIT_ERROR;
    if (!/^https?:\/\/[\w.\-]+(:\d+)?$/.test(origin) && !/^https?:\/\/\[[0-9a-fA-F:.]+\](:\d+)?$/.test(origin)) throw INIT_ERROR;
    state.origin = origin;
    state.mode = mode;
    state.transport = openctiTransport(window, API_TYPE, API_VERSION, origin);
  }

  /*SWITCHBOARD_TRANSPORT*/

  function post(methodName, args, callback, listener) {
    return state.transport.post(methodName, args, callback, listener);
  }

  /** A method taking one object, forwarding `pick(options)` as its args. */
  function method(name, pick, check) {
    return function () {
      var options = requireOneObject(arguments);
      if (check) check(options);
      post(name, pick(options), options.callback);
    };
  }

  /** A method that may be called with no argument. */
  function optionalMethod(name) {
    return function () {
      var options = optionalObject(arguments);
      post(name, {}, options.callback);
    };
  }

  function getter(name) {
    return function () {
      var options = requireOneObject(arguments);
      requireCallback(options);
      post(name, {}, options.callback);
    };
  }

  function listenerMethod(name) {
    return function () {
      var options = requireOneObject(arguments);
      requireListener(options);
      post(name, {}, undefined, options.listener);
    };
  }

  function checkChannel(options) {
    if (typeof options.channelName !== "string" || options.channelName === "") throw missing("channelName");
  }

  /** The message must survive a JSON round trip and be an object, null or absent (§1.5). */
  function checkMessage(message) {
    if (message === undefined || message === null) return;
    var copy;
    try {
      copy = JSON.parse(JSON.stringify(message));
    } catch (e) {
      throw new Error("The message must be an object that survives JSON serialization.");
    }
    if (!isObject(copy)) throw new Error("The message must be an object that survives JSON serialization.");
  }

  var nextSubscription = 0;

  sforce.opencti = {
    SCREENPOP_TYPE: { URL: "url", SOBJECT: "sobject", OBJECTHOME: "objecthome", LIST: "list", SEARCH: "search", NEW_RECORD_MODAL: "newRecord", FLOW: "flow" },
    CALL_TYPE: { INBOUND: "inbound", OUTBOUND: "outbound", INTERNAL: "internal" },

    screenPop: method("screenPop", function (o) {
      return { type: o.type, params: o.params };
    }),
    searchAndScreenPop: method("searchAndScreenPop", function (o) {
      return { searchParams: o.searchParams, callType: o.callType, queryParams: o.queryParams, defaultFieldValues: o.defaultFieldValues, deferred: o.deferred, params: o.params };
    }),
    saveLog: method(
      "saveLog",
      function (o) {
        return { object: o.value };
      },
      function (o) {
        if (!isObject(o.value)) throw missing("value object");
      }
    ),
    runApex: method("runApex", function (o) {
      return { apexClass: o.apexClass, methodName: o.methodName, methodParams: o.methodParams };
    }),
    refreshView: optionalMethod("refreshView"),
    notifyInitializationComplete: function (options) {
      post("notifyInitializationComplete", {}, options && options.callback);
    },
    getAppViewInfo: getter("getAppViewInfo"),
    onNavigationChange: listenerMethod("onNavigationChange"),
    enableClickToDial: optionalMethod("enableClickToDial"),
    disableClickToDial: optionalMethod("disableClickToDial"),
    onClickToDial: listenerMethod("onClickToDial"),
    getCallCenterSettings: getter("getCallCenterSettings"),
    getSoftphoneLayout: getter("getSoftphoneLayout"),
    isSoftphonePanelVisible: getter("isSoftphonePanelVisible"),
    setSoftphonePanelVisibility: method("setSoftphonePanelVisibility", function (o) {
      return { visible: o.visible };
    }),
    setSoftphonePanelHeight: method("setSoftphonePanelHeight", function (o) {
      return { heightPX: o.heightPX };
    }),
    setSoftphonePanelWidth: method("setSoftphonePanelWidth", function (o) {
      return { widthPX: o.widthPX };
    }),
    setSoftphonePanelLabel: method("setSoftphonePanelLabel", function (o) {
      return { label: o.label };
    }),
    setSoftphonePanelIcon: method("setSoftphonePanelIcon", function (o) {
      return { key: o.key };
    }),
    setSoftphoneItemLabel: method("setSoftphoneItemLabel", function (o) {
      return { label: o.label };
    }),
    setSoftphoneItemIcon: method("setSoftphoneItemIcon", function (o) {
      return { key: o.key };
    }),

    hvs: {
      onWorkStart: listenerMethod("onWorkStart"),
      completeWork: method("completeWork", function (o) {
        var attributes = isObject(o.attributes) ? Object.assign({}, o.attributes) : {};
        if (attributes.wasConnected === undefined) attributes.wasConnected = true;
        return { workId: o.workId, attributes: attributes };
      }),
    },

    /** Lightning Message Service (§1.6 #24): the listener gets messages published on the channel. */
    subscribe: function () {
      var options = requireOneObject(arguments);
      checkChannel(options);
      requireListener(options);
      var channel = options.channelName;
      var subscription = Object.freeze({ channelName: channel, id: ++nextSubscription });
      var entry = { subscription: subscription, listener: options.listener };
      var wrapped = function (message) {
        entry.listener(message);
      };
      entry.wrapped = wrapped;
      (state.channels[channel] = state.channels[channel] || []).push(entry);
      state.transport.addListener("subscribe", channel, wrapped);
      post("subscribe", { eventName: channel, subscription: {} }, function (response) {
        if (!response || response.success !== true) removeEntry(entry);
        if (typeof options.callback === "function") {
          var result = Object.assign({}, response);
          result.subscription = subscription;
          options.callback(result);
        }
      });
    },

    unsubscribe: function () {
      var options = requireOneObject(arguments);
      if (!isObject(options.subscription)) throw missing("subscription");
      var channel = options.subscription.channelName;
      var entries = state.channels[channel] || [];
      var entry = entries.filter(function (e) {
        return e.subscription === options.subscription;
      })[0];
      if (!entry) return;
      removeEntry(entry);
      // Only the last subscription of a channel tells the host; only then does the callback run.
      if (!state.channels[channel]) post("unsubscribe", { eventName: channel }, options.callback);
    },

    publish: function () {
      var options = requireOneObject(arguments);
      checkChannel(options);
      checkMessage(options.message);
      post("publish", { eventName: options.channelName, message: options.message }, options.callback);
    },
  };

  function removeEntry(entry) {
    var channel = entry.subscription.channelName;
    state.channels[channel] = (state.channels[channel] || []).filter(function (e) {
      return e !== entry;
    });
    if (state.channels[channel].length === 0) delete state.channels[channel];
    state.transport.removeListener("subscribe", channel, entry.wrapped);
  }

  initialize();
})(typeof window !== "undefined" ? window : globalThis);
