// End-to-end tests of the release build (dist/) in Debian's Chromium: the app works, sends
// nothing anywhere, keeps nothing, renders hostile text as text, is accessible in both themes and
// by keyboard, works offline after the first visit, and works as a single file from file://.
// Run by scripts/test after `trunk build --release`: node --test tests/e2e/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { serve, launch, clipboardPaste, paste, revision, reanalyzed, copiedBy, reportText, axe, b64url, realWorld, sharedFile, dist, idle } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// Real inputs (tests/fixtures/real-world.jsonl names each source).
const TOKEN = realWorld("jwt-imds-user-mirid-uami");
// Azure SDK for Go recording: a VM system-assigned MI token signed with Entra's key
// Mr5-AUibfBii7Nd1jBebaxboXW0; the key set is a snapshot of the tenant's JWKS.
const SIGNED = realWorld("jwt-imds-system-mirid-vm");
const JWKS = fs.readFileSync(path.join(dist, "../core/tests/fixtures/entra-jwks-snapshot.json"), "utf8");

/** Pastes the issuer's keys beside SIGNED (on the page) and waits for the card saying valid. */
async function verifySigned(page) {
  await paste(page, SIGNED);
  await page.locator("#key").fill(JWKS);
  assert.match(await page.locator("#verification[data-result='valid']").innerText(), /Mr5-AUibfBii7Nd1jBebaxboXW0/);
}
const RESPONSE = realWorld("resp-containerapps-doc-raw-http");
const REQUEST = realWorld("req-containerapps-wrong-api-version-terraform");
const ERROR = realWorld("err-imds-resource-typo-msal-log");

async function open(context) {
  const page = await context.newPage();
  const external = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(server.origin)) external.push(r.url());
  });
  await page.goto(server.origin + "/");
  await page.locator("#input").waitFor();
  return { page, external };
}

test("a token, a response, an error and a request are reported", async () => {
  const context = await browser.newContext();
  const { page } = await open(context);
  await paste(page, TOKEN);
  assert.match(await page.locator(".identity").innerText(), /User-assigned/);
  assert.match(await page.locator("tr[data-claim='appidacr']").innerText(), /certificate or managed identity/);
  await paste(page, RESPONSE);
  assert.match(await page.locator("#response-fields").innerText(), /client_id/);
  await paste(page, ERROR);
  assert.match(await page.locator(".diagnosis").innerText(), /Did you mean https:\/\/management\.azure\.com\//);
  await paste(page, REQUEST);
  assert.match(await page.locator(".corrected pre").innerText(), /api-version=2019-08-01/);
  await context.close();
});

test("the loading page shows at once and keeps what is pasted before the app starts", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  // Hold the wasm back: until it arrives, only the plain HTML of index.html is there.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route("**/*.wasm", async (route) => { await held; await route.continue(); });
  await page.goto(server.origin + "/");
  await page.locator("#shell-input").waitFor();
  assert.match(await page.locator(".shell .loading").innerText(), /Loading/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "shell-input");
  await page.locator("#shell-input").fill(TOKEN);
  release();
  await page.locator(".identity").waitFor();
  assert.match(await page.locator(".identity").innerText(), /User-assigned/);
  assert.equal(await page.locator("#shell").count(), 0);
  assert.equal(await page.locator("#input").inputValue(), TOKEN);
  await context.close();
});

// The five inputs a person in trouble brings (issue 14): the first thing the report says must be
// on screen after the paste, on a phone and on a laptop.
const SEED = sharedFile("seed/000_b5a3a4cf345f5169.txt");
const seedPart = (a, b) => SEED.slice(SEED.indexOf(a), SEED.indexOf(b) + b.length);
const FIVE = {
  token: TOKEN,
  response: seedPart("HTTP/1.1 200 OK", '"client_id": "5E29463D-71DA-4FE0-8E69-999B57DB23B0"'),
  error: realWorld("err-imds-identity-not-found-powershell"),
  "access error": realWorld("kv-forbiddenbyrbac-bicep-deployment-keys-read-azcli", "access-errors.jsonl"),
  request: seedPart("public static async Task", "return await _client.SendAsync(request);"),
};

test("the verdict is in the first viewport on a phone and a laptop", async () => {
  for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
    const context = await browser.newContext({ viewport, serviceWorkers: "block" });
    const { page } = await open(context);
    for (const [name, input] of Object.entries(FIVE)) {
      await paste(page, "");
      await paste(page, input);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const box = await page.locator("#report > :first-child").boundingBox();
      assert.ok(box, `${name}: the report has a first card`);
      assert.ok(box.y >= -2 && box.y < viewport.height - 60, `${name} at ${viewport.width}px: the verdict starts at y=${box.y}`);
    }
    await context.close();
  }
});

test("nothing in the report sticks out sideways on a phone", async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: "block" });
  const { page } = await open(context);
  for (const [name, input] of Object.entries(FIVE)) {
    await paste(page, "");
    await paste(page, input);
    // Every element ends inside the viewport, except inside a box that scrolls on its own (a code block).
    const out = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
      const found = [];
      for (const el of document.querySelectorAll("#report *")) {
        let p = el.parentElement;
        let inside = false;
        while (p && p.id !== "report") { if (scrolls(p)) { inside = true; break; } p = p.parentElement; }
        const right = el.getBoundingClientRect().right;
        if (!inside && right > width + 1) found.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className} ends at ${Math.round(right)}`);
      }
      return found;
    });
    assert.deepEqual(out, [], `${name} at 360px`);
  }
  await context.close();
});

test("no name in the report's tables breaks inside a word", async () => {
  const env = realWorld("req-env-servicefabric");
  for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
    const context = await browser.newContext({ viewport, serviceWorkers: "block" });
    const { page } = await open(context);
    for (const input of [TOKEN, RESPONSE, REQUEST, env]) {
      await paste(page, input);
      // Every line break inside a name must come after _ or -.
      const bad = await page.evaluate(() => {
        const out = [];
        for (const el of document.querySelectorAll("#report code.name")) {
          const text = el.textContent;
          const range = document.createRange();
          let lastTop = null;
          let offset = 0;
          for (const node of el.childNodes) {
            if (node.nodeType !== Node.TEXT_NODE) continue;
            for (let i = 0; i < node.length; i += 1, offset += 1) {
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const top = range.getBoundingClientRect().top;
              if (lastTop !== null && top > lastTop + 2 && !"_-".includes(text[offset - 1])) out.push(`${text} at ${offset}`);
              lastTop = top;
            }
          }
        }
        return out;
      });
      assert.deepEqual(bad, [], `${viewport.width}px`);
    }
    await context.close();
  }
});

test("zero network: only the app's own files, and nothing after the first paste", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const before = server.requests.length;
  const { page, external } = await open(context);
  await page.waitForLoadState("networkidle");
  const loaded = server.requests.slice(before);
  const own = new Set(["/", ...(await import("node:fs")).readdirSync(dist).map((f) => "/" + f)]);
  assert.deepEqual(loaded.filter((u) => !own.has(u.split("?")[0])), [], "requests outside the app's files");
  const afterLoad = server.requests.length;
  for (const input of [TOKEN, RESPONSE, REQUEST, ERROR]) await paste(page, input);
  // Every paste has been reported; no connection is open or starts for 500 ms after.
  await page.waitForLoadState("networkidle");
  assert.equal(server.requests.length, afterLoad, `requests after pasting: ${server.requests.slice(afterLoad)}`);
  assert.deepEqual(external, [], "requests to other origins");
  await context.close();
});

test("nothing is kept: storage, cookies, URL and title hold no part of the token", async () => {
  const context = await browser.newContext();
  const { page } = await open(context);
  const url = page.url();
  const title = await page.title();
  await paste(page, TOKEN);
  const signature = TOKEN.split(".")[2].slice(0, 24);
  const kept = await page.evaluate(async () => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookies: document.cookie,
    dbs: JSON.stringify(await indexedDB.databases()),
    url: location.href,
    title: document.title,
  }));
  for (const [where, value] of Object.entries(kept)) {
    assert.ok(!value.includes(signature) && !value.includes(TOKEN.slice(0, 40)), `${where} holds the token`);
  }
  assert.equal(kept.local, "{}");
  assert.equal(kept.session, "{}");
  assert.equal(kept.cookies, "");
  assert.equal(kept.url, url);
  assert.equal(kept.title, title);
  assert.deepEqual((await context.cookies()), []);
  await context.close();
});

test("no injection: markup in claims and fields renders as text", async () => {
  const context = await browser.newContext();
  const { page } = await open(context);
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs += 1;
    d.dismiss();
  });
  const payload = {
    iss: "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
    name: "<script>alert(1)</script>",
    picture: "<img src=x onerror=alert(2)>",
    website: "javascript:alert(3)",
    exp: 4102444800,
  };
  await paste(page, `${b64url('{"alg":"none","kid":"<img src=x onerror=alert(4)>"}')}.${b64url(JSON.stringify(payload))}.`);
  const text = await reportText(page);
  for (const s of ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "javascript:alert(3)"]) assert.ok(text.includes(s), s);
  await paste(page, '{"access_token":"x","resource":"<img src=x onerror=alert(5)>","token_type":"<script>alert(6)</script>"}');
  assert.ok((await reportText(page)).includes("<script>alert(6)</script>"));
  assert.equal(await page.locator("#report img, #report script").count(), 0);
  assert.equal(await page.locator("#report a[href^='javascript']").count(), 0);
  assert.equal(dialogs, 0);
  await context.close();
});

test("accessible: no serious or critical axe violations in any view, light or dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme });
    const { page } = await open(context);
    for (const [view, input] of [["empty", ""], ["token", TOKEN], ["response", RESPONSE], ["error", ERROR], ["request", REQUEST]]) {
      await paste(page, input);
      const violations = await axe(page);
      assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), [], `${colorScheme} ${view}`);
    }
    // The snippet view, on a program and on a platform's refusal.
    await page.locator("#open-snippets").click();
    await page.locator("#snippet-panel pre").waitFor();
    let violations = await axe(page);
    assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), [], `${colorScheme} snippets`);
    await page.locator("#snippet-platform").selectOption("azure_arc");
    await page.locator("#snippet-identity").selectOption("client_id");
    await page.locator(".snippet-unsupported").waitFor();
    violations = await axe(page);
    assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), [], `${colorScheme} snippets refused`);
    await context.close();
  }
});

test("generate code for this: prefilled from the token, tabs by keyboard, copy and download", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  const { page, external } = await open(context);
  await paste(page, TOKEN);
  await page.locator("#open-snippets").click();
  // Prefilled from the user-assigned token: its audience and its client ID.
  assert.equal(await page.locator("#snippet-identity").inputValue(), "client_id");
  const clientId = await page.locator("#snippet-identity-value").inputValue();
  assert.match(clientId, /^[0-9a-f-]{36}$/);
  await page.locator("#snippet-panel pre").waitFor();
  assert.match(await page.locator("#snippet-panel").innerText(), new RegExp(`client_id=${clientId}`));
  // Keyboard: the selected tab is the list's one stop; arrows move along it.
  await page.locator("#snippet-tab-curl").focus();
  for (const key of ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight"]) await page.keyboard.press(key);
  const focused = await page.evaluate(() => document.activeElement.id);
  assert.equal(focused, "snippet-tab-python");
  assert.equal(await page.locator("#snippet-tab-python").getAttribute("aria-selected"), "true");
  const program = await page.locator("#snippet-panel pre").innerText();
  assert.match(program, /import requests/);
  // Copy: the clipboard holds exactly the program shown.
  assert.equal(await copiedBy(page, () => page.locator("#snippet-panel button.copy").click()), program);
  // Download: the same program, under the target's file name, without a request to any server.
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#snippet-panel a.download").click()]);
  assert.equal(download.suggestedFilename(), "get_token.py");
  const saved = await download.path();
  const fs = await import("node:fs");
  assert.equal(fs.readFileSync(saved, "utf8"), program.endsWith("\n") ? program : `${program}\n`);
  assert.deepEqual(external, []);
  await context.close();
});

test("copy a report to share: the clipboard holds the Markdown shown, without the token's signature", async () => {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  const { page, external } = await open(context);
  await paste(page, TOKEN);
  await page.locator("#share-mask-ids").check();
  await page.locator("#share-markdown").filter({ hasText: "<tenant-1>" }).waitFor({ state: "attached" });
  const shown = await page.locator("#share-markdown").textContent();
  const copied = await copiedBy(page, () => page.locator(".share button.copy").click());
  assert.equal(copied, shown);
  assert.ok(!copied.includes(TOKEN.trim().split(".")[2]), "the signature is gone");
  assert.match(copied, /\| `tid` \| <tenant-1> \|/);
  assert.deepEqual(external, []);
  await context.close();
});

test("the dark-mode toggle switches the colours", async () => {
  const context = await browser.newContext({ colorScheme: "light" });
  const { page } = await open(context);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await page.locator("#theme").click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
  assert.equal(await page.locator("#theme").getAttribute("aria-pressed"), "true");
  assert.notEqual(await background(), light);
  await page.locator("#theme").click();
  assert.equal(await background(), light);
  await context.close();
});

test("keyboard alone: paste, move through the report, copy; focus is visible", async () => {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  const { page } = await open(context);
  // The paste area has the focus when the page starts (issue 14.10); else Tab gets there.
  let reached = await page.evaluate(() => document.activeElement?.id === "input");
  for (let i = 0; i < 6 && !reached; i += 1) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.id === "input");
  }
  assert.ok(reached, "Tab reaches the paste area");
  const before = await revision(page);
  await page.keyboard.insertText(TOKEN);
  await reanalyzed(page, before);
  assert.match(await reportText(page), /User-assigned/);
  // Tab on to each copy button in turn and press it: first the key panel's (the issuer's keys
  // URL, beside the paste area), then the report's first (the identity's client ID).
  const copyNext = async () => {
    let copy = false;
    for (let i = 0; i < 40 && !copy; i += 1) {
      await page.keyboard.press("Tab");
      copy = await page.evaluate(() => document.activeElement?.classList.contains("copy"));
    }
    assert.ok(copy, "Tab reaches a copy button");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, "none", "focus is visible");
    return copiedBy(page, () => page.keyboard.press("Enter"));
  };
  assert.match(await copyNext(), /^https:\/\/login\.microsoftonline\.com\/.*\/discovery\/v2\.0\/keys$/);
  const copied = await copyNext();
  assert.equal(copied, "2d5b9e3c-5af7-4418-8a6c-8f83acd78cc4", "the first copy button copies the client ID");
  await context.close();
});

test("a 900 KB log pasted with Ctrl+V is analysed whole and previewed in the box", async () => {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  const { page } = await open(context);
  const lines = Array.from({ length: 12000 }, (_, i) => `2024-05-01T10:00:00Z INFO request ${i} done in 12 ms`);
  const log = `${lines.join("\n")}\nAuthorization: Bearer ${TOKEN}\n`;
  const before = await revision(page);
  await clipboardPaste(page, log);
  await page.locator("#input-preview").waitFor();
  await reanalyzed(page, before);
  // The token on the last line is found; the box holds only the start, read-only.
  assert.match(await reportText(page), /User-assigned/);
  assert.match(await reportText(page), /line 12001/);
  const box = await page.locator("#input").evaluate((el) => ({ length: el.value.length, readOnly: el.readOnly }));
  assert.equal(box.readOnly, true);
  assert.ok(box.length <= 16 * 1024 && box.length > 16000, `${box.length} characters shown`);
  assert.match(await page.locator("#input-preview").innerText(), new RegExp(`all ${log.length.toLocaleString("en-US")} characters`));
  // "Show all to edit" puts the whole text in the box.
  await page.locator("#show-all").click();
  await page.waitForFunction((n) => document.getElementById("input").value.length === n, log.length);
  assert.equal(await page.locator("#input").evaluate((el) => el.readOnly), false);
  assert.equal(await page.locator("#input-preview").count(), 0);
  await context.close();
});

test("a long log of stack traces is read in steps: the page shows how far it has got and keeps drawing frames", async () => {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  const { page } = await open(context);
  // 1,800 records of an error and seven stack frames (about 950 KB), then the IMDS error body the
  // samples hold (MicrosoftDocs/azure-docs#21322): read as that error among log lines.
  const records = Array.from({ length: 1800 }, (_, i) => `2024-05-01T10:00:${String(i % 60).padStart(2, "0")}Z ERROR worker[${i}] request ${i} failed: connection reset by peer\n`
    + Array.from({ length: 7 }, (_, j) => `    at com.example.service.Handler${j}.process(Handler${j}.java:${100 + j})\n`).join(""));
  const log = `${records.join("")}{"error":"invalid_request","error_description":"Identity not found"}\n`;
  // Counts the frames drawn while the report says it is reading, and what it said.
  await page.evaluate(() => {
    window.__reading = { frames: 0, said: new Set() };
    const tick = () => {
      const reading = document.getElementById("reading");
      if (reading) { window.__reading.frames += 1; window.__reading.said.add(reading.innerText); }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const before = await revision(page);
  await clipboardPaste(page, log);
  await reanalyzed(page, before);
  const seen = await page.evaluate(() => ({ frames: window.__reading.frames, said: [...window.__reading.said] }));
  assert.ok(seen.frames >= 2, `${seen.frames} frames drawn while reading`);
  assert.ok(seen.said.some((s) => /Reading a long paste \(0\.9 MiB\): [\d,]+ of [\d,]+ blocks of lines read/.test(s)), seen.said.join(" | "));
  // One analysis, of the whole paste: the error at its end is found; nothing says "reading" now.
  assert.equal(await revision(page), before + 1);
  assert.equal(await page.locator("#reading").count(), 0);
  assert.equal(await page.locator("#report").getAttribute("aria-busy"), "false");
  assert.match(await reportText(page), /Identity not found/);
  await context.close();
});

test("offline after the first visit (service worker)", async () => {
  const context = await browser.newContext();
  const { page } = await open(context);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.reload();
  await page.locator("#input").waitFor();
  await paste(page, TOKEN);
  assert.match(await reportText(page), /User-assigned/);
  // The second module (code generator, signature checker) was never loaded by the page, but the
  // worker has it.
  await page.locator("#open-snippets").click();
  assert.match(await page.locator("#snippet-panel pre").innerText(), /client_id=/);
  await page.locator("#close-snippets").click();
  await verifySigned(page);
  await context.close();
});

// The code generator is the page's second wasm module (extras/): not fetched with the page.
const EXTRAS = /\/mi-extras-[0-9a-f]{16}(_bg\.wasm|\.js)$/;

test("the code generator is fetched when the code view is about to open, once", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const fetched = [];
  page.on("request", (r) => fetched.push(r.url()));
  await page.goto(server.origin + "/");
  await page.locator("#input").waitFor();
  await paste(page, TOKEN);
  assert.match(await reportText(page), /User-assigned/);
  assert.deepEqual(fetched.filter((u) => EXTRAS.test(u)), [], "fetched with the page");
  // A pointer over the button starts the download, before the click.
  const wasm = page.waitForEvent("requestfinished", (r) => EXTRAS.test(r.url()) && r.url().endsWith(".wasm"));
  await page.locator("#open-snippets").hover();
  await wasm;
  await page.locator("#open-snippets").click();
  // Prefilled from the token as before: the generator writes the program it did in the page.
  assert.match(await page.locator("#snippet-panel pre").innerText(), /client_id=/);
  assert.equal(fetched.filter((u) => EXTRAS.test(u)).length, 2, fetched.join("\n"));
  await page.locator("#close-snippets").click();
  await page.locator("#open-snippets").click();
  await page.locator("#snippet-tab-python").click();
  assert.match(await page.locator("#snippet-panel pre").innerText(), /import requests/);
  assert.equal(fetched.filter((u) => EXTRAS.test(u)).length, 2, "fetched again");
  await context.close();
});

test("the signature checker is fetched when the key box is entered, and says so while it loads", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const fetched = [];
  page.on("request", (r) => fetched.push(r.url()));
  // Hold the module back until the panel has been seen saying that it loads.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(EXTRAS, async (route) => { await held; await route.continue(); });
  await page.goto(server.origin + "/");
  await page.locator("#input").waitFor();
  await paste(page, SIGNED);
  assert.deepEqual(fetched.filter((u) => EXTRAS.test(u)), [], "fetched before a key was pasted");
  // Entering the key box starts the download (held back here).
  const asked = page.waitForEvent("request", (r) => EXTRAS.test(r.url()));
  await page.locator("#key").focus();
  await asked;
  await page.locator("#key").fill(JWKS);
  assert.equal(await page.locator(".key-panel [role=status]").innerText(), "Loading the signature checker…");
  assert.equal(await page.locator("#verification").count(), 0);
  release();
  assert.match(await page.locator("#verification[data-result='valid']").innerText(), /Mr5-AUibfBii7Nd1jBebaxboXW0/);
  assert.equal(await page.locator(".key-panel .key-checker").count(), 0);
  // One changed character in the payload: checked at once, now that the checker is in.
  const dot = SIGNED.indexOf(".") + 5;
  await paste(page, SIGNED.slice(0, dot) + (SIGNED[dot] === "A" ? "B" : "A") + SIGNED.slice(dot + 1));
  await page.locator("#verification[data-result='invalid']").waitFor();
  assert.equal(fetched.filter((u) => EXTRAS.test(u)).length, 2, fetched.join("\n"));
  await context.close();
});

test("a key pasted once the checker is in is checked in that one analysis", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const { page } = await open(context);
  // The code view's button loads the module; the key box has not asked for it.
  const wasm = page.waitForEvent("requestfinished", (r) => EXTRAS.test(r.url()) && r.url().endsWith(".wasm"));
  await page.locator("#open-snippets").hover();
  await wasm;
  await paste(page, SIGNED);
  const before = await revision(page);
  // One input event, as a paste makes (fill types a text with line breaks as several).
  await page.locator("#key").evaluate((key, text) => {
    key.value = text;
    key.dispatchEvent(new InputEvent("input", { bubbles: true }));
  }, JWKS);
  await page.locator("#verification[data-result='valid']").waitFor();
  // Nothing analyses it again once the page is idle: the key's analysis had the checker.
  await idle(page, 3);
  assert.equal(await revision(page), before + 1);
  await context.close();
});

test("a signature checker that cannot be fetched is said so, and editing the key retries", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const { page } = await open(context);
  await context.route(EXTRAS, (route) => route.abort("internetdisconnected"));
  await paste(page, SIGNED);
  await page.locator("#key").fill(JWKS);
  assert.match(await page.locator(".key-panel [role=alert]").innerText(),
    /The signature checker could not be loaded \(.+\), so the signature is not checked\. Edit the key to try again\./);
  assert.equal(await page.locator("#verification").count(), 0);
  await context.unroute(EXTRAS);
  await page.locator("#key").fill(JWKS + "\n");
  await page.locator("#verification[data-result='valid']").waitFor();
  assert.equal(await page.locator(".key-panel [role=alert]").count(), 0);
  await context.close();
});

test("a code generator that cannot be fetched is said so, and opening the view again retries", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const { page } = await open(context);
  await context.route(EXTRAS, (route) => route.abort("internetdisconnected"));
  await page.locator("#open-snippets").click();
  const alert = page.locator("#snippet-panel [role=alert]");
  assert.match(await alert.innerText(), /The code generator could not be loaded \(.+\)\. Close the code view and open it again/);
  await context.unroute(EXTRAS);
  await page.locator("#close-snippets").click();
  await page.locator("#open-snippets").click();
  assert.match(await page.locator("#snippet-panel pre").innerText(), /169\.254\.169\.254/);
  await context.close();
});

test("the single file works from file:// with no server", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const file = pathToFileURL(path.join(dist, "mi-token-inspector.html")).href;
  await page.goto(file);
  await page.locator("#input").waitFor();
  await paste(page, TOKEN);
  assert.match(await reportText(page), /User-assigned/);
  // The code generator and the signature checker are inside the file too.
  await page.locator("#open-snippets").click();
  assert.match(await page.locator("#snippet-panel pre").innerText(), /client_id=/);
  await page.locator("#close-snippets").click();
  await verifySigned(page);
  assert.deepEqual(requests.filter((u) => u !== file && !u.startsWith("data:")), []);
  await context.close();
});
