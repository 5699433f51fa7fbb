// @ts-check
// The utility bar's softphone panel: frames the call center's adapter URL as a direct child of the
// console page (§1.2, §3), follows the panel methods, falls back to the standby URL, and makes sure
// only one tab per user runs the softphone (§7.2).
import { softphoneURL, LIMITS } from "./protocol.js";

/** Unicode stand-ins for the SLDS utility icons softphones name. */
const ICONS = { call: "☎", end_call: "✆", phone_portrait: "📱", headset: "🎧", unmuted: "🔊", muted: "🔇", pause: "⏸", warning: "⚠", error: "⛔", success: "✔", clock: "🕒", user: "👤", chat: "💬" };

export class SoftphonePanel {
  /**
   * @param {{host: import("./host.js").OpenCTIHost, userId: string, softphone: any}} options
   */
  constructor({ host, userId, softphone }) {
    this.host = host;
    this.userId = userId;
    this.callCenter = softphone.callCenter;
    this.visible = false;
    this.frame = /** @type {HTMLIFrameElement | null} */ (null);
    this.initializedAt = 0;
    this.standbyTimer = 0;
    this.el = {
      item: el("softphone-item"), itemIcon: el("softphone-item-icon"), itemLabel: el("softphone-item-label"),
      panel: el("softphone-panel"), panelIcon: el("softphone-panel-icon"), panelLabel: el("softphone-panel-label"),
      body: el("softphone-body"), status: el("softphone-status"), loading: el("softphone-loading"),
      takeOver: /** @type {HTMLButtonElement} */ (el("softphone-take-over")), minimize: el("softphone-minimize"),
      diagnostics: el("softphone-rejected"),
    };
    this.el.item.addEventListener("click", () => this.setVisible(!this.visible));
    this.el.minimize.addEventListener("click", () => this.setVisible(false));
    host.onRejected = (entry) => {
      const li = document.createElement("li");
      li.textContent = `${entry.at}: ${entry.reason} — ${entry.data}`;
      this.el.diagnostics.append(li);
      el("softphone-diagnostics").hidden = false;
    };
    if (!this.callCenter) {
      this.el.itemLabel.textContent = "Phone";
      this.showStatus(softphone.reason || "There is no softphone for you.");
      this.el.item.dataset.state = "none";
      return;
    }
    const d = this.callCenter;
    this.el.itemLabel.textContent = "Phone";
    this.el.panelLabel.textContent = d.displayName;
    this.width = clamp(d.width || 340, LIMITS.width);
    this.height = clamp(d.height || 480, LIMITS.height);
    this.resize();
    this.claim();
  }

  /**
   * One softphone per user: the tab holding the lock runs it; the others say where it is and
   * queue for it, so closing the active tab hands the softphone to another.
   * @param {"try" | "queue" | "steal"} how @param {string} [waiting] what a waiting tab shows
   */
  claim(how = "try", waiting = "The softphone is open in another tab of this browser.") {
    const locks = navigator.locks;
    if (!locks) {
      this.load();
      return;
    }
    const name = `switchboard-softphone-${this.userId}`;
    const options = how === "steal" ? { steal: true } : how === "try" ? { ifAvailable: true } : {};
    locks
      .request(name, options, (lock) => {
        if (!lock) {
          this.showStatus(waiting, true);
          this.claim("queue", waiting);
          return undefined;
        }
        this.load();
        // Held until the tab closes or another tab takes the softphone over.
        return new Promise((resolve) => (this.release = resolve));
      })
      .catch((error) => {
        if (error && error.name === "AbortError") {
          this.unload();
          this.showStatus("You moved the softphone to another tab.", true);
          this.claim("queue", "You moved the softphone to another tab.");
        }
      });
  }

  /** Frames the adapter URL (or the standby URL when this browser session fell back to it). */
  load() {
    const d = this.callCenter;
    const standbyKey = `switchboard-standby-${d.id}`;
    const useStandby = d.standbyUrl && sessionStorage.getItem(standbyKey) === "1";
    this.showFrame(useStandby ? d.standbyUrl : d.adapterUrl);
    if (!useStandby && d.standbyUrl && d.timeoutMs) {
      this.standbyTimer = window.setTimeout(() => {
        if (this.initializedAt) return;
        // In Lightning the fallback sticks for the browser session (§1.6 #6).
        sessionStorage.setItem(standbyKey, "1");
        this.showFrame(d.standbyUrl);
      }, d.timeoutMs);
    }
  }

  showFrame(url) {
    this.unload();
    const classic = this.callCenter.compatibilityMode === "Classic";
    const nonce = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
    const src = softphoneURL(url, location.origin, classic, nonce);
    const frame = document.createElement("iframe");
    frame.id = "softphone-frame";
    frame.title = "Softphone";
    frame.allow = "microphone; autoplay";
    frame.src = src;
    this.el.body.append(frame);
    this.frame = frame;
    this.el.status.hidden = true;
    this.el.takeOver.hidden = true;
    this.el.loading.hidden = false;
    this.el.item.dataset.state = "active";
    this.host.attach(frame.contentWindow, new URL(src).origin);
  }

  unload() {
    window.clearTimeout(this.standbyTimer);
    if (this.frame) {
      this.frame.remove();
      this.frame = null;
    }
    this.host.detach();
  }

  /** notifyInitializationComplete: no standby, no loading indicator. */
  initialized() {
    this.initializedAt = Date.now();
    window.clearTimeout(this.standbyTimer);
    this.el.loading.hidden = true;
  }

  showStatus(text, canTakeOver = false) {
    this.el.status.textContent = text;
    this.el.status.hidden = false;
    this.el.loading.hidden = true;
    this.el.takeOver.hidden = !canTakeOver;
    this.el.item.dataset.state = canTakeOver ? "elsewhere" : this.el.item.dataset.state || "none";
    if (canTakeOver) this.el.takeOver.onclick = () => this.claim("steal");
  }

  setVisible(visible) {
    this.visible = visible;
    this.el.panel.classList.toggle("open", visible);
    this.el.panel.setAttribute("aria-hidden", String(!visible));
    this.el.item.setAttribute("aria-expanded", String(visible));
    this.makeRoomBelow();
  }

  resize() {
    this.el.panel.style.width = `${this.width}px`;
    this.el.panel.style.height = `${this.height}px`;
    this.makeRoomBelow();
  }

  /**
   * The open panel floats over the page's lower left corner: the page gets as much room below
   * its end, so whatever is there (a form's Save button) can be scrolled clear of the panel.
   */
  makeRoomBelow() {
    document.body.style.paddingBottom = this.visible ? `calc(${this.height}px + 3.5rem)` : "";
  }

  /** The panel methods of §1.6 (#15–#21), already checked (Classic sizes too). */
  apply(methodName, args) {
    switch (methodName) {
      case "setSoftphonePanelVisibility": this.setVisible(args.visible); break;
      case "setSoftphonePanelHeight": this.height = args.heightPX; this.resize(); break;
      case "setSoftphonePanelWidth": this.width = args.widthPX; this.resize(); break;
      case "setSoftphonePanelLabel": this.el.panelLabel.textContent = args.label; break;
      case "setSoftphonePanelIcon": setIcon(this.el.panelIcon, args.key); break;
      case "setSoftphoneItemLabel": this.el.itemLabel.textContent = args.label; break;
      case "setSoftphoneItemIcon": setIcon(this.el.itemIcon, args.key); break;
    }
  }
}

function setIcon(target, key) {
  target.dataset.icon = key;
  target.textContent = ICONS[key] || "●";
}

function clamp(n, [min, max]) {
  return Math.min(max, Math.max(min, n));
}

function el(id) {
  return /** @type {HTMLElement} */ (document.getElementById(id));
}
