// Debian's Chromium for the browser tests, through playwright-core: one
// headless persistent context, or a browser whose contexts a test makes;
// the folder the screenshots go to (build/test-artifacts/, GUTBOT_ARTIFACTS
// overrides); and another site to embed the bot's scripts in.
import http from "node:http";
import path from "node:path";
import {chromium} from "playwright-core";

import {repoRoot} from "./gutbot_server.mjs";

export const artifacts = path.resolve(repoRoot, process.env.GUTBOT_ARTIFACTS || "build/test-artifacts");

// CHROMIUM names another binary than /usr/bin/chromium.
const CHROMIUM_PATH = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// A browser context keeping its profile in `profileDir`.
export function launchChromium(profileDir, viewport = {width: 1280, height: 800}) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
}

// A browser in which a test makes its own contexts (browser.newContext),
// with JavaScript or without.
export function launchBrowser() {
  return chromium.launch({executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS});
}

// Another site, whose pages embed the bot's scripts: serves `pages` (a Map
// of path -> HTML, or SVG for a path ending .svg, filled as the tests go) at http://127.0.0.1:<port>.
// Resolves to {base, close()}.
export async function startHostSite(pages) {
  const site = http.createServer((request, response) => {
    const body = pages.get(request.url);
    const type = request.url.endsWith(".svg") ? "image/svg+xml" : "text/html; charset=utf-8";
    response.writeHead(body ? 200 : 404, {"content-type": type});
    response.end(body ?? "");
  });
  await new Promise(resolve => site.listen(0, "127.0.0.1", resolve));
  return {base: `http://127.0.0.1:${site.address().port}`, close: () => site.close()};
}
