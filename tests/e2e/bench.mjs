// Browser benchmark of the release build (prints figures; fails nothing on timing). One headless
// Chromium run, launched as the e2e tests launch it (traffic only to 127.0.0.1), measures:
// - load → first report of a 12 KB token (200 group claims), ours and a bare Yew 0.23 page with one
//   textarea (benches/bare-yew, same profile, Trunk and wasm-opt), loaded interleaved, and the ratio;
//   with them our page as static HTML that already shows that first screen (no wasm, no script:
//   the floor the browser alone sets for our HTML, stylesheet and DOM);
//   where the main thread's time goes in each (CDP traces);
// - paste → next frame for that token on a fresh page (ours and bare), keystroke → frame once the
//   report is shown, and the longest task of a 1 MiB paste (traced);
// - bytes at load per file (raw and gzip -9), bytes loaded on demand (opening the code view and
//   pasting a key), and the bytes a first visit is served (service worker allowed) per file.
// Run by scripts/bench after both release builds; BENCH_DIST, BENCH_RUNS (default 14) and BENCH_TRACED
// (default 5) set how many runs each figure takes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { serve, launch, b64url, dist, idle } from "./harness.mjs";
import { traced, summarize, KIND_ORDER } from "./trace.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 14);
const TRACED = Number(process.env.BENCH_TRACED ?? 5);
// BENCH_DIST measures another build of the app (an older one kept aside, say).
const DIST = process.env.BENCH_DIST ?? dist;
const BARE_DIST = process.env.BARE_DIST ?? path.join(dist, "../target/bare-yew/dist");

function tokenWith200Groups() {
  const groups = Array.from({ length: 200 }, (_, i) =>
    `${(i * 7919).toString(16).padStart(8, "0")}-1111-4222-8333-${(i * 104729).toString(16).padStart(12, "0")}`);
  const payload = {
    aud: "https://management.azure.com/", iss: "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
    iat: 1700000000, nbf: 1700000000, exp: 1700003600, oid: "456c2479-292c-4370-91b1-e4ea30ca5132",
    tid: "72f988bf-86f1-41af-91ab-2d7cd011db47", ver: "1.0", scp: "user_impersonation", upn: "someone@example.com", groups,
  };
  return `${b64url('{"typ":"JWT","alg":"RS256","kid":"k"}')}.${b64url(JSON.stringify(payload))}.${b64url("s".repeat(256))}`;
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const p95 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const runs = (xs) => xs.map((x) => x.toFixed(0)).join(", ");

const TOKEN = tokenWith200Groups();

const browser = await launch();
// `done`: what is on the page once the token is reported. Ours: the summary, the last card of the
// report's first screen (the verdict, the identity, the summary); the claims tables below it, the
// JSON and the parts are made the frame after, and `whole` (the groups claim's row) times that
// frame too. The bare page: the line that counts the characters.
const ours = { name: "ours", server: await serve(DIST), done: "#summary-title", whole: "tr[data-claim='groups']" };
const bare = { name: "bare", server: await serve(BARE_DIST), done: "#report" };
// The floor of our own page: its HTML and stylesheet, already showing the first screen (floorPage).
const floorDir = await floorPage();
const floor = { name: "floor", server: await serve(floorDir), done: "#summary-title", dir: floorDir };

// Every page gets `__frameShowing(done, name)`: a promise of the time (ms from navigation) after the
// frame that first shows `done` (a selector), with a performance mark `name` then (for traces);
// and `__typeOnceShown(text, then)`: the moment the paste area (#input) exists, `text` is put in
// it with an input event, as a paste would, and `then` is called.
async function benchContext(options) {
  const context = await browser.newContext(options);
  await context.addInitScript(() => {
    window.__typeOnceShown = (text, then) => new MutationObserver((_, observer) => {
      const input = document.getElementById("input");
      if (!input) return;
      observer.disconnect();
      input.value = text;
      input.dispatchEvent(new InputEvent("input", { bubbles: true }));
      then();
    }).observe(document, { subtree: true, childList: true });
    window.__frameShowing = (done, name) => new Promise((resolve) => {
      const tick = () => requestAnimationFrame(() => {
        if (!document.querySelector(done)) return tick();
        setTimeout(() => { performance.mark(name); resolve(performance.now()); }, 0);
      });
      tick();
    });
  });
  return context;
}

/**
 * Our page as static HTML that already shows the token's first screen: no wasm, no script. What
 * the browser alone pays to load our HTML and stylesheet and to lay out and paint that screen, so
 * the floor under any build of the app that shows it. Our page is loaded once and the DOM of the
 * frame that first shows the first screen is taken (the claims tables are made after that frame);
 * the copy has our index.html's head without the boot script and the preloads (the same CSP) and
 * that DOM as its body. The benchmark fills its paste area as it fills ours. Returns the folder
 * it is written to.
 */
async function floorPage() {
  const context = await benchContext({ serviceWorkers: "block" });
  await context.addInitScript((tok) => window.__typeOnceShown(tok, () => {
    // Taken in the animation-frame callback of the frame that first shows the summary.
    const tick = () => requestAnimationFrame(() => {
      if (!document.querySelector("#summary-title")) return tick();
      window.__shown = document.body.innerHTML;
    });
    tick();
  }), TOKEN);
  const page = await context.newPage();
  await page.goto(ours.server.origin + "/");
  await page.waitForFunction(() => window.__shown);
  const shown = await page.evaluate(() => window.__shown);
  await context.close();
  if (shown.includes("data-claim=")) throw new Error("the floor's first screen holds the claims tables");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mi-bench-floor-"));
  const index = fs.readFileSync(path.join(DIST, "index.html"), "utf8");
  const head = index.slice(0, index.indexOf("<body>"))
    .replace(/<script type="module"[\s\S]*?<\/script>/, "")
    .replace(/<link rel="(?:modulepreload|preload|manifest)"[^>]*>/g, "");
  for (const [, file] of head.matchAll(/<link rel="(?:stylesheet|icon)" href="\.\/([^"]+)"/g)) {
    fs.copyFileSync(path.join(DIST, file), path.join(dir, file));
  }
  fs.writeFileSync(path.join(dir, "index.html"), `${head}<body>${shown}</body>\n</html>\n`);
  return dir;
}

/**
 * Load → first report, measured inside the page (driver round trips would add 10-30 ms): from
 * navigation start until the frame after the report is in the DOM. The token is typed in by a
 * script the moment the paste area exists. The page reports the time on the console, so that
 * the driver runs nothing in the page meanwhile (its first evaluation alone costs about 10 ms of
 * the main thread). Returns the time and what the server sent meanwhile. With `firstVisit`, the
 * service worker is allowed, and the page is kept until the worker is ready (it has cached the
 * app): what it fetched counts too.
 */
async function loadOnce(app, { trace = false, firstVisit = false } = {}) {
  const context = await benchContext({ serviceWorkers: firstVisit ? "allow" : "block" });
  await context.addInitScript(([tok, done, whole]) => window.__typeOnceShown(tok, () => {
    window.__frameShowing(done, "bench-reported").then((t) => console.log(`bench-reported ${t}`));
    if (whole) window.__frameShowing(whole, "bench-whole").then((t) => console.log(`bench-whole ${t}`));
  }), [TOKEN, app.done, app.whole]);
  const page = await context.newPage();
  const before = app.server.served.length;
  const logged = (name) => new Promise((resolve) => page.on("console", (m) => {
    if (m.text().startsWith(`${name} `)) resolve(Number(m.text().split(" ")[1]));
  }));
  const [reported, wholeShown] = [logged("bench-reported"), app.whole ? logged("bench-whole") : null];
  let ms;
  let wholeMs;
  const go = async () => {
    await page.goto(app.server.origin + "/");
    ms = await reported;
    wholeMs = await wholeShown;
    if (firstVisit) {
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.waitForLoadState("networkidle");
    }
  };
  const events = trace ? await traced(browser, page, go) : (await go(), null);
  const served = app.server.served.slice(before);
  await context.close();
  return { ms, wholeMs, served, summary: events && summarize(events, app.server.origin, "bench-reported") };
}

/** A page of `app`, loaded and left idle (a fresh page as a user finds it), that may use the clipboard. */
async function freshPage(app) {
  const context = await benchContext({ serviceWorkers: "block" });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.server.origin });
  const page = await context.newPage();
  await page.goto(app.server.origin + "/");
  await page.locator("#input").waitFor();
  await idle(page, 5);
  return { context, page };
}

/**
 * Ctrl+V of the clipboard's text into #input: ms from the keydown to the frame after the page
 * shows `done` (a selector), and, with `whole`, to the frame after it shows `whole` too.
 */
async function pasteToFrame(page, done, { mark = "bench-pasted", whole } = {}) {
  await page.locator("#input").focus();
  await page.evaluate(([selector, name, wholeSelector]) => {
    const after = (sel, mark) => new Promise((resolve) => {
      addEventListener("keydown", (e) => {
        if (mark === name) performance.mark("bench-keydown");
        window.__frameShowing(sel, mark).then((t) => resolve(t - e.timeStamp));
      }, { capture: true, once: true });
    });
    window.__frame = after(selector, name);
    window.__whole = wholeSelector ? after(wholeSelector, `${name}-whole`) : Promise.resolve(null);
  }, [done, mark, whole]);
  await page.keyboard.press("Control+V");
  return page.evaluate(() => Promise.all([window.__frame, window.__whole]));
}

async function pasteOnFreshPage(app, { trace = false } = {}) {
  const { context, page } = await freshPage(app);
  await page.evaluate((t) => navigator.clipboard.writeText(t), TOKEN);
  let ms;
  let wholeMs;
  const act = async () => { [ms, wholeMs] = await pasteToFrame(page, app.done, { whole: app.whole }); };
  const events = trace ? await traced(browser, page, act) : (await act(), null);
  await context.close();
  return { ms, wholeMs, summary: events && summarize(events, app.server.origin, "bench-pasted", "bench-keydown") };
}

// 1. Load → first report, interleaved (each round rotates which page goes first).
const pages = [ours, bare, floor];
const loads = { ours: [], bare: [], floor: [] };
const wholeLoads = [];
let atLoad = null;
for (let run = 0; run < RUNS; run += 1) {
  for (const app of pages.map((_, i) => pages[(i + run) % pages.length])) {
    const { ms, wholeMs, served } = await loadOnce(app);
    loads[app.name].push(ms);
    if (app.whole) wholeLoads.push(wholeMs);
    if (app === ours && !atLoad) atLoad = served;
  }
}
const traces = { ours: [], bare: [], floor: [] };
for (let run = 0; run < TRACED; run += 1) {
  for (const app of pages) traces[app.name].push((await loadOnce(app, { trace: true })).summary);
}

// 2. Paste → next frame on a fresh page, interleaved; then a few traced.
const pastes = { ours: [], bare: [] };
const wholePastes = [];
for (let run = 0; run < Math.ceil(RUNS / 2); run += 1) {
  for (const app of run % 2 ? [bare, ours] : [ours, bare]) {
    const { ms, wholeMs } = await pasteOnFreshPage(app);
    pastes[app.name].push(ms);
    if (app.whole) wholePastes.push(wholeMs);
  }
}
const pasteTraces = [];
for (let run = 0; run < TRACED; run += 1) pasteTraces.push((await pasteOnFreshPage(ours, { trace: true })).summary);

// 3. Keystroke → frame with the token's report shown (typing at its end, then deleting).
const { context, page } = await freshPage(ours);
await page.evaluate((t) => navigator.clipboard.writeText(t), TOKEN);
await pasteToFrame(page, ours.whole);
const keystrokes = [];
for (let i = 0; i < 30; i += 1) {
  const before = await page.evaluate(() => Number(document.getElementById("report").dataset.revision));
  await page.evaluate((b) => {
    window.__frame = new Promise((resolve) => {
      addEventListener("keydown", (e) => {
        window.__frameShowing(`#report:not([data-revision='${b}'])`, "bench-key").then((t) => resolve(t - e.timeStamp));
      }, { capture: true, once: true });
    });
  }, before);
  await page.keyboard.press(i % 2 ? "Backspace" : "x");
  keystrokes.push(await page.evaluate(() => window.__frame));
}

// 4. Bytes on demand: what opening the code view and pasting a key fetch after the first report.
const beforeDemand = ours.server.served.length;
await page.locator("#open-snippets").click();
await page.locator(".snippets-card").waitFor();
const revision = await page.evaluate(() => Number(document.getElementById("report").dataset.revision));
await page.locator("#key").fill('{"kty":"oct","k":"c2VjcmV0"}');
await page.waitForFunction((b) => Number(document.getElementById("report").dataset.revision) > b, revision);
await page.locator("#close-snippets").click();
await page.waitForLoadState("networkidle");
const onDemand = ours.server.served.slice(beforeDemand);

// 5. Two 1 MiB logs pasted with Ctrl+V as a user would, traced: the longest task from the
// keydown until the frame after the report is shown and the report to share, written in a task
// of its own after it, is shown too (the paste's own task includes Chromium reading the
// clipboard; the bare page's paste of the same text shows what that alone costs). One is a log
// of one-line records (too many to split: read whole); the other of stack-trace records, which
// the page reads in steps (one call would be over 300 ms of wasm).
function mib(record) {
  let text = "";
  for (let i = 0; text.length < 1024 * 1024; i += 1) text += record(i);
  return text.slice(0, 1024 * 1024);
}
const big = mib((i) => `2024-05-01T10:00:00Z INFO request ${i} done in 12 ms\n`);
const stackTraces = mib((i) => `2024-05-01T10:00:${String(i % 60).padStart(2, "0")}Z ERROR worker[${i}] request ${i} failed: connection reset by peer\n`
  + Array.from({ length: 7 }, (_, j) => `    at com.example.service.Handler${j}.process(Handler${j}.java:${100 + j})\n`).join(""));
async function bigPaste(text, mark) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  const before = await page.evaluate(() => Number(document.getElementById("report").dataset.revision));
  let ms;
  const summary = summarize(
    await traced(browser, page, async () => {
      [ms] = await pasteToFrame(page, "#input-preview", { mark });
      // Its report, then the report to share of that report.
      const shown = before + 1;
      await page.evaluate((r) => window.__frameShowing(`#report[data-revision='${r}'][aria-busy='false']`, "bench-big-reported"), shown);
      await page.evaluate((r) => window.__frameShowing(`.share[data-revision='${r}'] #share-markdown`, "bench-big-settled"), shown);
    }),
    ours.server.origin, "bench-big-settled", "bench-keydown");
  return { ms, summary };
}
const bigLines = await bigPaste(big, "bench-big");
const bigTraces = await bigPaste(stackTraces, "bench-big-traces");
const bigTrace = bigLines.summary;
const bigMs = bigLines.ms;
// A blank page whose textarea takes no text: Chromium reading the clipboard, the floor any page pays.
const blank = await context.newPage();
await blank.setContent('<textarea id="input"></textarea>');
await blank.evaluate(() => document.getElementById("input").addEventListener("paste", (e) => e.preventDefault()));
const blankBigTrace = summarize(
  await traced(browser, blank, () => pasteToFrame(blank, "#input", { mark: "bench-big" })),
  null, "bench-big", "bench-keydown");
await context.close();

// 6. A first visit with the service worker allowed, until it is ready (it has cached the app):
// from a host that sends ETags (as static hosts do) and from one that sends no validators.
const firstVisits = [["a host that sends ETags", await loadOnce(ours, { firstVisit: true })]];
const plainHost = { ...ours, server: await serve(DIST, { etags: false }) };
firstVisits.push(["a host that sends no validators", await loadOnce(plainHost, { firstVisit: true })]);
await plainHost.server.close();

await browser.close();
await ours.server.close();
await bare.server.close();
await floor.server.close();
fs.rmSync(floor.dir, { recursive: true });

// The report.
const fileOf = (url) => {
  const clean = new URL(url, "http://x").pathname;
  return clean === "/" ? "index.html" : clean.slice(1);
};
const gzipOf = (file) => execFileSync("gzip", ["-9", "-c", path.join(DIST, file)], { maxBuffer: 1 << 26 }).length;
const ratio = median(loads.ours) / median(loads.bare);
console.log(`load → first report (12 KB token, 200 groups; navigation start to the frame after the report's first screen), ${RUNS} interleaved runs each:`);
console.log(`  ours  median ${median(loads.ours).toFixed(0)} ms (runs ${runs(loads.ours)}); the claims tables too: ${median(wholeLoads).toFixed(0)} ms`);
console.log(`  bare  median ${median(loads.bare).toFixed(0)} ms (runs ${runs(loads.bare)})`);
console.log(`  floor median ${median(loads.floor).toFixed(0)} ms (runs ${runs(loads.floor)}): our page as static HTML already showing the first screen`);
console.log(`  ratio ${ratio.toFixed(2)}× the bare Yew page (target ≤ 1.15×); the floor is ${(median(loads.floor) / median(loads.bare)).toFixed(2)}× the bare page, ours ${(median(loads.ours) / median(loads.floor)).toFixed(2)}× the floor`);
const breakdown = (summaries) => {
  const line = KIND_ORDER.map((k) => `${k} ${median(summaries.map((s) => s.ms[k])).toFixed(1)}`).join(", ");
  const lazy = `${median(summaries.map((s) => s.lazyCount))} functions, largest ${median(summaries.map((s) => s.lazyLargest)).toFixed(1)} ms`;
  return `${median(summaries.map((s) => s.total)).toFixed(0)} ms: ${line} (lazy: ${lazy}); longest task ${median(summaries.map((s) => s.longestTask)).toFixed(1)} ms`;
};
console.log(`  where the main thread's time goes (median of ${TRACED} traced loads, ms; the rest is waiting):`);
console.log(`    ours ${breakdown(traces.ours)}`);
console.log(`    bare ${breakdown(traces.bare)}`);
console.log(`    floor ${breakdown(traces.floor)}`);
console.log(`paste → next frame (Ctrl+V of the 12 KB token into a fresh page, keydown to the frame after the report's first screen), ${pastes.ours.length} runs each:`);
console.log(`  ours  median ${median(pastes.ours).toFixed(1)} ms (runs ${runs(pastes.ours)}) (target ≤ 32 ms); the claims tables too: ${median(wholePastes).toFixed(1)} ms`);
console.log(`  bare  median ${median(pastes.bare).toFixed(1)} ms (runs ${runs(pastes.bare)})`);
console.log(`  ours traced (median of ${TRACED}): ${breakdown(pasteTraces)}`);
console.log(`keystroke → frame (12 KB token shown; keydown to the frame after the new report): median ${median(keystrokes).toFixed(1)} ms, p95 ${p95(keystrokes).toFixed(1)} ms (target ≤ 16 ms)`);
const over = (s) => s.tasksOver(16).map((t) => `${t.toFixed(0)} ms`).join(", ") || "none";
console.log(`1 MiB paste (Ctrl+V, traced until the report to share is shown too): longest task ${bigTrace.longestTask.toFixed(1)} ms (target < 50 ms); tasks over 16 ms: ${over(bigTrace)}; preview shown after ${bigMs.toFixed(0)} ms`);
console.log(`1 MiB paste of stack-trace records (read in steps), traced the same way: longest task ${bigTraces.summary.longestTask.toFixed(1)} ms (target < 50 ms); tasks over 16 ms: ${over(bigTraces.summary)}; preview shown after ${bigTraces.ms.toFixed(0)} ms, report to share shown after ${bigTraces.summary.total.toFixed(0)} ms`);
console.log(`  the same paste into a blank page that takes no text (Chromium reading the clipboard): longest task ${blankBigTrace.longestTask.toFixed(1)} ms`);
const table = (served) => {
  const files = [...new Set(served.filter((s) => s.status === 200).map((s) => fileOf(s.url)))];
  let raw = 0;
  let gz = 0;
  for (const file of files) {
    const size = fs.statSync(path.join(DIST, file)).size;
    const packed = gzipOf(file);
    raw += size;
    gz += packed;
    console.log(`  ${file.padEnd(44)} ${kib(size).padStart(10)} raw ${kib(packed).padStart(10)} gzip`);
  }
  return { raw, gz };
};
console.log("bytes at load (what the page fetched before the first report; gzip -9 as a host would send it):");
const load = table(atLoad);
console.log(`  total ${kib(load.raw)} raw, ${kib(load.gz)} gzip (${(load.gz / 1000).toFixed(1)} KB; target ≤ 250 KB gzip)`);
console.log("bytes on demand (fetched after the first report: opening the code view, pasting a key):");
if (onDemand.length) {
  const demand = table(onDemand);
  console.log(`  total ${kib(demand.raw)} raw, ${kib(demand.gz)} gzip`);
} else {
  console.log("  none: everything is in the files loaded at start");
}
for (const [host, { ms, served }] of firstVisits) {
  const times = new Map();
  for (const s of served.filter((s) => s.status === 200)) times.set(fileOf(s.url), (times.get(fileOf(s.url)) ?? 0) + 1);
  const bytes = served.reduce((n, s) => n + s.bytes, 0);
  const distinct = [...times.keys()].reduce((n, f) => n + fs.statSync(path.join(DIST, f)).size, 0);
  const twice = [...times].filter(([, n]) => n > 1).map(([f, n]) => `${f} ×${n}`);
  const notModified = served.filter((s) => s.status === 304).length;
  console.log(`first visit from ${host} (service worker allowed, until it is ready): first report after ${ms.toFixed(0)} ms; ${served.length} requests (${notModified} answered 304 Not Modified), ${kib(bytes)} served for ${kib(distinct)} of distinct files; ${twice.length ? `downloaded more than once: ${twice.join(", ")}` : "each file downloaded once"}`);
}
