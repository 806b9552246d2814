// One pipeline: its steps, counters, latency, pause and resume.

import { request } from "./api.js";
import { el, figures, count, millis, stateBadge } from "./dom.js";
import { rateChart } from "./chart.js";
import { rates, poll } from "./live.js";

function latency(title, value) {
  if (!value) return [el("h2", {}, title), el("p", {}, "No record delivered yet.")];
  return [el("h2", {}, title), figures([
    ["p50", millis(value.p50_ms)], ["p99", millis(value.p99_ms)], ["max", millis(value.max_ms)],
    ["records measured", count(value.records)],
  ])];
}

function steps(pipeline) {
  if (!pipeline.steps || pipeline.steps.length === 0) return [el("h2", {}, "Steps"), el("p", {}, "No filters or transforms.")];
  return [el("h2", {}, "Steps"), el("ol", { class: "steps" }, pipeline.steps.map((step) => {
    const [kind] = Object.keys(step);
    return el("li", {}, el("strong", {}, kind), " ", el("code", {}, JSON.stringify(step[kind])));
  }))];
}

let actionResult = "";

async function act(name, action, result) {
  try {
    const status = await request("POST", `/pipelines/${encodeURIComponent(name)}/${action}`);
    actionResult = `${action === "pause" ? "Paused" : "Resumed"}: the pipeline is ${status.state}.`;
  } catch (error) {
    actionResult = `Could not ${action}: ${error.message}`;
  }
  result.textContent = actionResult;
  await poll();
}

/** Renders the page of pipeline `name` from a poll's snapshot. */
export function renderPipeline(view, state, name) {
  const pipeline = state.pipelines.find((candidate) => candidate.name === name);
  if (!pipeline) {
    view.replaceChildren(el("h1", {}, name), el("p", {}, state.pipelines.length ? "No pipeline by that name." : "Loading…"));
    return;
  }
  const result = el("p", { class: "result", role: "status", "aria-live": "polite" }, actionResult);
  const paused = pipeline.state === "paused";
  const control = el("button", { type: "button", id: "pause-resume", onclick: () => act(name, paused ? "resume" : "pause", result) },
    paused ? "Resume" : "Pause");
  const c = pipeline.counters;
  view.replaceChildren(
    el("h1", {}, pipeline.name, " ", stateBadge(pipeline.state)),
    el("p", { class: "flow" }, `${pipeline.source} → ${pipeline.sink}`),
    el("div", { class: "toolbar" }, control),
    result,
    rateChart(rates(name), `${name} records per second`),
    el("h2", {}, "Counters"),
    figures([
      ["Records in", count(c.records_in)], ["Records out", count(c.records_out)],
      ["Failed (retried)", count(c.records_failed)], ["Filtered out", count(c.records_filtered)],
      ["Dead letters", el("a", { href: `#/dlq?pipeline=${encodeURIComponent(name)}` }, count(c.records_dlq))],
      ["Lag", pipeline.lag === undefined ? "—" : `${count(pipeline.lag)} of ${count(pipeline.lag_threshold)}`],
    ]),
    pipeline.last_error ? el("p", { class: "error" }, `Last error: ${pipeline.last_error}`) : null,
    ...latency("Latency, source to sink", pipeline.latency),
    ...latency("Latency of this hop, stored to sink", pipeline.hop_latency),
    ...steps(pipeline));
}

/** Forgets the last pause/resume message when another pipeline is shown. */
export function resetPipelineMessage() {
  actionResult = "";
}
