// @ts-check
// "Test a number": asks the server what a call would pop for a user and shows every match's reason.
import { $, api, status } from "./common.js";

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  return td;
}

$("test-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const number = /** @type {HTMLInputElement} */ ($("test-number")).value;
  const user = /** @type {HTMLInputElement} */ ($("test-user")).value.trim();
  const callType = /** @type {HTMLSelectElement} */ ($("test-calltype")).value;
  try {
    // encodeURIComponent, not URLSearchParams: the server reads + as a plus, so a space must be %20.
    const query = Object.entries({ number, user, callType }).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
    const answer = await api(`/api/v1/screenpop/test?${query}`);
    const q = answer.query;
    $("query").textContent =
      q.kind === "number" ? `Read as ${q.e164} (national number ${q.nationalNumber}${q.extension ? `, extension ${q.extension}` : ""}); layout “${answer.layout}”, ${answer.callType}.`
      : q.kind === "name" ? `Read as a name or email: “${q.text}”; layout “${answer.layout}”, ${answer.callType}.`
      : `No usable caller id: ${q.reason}; layout “${answer.layout}”, ${answer.callType}.`;
    $("pop").textContent = answer.popDescription;
    const body = /** @type {HTMLElement} */ ($("matches").querySelector("tbody"));
    body.replaceChildren(...answer.matches.map((/** @type {any} */ m) => {
      const tr = document.createElement("tr");
      const name = cell("");
      const link = document.createElement("a");
      link.href = `/lightning/r/${m.RecordType}/${m.Id}/view`;
      link.textContent = m.Name || m.Id;
      name.append(link);
      tr.append(cell(m.reason.rank), name, cell(m.RecordType), cell(m.reason.field), cell(m.value), cell(m.reason.rule));
      return tr;
    }));
    $("result").hidden = false;
    status("");
  } catch (e) {
    $("result").hidden = true;
    status(/** @type {any} */ (e).message, true);
  }
});
