// Records per second in and out over the last minutes, as an SVG line chart.

import { el, rate } from "./dom.js";

const svgNS = "http://www.w3.org/2000/svg";

function svg(tag, attributes) {
  const node = document.createElementNS(svgNS, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function points(values, width, height, top) {
  const step = values.length > 1 ? width / (values.length - 1) : width;
  return values.map((value, index) => `${(index * step).toFixed(1)},${(height - (value / top) * height).toFixed(1)}`).join(" ");
}

/**
 * A chart of `samples` (`[{in, out}]`, oldest first): one line for records in, one for records out, scaled to the
 * highest rate seen; its text alternative gives the latest rates.
 */
export function rateChart(samples, label) {
  const width = 300;
  const height = 80;
  const peak = Math.max(0, ...samples.map((sample) => Math.max(sample.in, sample.out)));
  const top = Math.max(1, peak);
  const latest = samples[samples.length - 1] || { in: 0, out: 0 };
  const description = `${label}: ${rate(latest.in)} in, ${rate(latest.out)} out now; peak ${rate(peak)}`;
  const chart = svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", role: "img" });
  chart.setAttribute("aria-label", description);
  chart.append(svg("line", { class: "axis", x1: 0, y1: height - 0.5, x2: width, y2: height - 0.5 }));
  if (samples.length > 0) {
    chart.append(svg("polyline", { class: "in", points: points(samples.map((s) => s.in), width, height, top) }));
    chart.append(svg("polyline", { class: "out", points: points(samples.map((s) => s.out), width, height, top) }));
  }
  const legend = el("div", { class: "legend", "aria-hidden": "true" },
    el("span", { class: "in" }, `in ${rate(latest.in)}`),
    el("span", { class: "out" }, `out ${rate(latest.out)}`),
    el("span", {}, `peak ${rate(peak)}`));
  return el("figure", { class: "rates" }, chart, legend);
}
