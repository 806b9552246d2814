// Search: a box over each search index, with the query's words highlighted in the hits, and paging.

import { get, withQuery } from "./api.js";
import { el, count } from "./dom.js";
import { snapshot } from "./live.js";

const pageSize = 10;

/** The index names the pipelines write to, in configuration order, each once. */
function indexes() {
  return [...new Set(snapshot().pipelines.map((pipeline) => pipeline.search_index).filter(Boolean))];
}

/** The query's words, lower-cased, without the operators of the query syntax. */
function words(query) {
  return query.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter((word) => word.length > 1 && !["and", "or", "not"].includes(word));
}

/** `text` with every occurrence of a query word wrapped in `<mark>`, built from text nodes only. */
function highlighted(text, terms) {
  if (terms.length === 0) return [text];
  const escaped = terms.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(${escaped.join("|")})`, "giu");
  return text.split(pattern).map((part, index) => (index % 2 === 1 ? el("mark", {}, part) : part));
}

/** The fields of a hit worth showing: strings and string lists, title first. */
function fieldsOf(documentText) {
  let document;
  try {
    document = JSON.parse(documentText);
  } catch {
    return [["document", documentText]];
  }
  const source = document && typeof document.payload === "object" && document.payload ? document.payload : document;
  const entries = Object.entries(source).filter(([key, value]) => key !== "id" && (typeof value === "string" || Array.isArray(value)));
  entries.sort(([a], [b]) => (a === "title" ? -1 : b === "title" ? 1 : 0));
  return entries.map(([key, value]) => [key, Array.isArray(value) ? value.join(", ") : value]);
}

function hit(entry, terms) {
  const fields = fieldsOf(entry.document);
  const [first, ...rest] = fields;
  return el("li", { class: "hit", "data-id": entry.id },
    el("h2", {}, first ? highlighted(first[1].slice(0, 200), terms) : entry.id),
    rest.slice(0, 3).map(([key, value]) => el("p", {}, el("strong", {}, `${key}: `), highlighted(value.slice(0, 400), terms))),
    el("p", { class: "meta" }, `id ${entry.id} · version ${entry.version} · score ${entry.score.toFixed(3)}`));
}

/** Renders the search page; `parameters` are the hash's `index`, `q` and `offset`. */
export async function renderSearch(view, parameters) {
  const known = indexes();
  const index = parameters.get("index") || known[0] || "";
  const query = parameters.get("q") || "";
  const offset = Math.max(0, Number(parameters.get("offset")) || 0);
  const go = (nextOffset) => {
    const form = view.querySelector("form");
    const next = new URLSearchParams({ index: form.index.value, q: form.q.value.trim(), offset: String(nextOffset) });
    location.hash = `#/search?${next}`;
  };
  const form = el("form", { class: "toolbar", role: "search", onsubmit: (event) => { event.preventDefault(); go(0); } },
    el("label", {}, "Index ", known.length
      ? el("select", { name: "index", id: "search-index" }, known.map((name) => el("option", { value: name, selected: name === index }, name)))
      : el("input", { type: "text", name: "index", id: "search-index", value: index, required: true })),
    el("label", {}, "Query ", el("input", { type: "search", name: "q", id: "search-query", value: query, required: true })),
    el("button", { type: "submit" }, "Search"));
  const results = el("div", { id: "search-results", "aria-live": "polite" });
  view.replaceChildren(el("h1", {}, "Search"), form, results);
  if (!query || !index) {
    if (!known.length) results.append(el("p", {}, "No pipeline writes to a search index; type the index name."));
    return;
  }
  let answer;
  try {
    answer = await get(withQuery("/search", { index, q: query, limit: pageSize, offset }));
  } catch (error) {
    results.replaceChildren(el("p", { class: "error", role: "alert" }, `Search failed: ${error.message}`));
    return;
  }
  const terms = words(query);
  const last = Math.min(offset + answer.hits.length, answer.total);
  results.replaceChildren(
    el("p", { id: "search-total" }, answer.total === 0 ? "No hits." : `Hits ${count(offset + 1)}–${count(last)} of ${count(answer.total)}`),
    el("ol", { class: "hits", start: offset + 1 }, answer.hits.map((entry) => hit(entry, terms))),
    el("div", { class: "pager" },
      offset > 0 ? el("button", { type: "button", class: "quiet", onclick: () => go(Math.max(0, offset - pageSize)) }, "Previous") : null,
      last < answer.total ? el("button", { type: "button", class: "quiet", id: "search-next", onclick: () => go(offset + pageSize) }, "Next") : null));
}
