// Loads an Open CTI library into a fresh sandbox window, as a softphone page would, and records
// what it posts to the parent.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const PUBLIC = new URL("../Sources/SwitchboardHTTP/Public/opencti/", import.meta.url);

/**
 * @param {"lightning.js" | "interaction.js"} file
 * @param {{search?: string, protocol?: string, version?: number}} options
 */
export function loadLibrary(file, { search = "?mode=Lightning&sfdcIframeOrigin=https%3A%2F%2Fhost.example", protocol = "https:", version = 57 } = {}) {
  // As the server serves it: the version written in, the shared transport taken in.
  const source = readFileSync(new URL(file, PUBLIC), "utf8")
    .replace("0 /*SWITCHBOARD_API_VERSION*/", String(version))
    .replace("/*SWITCHBOARD_TRANSPORT*/", readFileSync(new URL("transport.js", PUBLIC), "utf8"));
  const posted = [];
  const handlers = [];
  const window = {
    location: { search, protocol },
    document: { referrer: "" },
    parent: { postMessage: (message, origin) => posted.push({ message: structuredClone(message), origin }) },
    addEventListener: (type, fn) => type === "message" && handlers.push(fn),
  };
  const context = vm.createContext({ window, Object, JSON, Array, Error, Promise, structuredClone });
  let error = null;
  try {
    vm.runInContext(source, context, { filename: file });
  } catch (e) {
    error = e;
  }
  return {
    sforce: window.sforce,
    error,
    posted,
    /** Delivers a message to the library as the host would. */
    deliver(data, origin = "https://host.example") {
      for (const fn of handlers) fn({ data, origin });
    },
  };
}
