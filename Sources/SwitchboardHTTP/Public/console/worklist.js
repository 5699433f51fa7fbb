// @ts-check
// Sales Engagement work (§1.6 #22–#23, the `hvs` methods): the console hands the softphone one
// piece of call-list work at a time through onWorkStart; completeWork closes it. Kept in
// sessionStorage so the list survives a refresh of the tab.

const KEY = "switchboard-work";

export class WorkList {
  /** @param {import("./host.js").OpenCTIHost} host @param {() => Promise<void>} changed */
  constructor(host, changed) {
    this.host = host;
    this.changed = changed;
    /** @type {Record<string, {workId: string, recordId: string, to: string, status: string, disposition?: string, taskId?: string, wasConnected?: boolean}>} */
    this.items = JSON.parse(sessionStorage.getItem(KEY) || "{}");
  }

  save() {
    sessionStorage.setItem(KEY, JSON.stringify(this.items));
  }

  /** The latest work for a record, if any. */
  stateOf(recordId) {
    return Object.values(this.items).filter((w) => w.recordId === recordId).pop();
  }

  /** Starts work on a record: the softphone's onWorkStart listener gets it. */
  start(record) {
    const workId = `0Zw${record.Id.slice(3, 15)}${String(Object.keys(this.items).length).padStart(3, "0")}`;
    const work = { workId, completeWorkWhen: "TaskSaved", attributes: { to: record.Phone } };
    const message = document.getElementById("work-message");
    if (!this.host.workStarted(work)) {
      if (message) message.textContent = "The softphone does not take call-list work: it has not called sforce.opencti.hvs.onWorkStart.";
      return;
    }
    this.items[workId] = { workId, recordId: record.Id, to: record.Phone, status: "started" };
    this.save();
    if (message) message.textContent = `Work ${workId} sent to the softphone: call ${record.Phone}.`;
    this.changed();
  }

  /** completeWork: the problem as an INVALID_PARAM description, or null. */
  complete(workId, attributes) {
    const work = this.items[workId];
    if (!work) return `workId ${JSON.stringify(workId)} is not work this console started`;
    if (work.status === "completed") return `work ${workId} is already completed`;
    Object.assign(work, { status: "completed", disposition: attributes.disposition, taskId: attributes.taskId, wasConnected: attributes.wasConnected !== false });
    this.save();
    this.changed();
    return null;
  }
}
