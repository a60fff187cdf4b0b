// Browser benchmark of the release build (prints figures; fails nothing on timing):
// load-to-first-report for a 12 KB token (200 group claims), keystroke-to-report latency with that
// token, the longest main-thread task while a 1 MiB paste is analysed, and the transfer sizes.
// Run by scripts/bench after a release build.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { serve, launch, b64url, dist, clipboardPaste } from "./harness.mjs";

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

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

const server = await serve();
const browser = await launch();
const token = tokenWith200Groups();
// Load-to-first-report, measured inside the page (driver round trips would add 10-30 ms each):
// from navigation start until the frame after the report with the groups row is in the DOM. The
// token is typed in by a script the moment the paste area exists.
const loads = [];
for (let run = 0; run < 7; run += 1) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  await context.addInitScript((tok) => {
    new MutationObserver((_, observer) => {
      const input = document.getElementById("input");
      if (input && !window.__typed) {
        window.__typed = performance.now();
        input.value = tok;
        input.dispatchEvent(new InputEvent("input", { bubbles: true }));
      }
      if (document.querySelector("tr[data-claim='groups']")) {
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => { window.__reported = performance.now(); }, 0));
      }
    }).observe(document, { subtree: true, childList: true });
  }, token);
  const page = await context.newPage();
  await page.goto(server.origin + "/");
  await page.waitForFunction(() => window.__reported);
  loads.push(await page.evaluate(() => window.__reported));
  await context.close();
}

const context = await browser.newContext({ serviceWorkers: "block" });
await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
const page = await context.newPage();
await page.goto(server.origin + "/");
await page.locator("#input").fill(token);
await page.locator("tr[data-claim='groups']").waitFor();
await page.locator("#input").focus();
const keystrokes = [];
for (let i = 0; i < 30; i += 1) {
  await page.evaluate(() => {
    window.__changed = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve(performance.now());
      });
      observer.observe(document.getElementById("report"), { subtree: true, childList: true, characterData: true, attributes: true });
      window.__typed = performance.now();
    });
  });
  await page.keyboard.press(i % 2 ? "Backspace" : "x");
  keystrokes.push(await page.evaluate(async () => (await window.__changed) - window.__typed));
}

// A 1 MiB application log, pasted with Ctrl+V as a user would. Long tasks are split at the moment
// the page first sees the paste event: before it, Chromium is reading the clipboard (no page code
// runs); after it, the time is the app's.
let big = "";
for (let i = 0; big.length < 1024 * 1024; i += 1) big += `2024-05-01T10:00:00Z INFO request ${i} done in 12 ms\n`;
big = big.slice(0, 1024 * 1024);
const watchPaste = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => [e.startTime, e.duration])))
    .observe({ type: "longtask" });
  window.addEventListener("paste", () => { window.__pasteSeen = performance.now(); }, { capture: true });
};
const pasteFigures = async (p) => {
  await p.waitForTimeout(500);
  return p.evaluate(() => {
    const seen = window.__pasteSeen;
    const before = window.__longTasks.filter(([start, d]) => start + d <= seen + 1).map(([, d]) => d);
    const after = window.__longTasks.filter(([start, d]) => start + d > seen + 1).map(([, d]) => d);
    return { before, after };
  });
};
await page.evaluate(watchPaste);
await page.evaluate(() => {
  window.__reported = new Promise((resolve) => {
    new MutationObserver((_, observer) => {
      if (document.getElementById("input-preview")) {
        observer.disconnect();
        resolve(performance.now());
      }
    }).observe(document.body, { subtree: true, childList: true });
  });
});
await page.evaluate((t) => navigator.clipboard.writeText(t), big);
const pasteStart = await page.evaluate(() => performance.now());
await clipboardPaste(page, null);
const pasteMs = (await page.evaluate(() => window.__reported)) - pasteStart;
const appPaste = await pasteFigures(page);

// The same paste into a bare page whose textarea takes no text (the floor any page pays).
const bare = await context.newPage();
await bare.setContent('<textarea id="input"></textarea>');
await bare.evaluate(watchPaste);
await bare.evaluate(() => document.getElementById("input").addEventListener("paste", (e) => e.preventDefault()));
await clipboardPaste(bare, null);
const barePaste = await pasteFigures(bare);
await browser.close();
await server.close();

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
let raw = 0;
let gz = 0;
for (const f of fs.readdirSync(dist)) {
  if (f === "mi-token-inspector.html") continue;
  const data = fs.readFileSync(path.join(dist, f));
  raw += data.length;
  gz += zlib.gzipSync(data, { level: 9 }).length;
}
console.log(`load-to-first-report (12 KB token, 200 groups, painted): median ${median(loads).toFixed(0)} ms, runs ${loads.map((x) => x.toFixed(0)).join(", ")} (target < 200 ms)`);
console.log(`keystroke-to-report (12 KB token): median ${median(keystrokes).toFixed(1)} ms, p95 ${p95(keystrokes).toFixed(1)} ms (target < 16 ms)`);
const ms = (xs) => xs.map((t) => `${t.toFixed(0)} ms`).join(", ") || "none";
console.log(`1 MiB paste (Ctrl+V): report after ${pasteMs.toFixed(0)} ms; the app's long tasks: ${ms(appPaste.after)} (target: none over 100 ms)`);
console.log(`  Chromium reading the clipboard before the page sees the paste: ${ms(appPaste.before)}; on a bare page: ${ms(barePaste.before)}`);
console.log(`transfer: ${kib(raw)} raw, ${kib(gz)} gzip (target < 250 KB gzip)`);
