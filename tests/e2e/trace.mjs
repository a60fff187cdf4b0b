// CDP traces of the page's main thread, for scripts/bench: where the milliseconds of a load or a
// paste go (wasm compiled lazily on first call, script, style, layout, paint), and the longest
// task. Chromium's trace events are the ones DevTools' Performance panel reads; each event's own
// time (without the events nested in it) is counted once, under the nearest kind it or an event
// around it names, as the panel's Summary does.
export const CATEGORIES = [
  "devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "v8.wasm", "v8.execute", "loading",
];

/** Runs `act` while tracing `page`; returns the trace events. */
export async function traced(browser, page, act) {
  await browser.startTracing(page, { categories: CATEGORIES });
  let trace;
  try {
    await act();
  } finally {
    trace = await browser.stopTracing();
  }
  return JSON.parse(trace.toString()).traceEvents;
}

/** The kind of work an event is, by its name (undefined: the kind of the event around it). */
const KINDS = {
  "wasm.CompileLazy": "lazy compile",
  "v8.wasm.compileConsume": "wasm compile",
  "v8.wasm.compileConsumeDone": "wasm compile",
  "wasm.OnBytesReceived": "wasm compile",
  "wasm.FinishStreaming": "wasm compile",
  "wasm.SyncCompile": "wasm compile",
  "wasm.SyncInstantiate": "wasm compile",
  "wasm.AsyncInstantiate": "wasm compile",
  FunctionCall: "script",
  EvaluateScript: "script",
  "v8.evaluateModule": "script",
  "v8.compileModule": "script",
  RunMicrotasks: "script",
  TimerFire: "script",
  EventDispatch: "script",
  FireAnimationFrame: "script",
  FireIdleCallback: "script",
  ParseHTML: "parse HTML",
  ParseAuthorStyleSheet: "style",
  UpdateLayoutTree: "style",
  Layout: "layout",
  PrePaint: "paint",
  Paint: "paint",
  Layerize: "paint",
  UpdateLayer: "paint",
  Commit: "paint",
};
export const KIND_ORDER = ["wasm compile", "lazy compile", "script", "style", "layout", "paint", "parse HTML", "other"];

/** The last `performance.mark(name)` the page made (on its main thread). */
function lastMark(events, name) {
  const marks = events.filter((e) => e.name === name && e.cat.includes("blink.user_timing"));
  if (!marks.length) throw new Error(`no mark ${name} in the trace`);
  return marks[marks.length - 1];
}

/** The trace time (µs) of the page's navigation to `origin`. */
function navigationStart(events, origin, pid) {
  const start = events.find((e) => e.name === "navigationStart" && e.pid === pid && e.args?.data?.documentLoaderURL?.startsWith(origin));
  if (!start) throw new Error(`no navigation to ${origin} in the trace`);
  return start.ts;
}

/**
 * Where the main thread's time went from `fromMark` (or the navigation) to `toMark`: ms per kind,
 * the longest task, and the largest function compiled lazily.
 */
export function summarize(events, origin, toMark, fromMark = null) {
  const end = lastMark(events, toMark);
  const thread = { pid: end.pid, tid: end.tid };
  const from = fromMark ? lastMark(events, fromMark).ts : navigationStart(events, origin, end.pid);
  const to = end.ts;
  const own = events
    .filter((e) => e.ph === "X" && e.pid === thread.pid && e.tid === thread.tid && e.ts >= from && e.ts < to)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const ms = Object.fromEntries(KIND_ORDER.map((k) => [k, 0]));
  const stack = [];
  const close = (until) => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const done = stack.pop();
      ms[done.kind] += Math.max(0, done.self) / 1000;
    }
  };
  for (const e of own) {
    close(e.ts);
    const parent = stack[stack.length - 1];
    const dur = Math.min(e.dur ?? 0, to - e.ts);
    if (parent) parent.self -= dur;
    stack.push({ end: e.ts + dur, self: dur, kind: KINDS[e.name] ?? parent?.kind ?? "other" });
  }
  close(Infinity);
  const tasks = own.filter((e) => e.name === "RunTask").map((e) => e.dur / 1000);
  const lazy = own.filter((e) => e.name === "wasm.CompileLazy").map((e) => e.dur / 1000);
  const instantiated = own.find((e) => e.name === "wasm.AsyncInstantiate" || e.name === "wasm.SyncInstantiate");
  return {
    total: (to - from) / 1000,
    /** When the wasm module was instantiated (ms from the start), if it was in this stretch. */
    instantiatedAt: instantiated ? (instantiated.ts + instantiated.dur - from) / 1000 : null,
    ms,
    longestTask: Math.max(0, ...tasks),
    tasksOver: (limit) => tasks.filter((t) => t > limit),
    lazyCount: lazy.length,
    lazyLargest: Math.max(0, ...lazy),
  };
}
