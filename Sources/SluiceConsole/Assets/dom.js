// Small DOM helpers: every text goes in through textContent, never as HTML.

/** Makes an element: `el("a", {href: "#/"}, "Overview")`. Attributes starting with `on` become listeners. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of `node` with `children`. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** A definition list of `[term, value]` pairs; `value` may be a node. */
export function figures(pairs) {
  return el("dl", { class: "figures" }, pairs.map(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
}

/** A number with thousands separators; `—` when unknown. */
export function count(value) {
  return value === undefined || value === null ? "—" : Number(value).toLocaleString("en-US");
}

/** A rate per second, to one decimal below 10. */
export function rate(value) {
  if (value === undefined || value === null || !isFinite(value)) return "—";
  return value < 10 ? `${value.toFixed(1)}/s` : `${Math.round(value).toLocaleString("en-US")}/s`;
}

/** Milliseconds, to one decimal. */
export function millis(value) {
  return value === undefined || value === null ? "—" : `${Number(value).toFixed(1)} ms`;
}

/** The pipeline state as a badge. */
export function stateBadge(state) {
  return el("span", { class: `state state-${state}` }, state);
}
