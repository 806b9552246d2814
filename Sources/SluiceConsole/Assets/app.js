// The console's entry point: routes the location hash to a view, keeps the readiness banner, asks for a token.

import { token, setToken } from "./api.js";
import { el, replace } from "./dom.js";
import { poll, snapshot, subscribe } from "./live.js";
import { renderOverview } from "./overview.js";
import { renderPipeline, resetPipelineMessage } from "./pipeline.js";
import { renderDeadLetters, renderDeadLetter } from "./deadletters.js";
import { renderSearch } from "./search.js";

const view = document.getElementById("view");
const banner = document.getElementById("readiness");
const dialog = document.getElementById("token-dialog");

/** The current route: `{section, name, parameters}` from `#/section/name?parameters`. */
function route() {
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  const [, section = "", ...rest] = path.split("/");
  return { section: section || "overview", name: rest.length ? decodeURIComponent(rest.join("/")) : "", parameters: new URLSearchParams(query) };
}

/** Views that follow the live poll are drawn again after each poll; the others only when the hash changes. */
function isLive(current) {
  return current.section === "overview" || current.section === "pipelines";
}

/** A selector that finds `node` again after a redraw: its id or its link target. */
function selectorFor(node) {
  if (node.id) return `#${CSS.escape(node.id)}`;
  const href = node.getAttribute("href");
  return href ? `[href="${CSS.escape(href)}"]` : null;
}

/** Draws a live view; keyboard focus inside it stays on the same control across redraws. */
function draw(current, state) {
  const focused = view.contains(document.activeElement) && document.activeElement !== view ? selectorFor(document.activeElement) : null;
  if (current.section === "pipelines" && current.name) renderPipeline(view, state, current.name);
  else renderOverview(view, state);
  if (focused) view.querySelector(focused)?.focus();
}

function markSection(current) {
  const section = current.section === "pipelines" ? "overview" : current.section;
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.section === section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function show() {
  const current = route();
  markSection(current);
  resetPipelineMessage();
  if (isLive(current)) draw(current, snapshot());
  else if (current.section === "dlq" && current.name) await renderDeadLetter(view, current.name);
  else if (current.section === "dlq") await renderDeadLetters(view, current.parameters.get("pipeline") || "");
  else if (current.section === "search") await renderSearch(view, current.parameters);
  else view.replaceChildren(el("h1", {}, "Not found"), el("p", {}, el("a", { href: "#/" }, "Back to the overview")));
  view.focus();
}

function showBanner(state) {
  if (state.error) {
    banner.className = "notice failed";
    replace(banner, state.error.needsToken ? `${state.error.message}. ` : `Cannot reach Sluice: ${state.error.message}. `,
      state.error.needsToken ? el("button", { type: "button", class: "quiet", onclick: () => askToken(state.error.message) }, "Enter a token") : null);
    if (state.error.needsToken) askToken(state.error.message);
    return;
  }
  const readiness = state.readiness;
  if (readiness && (!readiness.ready || readiness.degraded)) {
    banner.className = `notice ${readiness.ready ? "degraded" : "failed"}`;
    replace(banner, el("strong", {}, readiness.ready ? "Degraded" : "Not ready"),
      el("ul", {}, (readiness.reasons || []).map((reason) => el("li", {}, reason))));
    return;
  }
  banner.className = "";
  banner.replaceChildren();
}

/** Opens the token dialog, or updates the reason it gives when it is open already (keeping what is being typed). */
function askToken(reason = "") {
  document.getElementById("token-reason").textContent = reason;
  if (dialog.open) return;
  const input = document.getElementById("token-input");
  input.value = token();
  dialog.showModal();
  input.focus();
}

dialog.addEventListener("close", () => {
  const input = document.getElementById("token-input");
  if (dialog.returnValue === "save") setToken(input.value.trim());
  if (dialog.returnValue === "clear") setToken("");
  input.value = "";
  if (dialog.returnValue === "save" || dialog.returnValue === "clear") poll().then(show);
});
document.getElementById("token-button").addEventListener("click", () => askToken());

subscribe((state) => {
  showBanner(state);
  const current = route();
  if (isLive(current)) draw(current, state);
});
window.addEventListener("hashchange", show);
poll().then(show);
