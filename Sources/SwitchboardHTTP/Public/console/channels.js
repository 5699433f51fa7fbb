// @ts-check
// Message channels (Lightning Message Service, §1.6 #24–#26) between the softphone and the
// console's components. Every subscriber of a channel gets each message published on it,
// the publisher included when it subscribed, as in Lightning.

export class MessageChannels {
  constructor() {
    /** @type {Map<string, Set<(message: any, from: string) => void>>} */
    this.subscribers = new Map();
    /** @type {import("./host.js").OpenCTIHost | null} */
    this.host = null;
    this.log = /** @type {HTMLElement | null} */ (document.getElementById("messages-log"));
    const form = document.getElementById("messages-form");
    form?.addEventListener("submit", (event) => {
      event.preventDefault();
      this.publishFromForm(/** @type {HTMLFormElement} */ (form));
    });
  }

  attachHost(host) {
    this.host = host;
  }

  /** A console component's subscription; returns the unsubscribe function. */
  subscribe(channel, fn) {
    if (!this.subscribers.has(channel)) this.subscribers.set(channel, new Set());
    this.subscribers.get(channel)?.add(fn);
    return () => this.subscribers.get(channel)?.delete(fn);
  }

  /** @param {string} channel @param {any} message @param {string} from "softphone" or "console" */
  publish(channel, message, from) {
    this.record(channel, message, from);
    for (const fn of this.subscribers.get(channel) || []) fn(message, from);
    this.host?.channelMessage(channel, message);
  }

  record(channel, message, from) {
    if (!this.log) return;
    const li = document.createElement("li");
    li.dataset.channel = channel;
    li.dataset.from = from;
    li.textContent = `${from} → ${channel}: ${JSON.stringify(message)}`;
    this.log.prepend(li);
  }

  publishFromForm(form) {
    const channel = /** @type {HTMLInputElement} */ (form.elements.namedItem("channel")).value.trim();
    const text = /** @type {HTMLTextAreaElement} */ (form.elements.namedItem("message")).value.trim();
    const error = /** @type {HTMLElement} */ (form.querySelector(".form-error"));
    error.textContent = "";
    if (!channel) {
      error.textContent = "Name the channel, e.g. SoftphoneEvents__c.";
      return;
    }
    let message = null;
    try {
      message = text ? JSON.parse(text) : null;
    } catch (e) {
      error.textContent = `The message is not JSON: ${/** @type {any} */ (e).message}`;
      return;
    }
    if (message !== null && (typeof message !== "object" || Array.isArray(message))) {
      error.textContent = "The message must be a JSON object, e.g. {\"recordId\": \"003…\"}.";
      return;
    }
    this.publish(channel, message, "console");
  }
}
