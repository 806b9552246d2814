// Dead letters: a paged list, one letter's payload and headers, replay of one or many, and purge with a confirmation.

import { get, request, withQuery } from "./api.js";
import { el, figures, count } from "./dom.js";
import { snapshot } from "./live.js";

const pageSize = 25;

/** What the last action did; shown above the list until the next one. */
let lastResult = null;

function show(resultNode, text, failed = false) {
  lastResult = { text, failed };
  resultNode.textContent = text;
  resultNode.classList.toggle("error", failed);
}

async function replay(body, resultNode, after) {
  try {
    const answer = await request("POST", "/dlq/replay", body);
    show(resultNode, `Replayed ${count(answer.replayed)} dead letter${answer.replayed === 1 ? "" : "s"}.`);
  } catch (error) {
    show(resultNode, `Replay failed: ${error.message}`, true);
  }
  await after();
}

function pipelinePicker(selected, onchange) {
  const names = snapshot().pipelines.map((pipeline) => pipeline.name);
  if (selected && !names.includes(selected)) names.push(selected);
  return el("label", {}, "Pipeline ",
    el("select", { id: "dlq-pipeline", onchange: (event) => onchange(event.target.value) },
      el("option", { value: "" }, "all pipelines"),
      names.map((name) => el("option", { value: name, selected: name === selected }, name))));
}

function purgeControls(pipeline, resultNode, reload) {
  const box = el("span", { class: "purge" });
  const ask = () => {
    box.replaceChildren(
      el("span", { role: "alert" }, `Delete every dead letter of ${pipeline} for good? `),
      el("button", { type: "button", class: "danger", id: "dlq-purge-confirm", onclick: async () => {
        try {
          const answer = await request("DELETE", withQuery("/dlq", { pipeline }));
          show(resultNode, `Deleted ${count(answer.purged)} dead letter${answer.purged === 1 ? "" : "s"} of ${pipeline}.`);
        } catch (error) {
          show(resultNode, `Purge failed: ${error.message}`, true);
        }
        await reload();
      } }, "Delete them"),
      " ",
      el("button", { type: "button", class: "quiet", onclick: () => idle() }, "Cancel"));
    box.querySelector("button").focus();
  };
  const idle = () => box.replaceChildren(el("button", { type: "button", class: "quiet", id: "dlq-purge", onclick: ask }, `Purge ${pipeline}…`));
  idle();
  return box;
}

function row(letter) {
  return el("tr", { "data-id": letter.id },
    el("td", {}, el("input", { type: "checkbox", class: "pick", value: letter.id, "aria-label": `Select dead letter ${letter.id}` })),
    el("td", {}, el("a", { href: `#/dlq/${encodeURIComponent(letter.id)}` }, letter.id)),
    el("td", {}, letter.pipeline),
    el("td", {}, letter.reason),
    el("td", {}, letter.subject),
    el("td", { class: "num" }, count(letter.deliveries)),
    el("td", {}, letter.failed_at));
}

/** Renders the list for `pipeline` ("" for all), starting at `cursor`; `cursors` are the earlier pages' cursors. */
export async function renderDeadLetters(view, pipeline, cursors = []) {
  const cursor = cursors[cursors.length - 1];
  const reload = () => renderDeadLetters(view, pipeline, cursors);
  const resultNode = el("p", { class: "result", role: "status", "aria-live": "polite" });
  if (lastResult) show(resultNode, lastResult.text, lastResult.failed);
  const picker = pipelinePicker(pipeline, (name) => {
    lastResult = null;
    location.hash = name ? `#/dlq?pipeline=${encodeURIComponent(name)}` : "#/dlq";
  });
  let page;
  try {
    page = await get(withQuery("/dlq", { pipeline, limit: pageSize, cursor }));
  } catch (error) {
    view.replaceChildren(el("h1", {}, "Dead letters"), el("div", { class: "toolbar" }, picker),
      el("p", { class: "error", role: "alert" }, `Could not read the dead letters: ${error.message}`));
    return;
  }
  const table = page.dead_letters.length === 0
    ? el("p", { id: "dlq-empty" }, pipeline ? `No dead letters in ${pipeline}.` : "No dead letters.")
    : el("div", { class: "table-wrap" }, el("table", { id: "dlq-table" },
        el("caption", { class: "sr-only" }, "Dead letters, newest first"),
        el("thead", {}, el("tr", {}, ["", "Id", "Pipeline", "Reason", "Original subject", "Deliveries", "Failed at"]
          .map((title) => el("th", { scope: "col" }, title)))),
        el("tbody", {}, page.dead_letters.map(row))));
  const replaySelected = el("button", { type: "button", id: "dlq-replay-selected", onclick: () => {
    const ids = [...view.querySelectorAll("input.pick:checked")].map((box) => box.value);
    if (ids.length === 0) return show(resultNode, "Select the dead letters to replay first.", true);
    return replay({ ids }, resultNode, reload);
  } }, "Replay selected");
  const toolbar = el("div", { class: "toolbar" }, picker, page.dead_letters.length ? replaySelected : null,
    pipeline && page.dead_letters.length
      ? el("button", { type: "button", id: "dlq-replay-all", onclick: () => replay({ pipeline }, resultNode, reload) }, `Replay all of ${pipeline}`)
      : null,
    pipeline && page.dead_letters.length ? purgeControls(pipeline, resultNode, reload) : null);
  const pager = el("div", { class: "pager" },
    cursors.length ? el("button", { type: "button", class: "quiet", onclick: () => renderDeadLetters(view, pipeline, cursors.slice(0, -1)) }, "Newer") : null,
    page.next_cursor ? el("button", { type: "button", class: "quiet", onclick: () => renderDeadLetters(view, pipeline, [...cursors, page.next_cursor]) }, "Older") : null);
  view.replaceChildren(el("h1", {}, "Dead letters"), toolbar, resultNode, table, pager);
}

function payloadText(payload) {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

/** Renders one dead letter: its headers, its payload, and a replay button. */
export async function renderDeadLetter(view, id) {
  let letter;
  try {
    letter = await get(`/dlq/${encodeURIComponent(id)}`);
  } catch (error) {
    view.replaceChildren(el("h1", {}, `Dead letter ${id}`), el("p", { class: "error", role: "alert" }, error.message),
      el("p", {}, el("a", { href: "#/dlq" }, "All dead letters")));
    return;
  }
  const resultNode = el("p", { class: "result", role: "status", "aria-live": "polite" });
  const button = el("button", { type: "button", id: "dlq-replay-one", onclick: async () => {
    await replay({ ids: [id] }, resultNode, async () => {});
    button.disabled = !resultNode.classList.contains("error");
  } }, "Replay");
  view.replaceChildren(
    el("h1", {}, `Dead letter ${id}`),
    el("p", {}, el("a", { href: `#/dlq?pipeline=${encodeURIComponent(letter.pipeline)}` }, `Dead letters of ${letter.pipeline}`)),
    el("div", { class: "toolbar" }, button), resultNode,
    el("h2", {}, "Headers"),
    figures([["Pipeline", letter.pipeline], ["Reason", letter.reason], ["Original subject", letter.subject],
      ["Deliveries", count(letter.deliveries)], ["Failed at", letter.failed_at]]),
    el("h2", {}, "Payload"),
    el("pre", { id: "dlq-payload", tabindex: "0" }, payloadText(letter.payload)));
}
