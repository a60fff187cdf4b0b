// Screenshots of the first screen a person sees for five real inputs, on a phone (360×740) and a
// laptop (1280×800): the viewport only, since what is above the fold is the point. Not a test:
//   node tests/e2e/screenshots.mjs <out-dir> [<dist-dir>]
// The README shows them (docs/screenshots/); run against an older build's dist for "before".
import fs from "node:fs";
import path from "node:path";
import { serve, launch, realWorld, sharedFile } from "./harness.mjs";

/** Pastes and waits until the report shows something else (works with builds that predate the
 * report's data-revision attribute, for "before" pictures). */
async function paste(page, text) {
  const before = await page.locator("#report").innerText();
  await page.locator("#input").fill(text);
  await page.waitForFunction((b) => document.getElementById("report")?.innerText !== b, before);
}

const [out, distDir] = process.argv.slice(2);
if (!out) throw new Error("usage: node tests/e2e/screenshots.mjs <out-dir> [<dist-dir>]");
fs.mkdirSync(out, { recursive: true });

// ../shared/seed: the article's App Service response sample and its C# (as the issue tried them).
const seed = sharedFile("seed/000_b5a3a4cf345f5169.txt");
const between = (a, b) => seed.slice(seed.indexOf(a), seed.indexOf(b) + b.length);
const INPUTS = {
  token: realWorld("jwt-imds-user-mirid-uami"),
  response: between("HTTP/1.1 200 OK", '"client_id": "5E29463D-71DA-4FE0-8E69-999B57DB23B0"'),
  error: realWorld("err-imds-identity-not-found-powershell"),
  "access-error": realWorld("kv-forbiddenbyrbac-bicep-deployment-keys-read-azcli", "access-errors.jsonl"),
  request: between("public static async Task", "return await _client.SendAsync(request);"),
};
const VIEWPORTS = { phone: { width: 360, height: 740 }, laptop: { width: 1280, height: 800 } };

const server = await serve(distDir ? path.resolve(distDir) : undefined);
const browser = await launch();
for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  const context = await browser.newContext({ viewport, colorScheme: "light", serviceWorkers: "block" });
  for (const [name, input] of Object.entries(INPUTS)) {
    const page = await context.newPage();
    await page.goto(server.origin + "/");
    await page.locator("#report").waitFor();
    await paste(page, input);
    // The page scrolls to the report on a phone; give any smooth scroll a frame to settle.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: path.join(out, `${name}-${device}.png`) });
    await page.close();
  }
  await context.close();
}
await browser.close();
await server.close();
console.log(`screenshots in ${out}`);
