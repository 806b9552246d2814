// Polls `/pipelines` and `/readyz` every two seconds and keeps each pipeline's rates for the last five minutes.
//
// Polling rather than server-sent events: it goes through the same authenticated JSON routes as the command line,
// holds no connection open between polls (so the server's connection cap and idle timeout treat it like any client),
// and works through every proxy. One poll is two small JSON answers.

import { get } from "./api.js";

export const pollSeconds = 2;
const keptSamples = (5 * 60) / pollSeconds;

const listeners = new Set();
const history = new Map();
let latest = { pipelines: [], readiness: null, error: null, at: 0 };
let timer = null;
let previous = null;

/** The newest poll: `{pipelines, readiness, error, at}`. */
export function snapshot() {
  return latest;
}

/** A pipeline's rate samples, oldest first: `[{in, out}]`, in records per second. */
export function rates(name) {
  return history.get(name) || [];
}

/** Calls `listener(snapshot)` after every poll until the returned function is called. */
export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function record(pipelines, at) {
  if (previous) {
    const seconds = (at - previous.at) / 1000;
    for (const pipeline of pipelines) {
      const before = previous.counters.get(pipeline.name);
      if (!before || seconds <= 0) continue;
      const sample = {
        in: Math.max(0, pipeline.counters.records_in - before.records_in) / seconds,
        out: Math.max(0, pipeline.counters.records_out - before.records_out) / seconds,
      };
      const samples = history.get(pipeline.name) || [];
      samples.push(sample);
      if (samples.length > keptSamples) samples.shift();
      history.set(pipeline.name, samples);
    }
  }
  previous = { at, counters: new Map(pipelines.map((pipeline) => [pipeline.name, pipeline.counters])) };
}

/** The number of the newest poll: an older one still under way when a newer starts is dropped when it ends. */
let newest = 0;

/**
 * Polls once now; the next poll follows `pollSeconds` after this one ends. A poll started again before this one
 * ends (after a new token, say) supersedes it: this one's answer is neither shown nor followed by another poll.
 */
export async function poll() {
  clearTimeout(timer);
  const mine = ++newest;
  const at = Date.now();
  let next;
  try {
    // `/readyz` answers 503 with the same body when not ready.
    const readiness = get("/readyz").catch((error) => error.body || null);
    const list = await get("/pipelines");
    const ready = await readiness;
    if (mine !== newest) return;
    record(list.pipelines, at);
    next = { pipelines: list.pipelines, readiness: ready, error: null, at };
  } catch (error) {
    if (mine !== newest) return;
    next = { ...latest, error, at };
  }
  latest = next;
  for (const listener of listeners) listener(latest);
  timer = setTimeout(poll, pollSeconds * 1000);
}
