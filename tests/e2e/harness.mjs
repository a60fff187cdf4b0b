// Shared pieces of the end-to-end tests: a static server for dist/ that records every request,
// Debian's Chromium driven by playwright-core, axe-core, and helpers to paste and read the report.
import { createRequire } from "node:module";
import crypto from "node:crypto";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(path.join(root, ".tools/e2e/package.json"));
export const { chromium } = require("playwright-core");
export const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const dist = path.join(root, "dist");

/**
 * A file of the read-only `shared/` folder that sits beside the clone (`../shared`), or beside a
 * folder above it (a git worktree nested deeper).
 */
export function sharedFile(rel) {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "..", "shared", rel);
    if (fs.existsSync(candidate)) return fs.readFileSync(candidate, "utf8");
    if (dir === path.dirname(dir)) throw new Error(`no shared/${rel} beside the clone or above it`);
  }
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".webmanifest": "application/manifest+json",
};

/**
 * Serves `dir` (dist/) on 127.0.0.1 (a free port) as a plain static host does: each file with an
 * ETag, and 304 Not Modified to a request that names it (If-None-Match); `{ etags: false }` is a
 * host that sends no validators. `requests` lists every path asked for; `served` has each
 * answer's path, status and body bytes.
 */
export async function serve(dir = dist, { etags = true } = {}) {
  const requests = [];
  const served = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const clean = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = path.join(dir, clean === "/" ? "index.html" : clean);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      served.push({ url: req.url, status: 404, bytes: 0 });
      res.writeHead(404).end();
      return;
    }
    const body = fs.readFileSync(file);
    const etag = `"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
    if (etags && req.headers["if-none-match"] === etag) {
      served.push({ url: req.url, status: 304, bytes: 0 });
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    served.push({ url: req.url, status: 200, bytes: body.length });
    const type = TYPES[path.extname(file)] ?? "application/octet-stream";
    res.writeHead(200, etags ? { "Content-Type": type, ETag: etag } : { "Content-Type": type });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, requests, served, close: () => new Promise((r) => server.close(r)) };
}

/** Chromium as the machine's probe found it to work: headless, no sandbox, no background traffic. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** The report's revision: the app raises it with every analysis it makes. */
export async function revision(page) {
  return Number(await page.locator("#report").getAttribute("data-revision"));
}

/** Waits until the app has analysed again since `before` (a revision) and shown the report. */
export async function reanalyzed(page, before) {
  await page.waitForFunction((b) => Number(document.getElementById("report")?.dataset.revision) > b, before);
}

/**
 * Waits until `page` has been idle for `periods` idle periods in a row: what the app does when
 * idle (the warm-up, registering the service worker, a second analysis) is done by then.
 */
export async function idle(page, periods) {
  await page.evaluate((n) => new Promise((resolve) => {
    let left = n;
    const next = () => requestIdleCallback(() => (--left ? next() : resolve()), { timeout: 2000 });
    next();
  }), periods);
}

/** Puts text into #input as a paste does (one input event) and waits for its report. */
export async function paste(page, text) {
  if ((await page.locator("#input").inputValue()) === text) return;
  const before = await revision(page);
  await page.locator("#input").fill(text);
  await reanalyzed(page, before);
}

/**
 * Runs `act` (a click, a key press) and returns what it put on the clipboard: a marker is written
 * first, and the clipboard is read until it holds something else.
 */
export async function copiedBy(page, act) {
  const marker = `(nothing copied yet ${Math.random()})`;
  await page.evaluate((m) => navigator.clipboard.writeText(m), marker);
  await act();
  const handle = await page.waitForFunction(async (m) => {
    const now = await navigator.clipboard.readText();
    return now !== m ? now : null;
  }, marker, { polling: 20 });
  return handle.jsonValue();
}

/**
 * Pastes text into #input the way a user does: onto the clipboard (unless `text` is null: what the
 * clipboard holds already), then Ctrl+V in the focused box. The context needs clipboard permissions.
 */
export async function clipboardPaste(page, text) {
  if (text !== null) await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator("#input").focus();
  await page.keyboard.press("Control+V");
}

export async function reportText(page) {
  return page.locator("#report").innerText();
}

/** Runs axe-core on the page; returns the serious and critical violations. */
export async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Base64url without padding. */
export function b64url(s) {
  return Buffer.from(s).toString("base64url");
}

/** The records of the sample files in core/tests/fixtures (real-world.jsonl by default) by id. */
export function realWorld(id, file = "real-world.jsonl") {
  const lines = fs.readFileSync(path.join(root, "core/tests/fixtures", file), "utf8").split("\n");
  const record = lines.filter(Boolean).map((l) => JSON.parse(l)).find((r) => r.id === id);
  if (!record) throw new Error(`no record ${id}`);
  return record.input;
}
