  /*
   * The softphone side of the wire protocol, shared by the Lightning and Classic libraries: the
   * server writes this file into each library where it says SWITCHBOARD_TRANSPORT.
   * Posts {methodName, callId, apiVersion, apiType, isCallbackRegistered, isListenerRegistered, args}
   * to the host; runs a callback once when a reply says shouldExecuteCallback, and the listeners of
   * methodName (and eventName, for message channels) when it says shouldExecuteListener.
   */
  function openctiTransport(window, apiType, apiVersion, origin) {
    var callId = 0;
    var callbacks = {};
    var listeners = {};
    function key(methodName, eventName) {
      return eventName === undefined ? methodName : methodName + "/" + eventName;
    }
    var transport = {
      post: function (methodName, args, callback, listener) {
        var id = callId++;
        if (typeof callback === "function") callbacks[methodName + "_" + id] = callback;
        if (typeof listener === "function") transport.addListener(methodName, undefined, listener);
        window.parent.postMessage(
          {
            methodName: methodName,
            callId: id,
            apiVersion: apiVersion,
            apiType: apiType,
            isCallbackRegistered: typeof callback === "function",
            isListenerRegistered: typeof listener === "function",
            args: args || {},
          },
          origin
        );
        return id;
      },
      addListener: function (methodName, eventName, listener) {
        var k = key(methodName, eventName);
        (listeners[k] = listeners[k] || []).push(listener);
      },
      removeListener: function (methodName, eventName, listener) {
        var k = key(methodName, eventName);
        listeners[k] = (listeners[k] || []).filter(function (l) {
          return l !== listener;
        });
      },
      receive: function (event) {
        var data = event.data;
        if (event.origin !== origin || data === null || typeof data !== "object" || data.apiVersion !== apiVersion || data.apiType !== apiType) return;
        if (data.shouldExecuteCallback === true) {
          var callbackKey = data.methodName + "_" + data.callId;
          var callback = callbacks[callbackKey];
          if (callback) {
            delete callbacks[callbackKey];
            callback(data.response);
          }
        }
        if (data.shouldExecuteListener === true) {
          (listeners[key(data.methodName, data.eventName)] || []).slice().forEach(function (listener) {
            listener(data.response);
          });
        }
      },
    };
    window.addEventListener("message", transport.receive, false);
    return transport;
  }
