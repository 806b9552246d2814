// The overview: every pipeline with its state, flow, rates, lag, dead letters and last error.

import { el, figures, count, stateBadge } from "./dom.js";
import { rateChart } from "./chart.js";
import { rates } from "./live.js";

function lag(pipeline) {
  if (pipeline.lag === undefined || pipeline.lag === null) return "—";
  const text = `${count(pipeline.lag)} of ${count(pipeline.lag_threshold)}`;
  const over = pipeline.lag_threshold !== undefined && pipeline.lag > pipeline.lag_threshold;
  return el("span", { class: over ? "over" : null }, text, over ? " (over threshold)" : "");
}

function card(pipeline) {
  const path = `#/pipelines/${encodeURIComponent(pipeline.name)}`;
  return el("article", { class: "card", "data-pipeline": pipeline.name },
    el("h2", {}, el("a", { href: path }, pipeline.name), " ", stateBadge(pipeline.state)),
    el("p", { class: "flow" }, `${pipeline.source} → ${pipeline.sink}`),
    rateChart(rates(pipeline.name), `${pipeline.name} records per second`),
    figures([
      ["Records in", el("span", { "data-field": "records_in" }, count(pipeline.counters.records_in))],
      ["Records out", el("span", { "data-field": "records_out" }, count(pipeline.counters.records_out))],
      ["Lag", lag(pipeline)],
      ["Dead-lettered", el("a", { href: `#/dlq?pipeline=${encodeURIComponent(pipeline.name)}`, "data-field": "records_dlq" },
        count(pipeline.counters.records_dlq))],
    ]),
    pipeline.last_error ? el("p", { class: "error" }, `Last error: ${pipeline.last_error}`) : null);
}

/** Renders the overview from a poll's snapshot. */
export function renderOverview(view, state) {
  const children = [el("h1", {}, "Pipelines")];
  if (state.pipelines.length === 0 && !state.error) children.push(el("p", {}, "Waiting for the first answer…"));
  children.push(el("div", { class: "cards" }, state.pipelines.map(card)));
  view.replaceChildren(...children);
}
