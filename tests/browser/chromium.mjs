// What the browser tests share to drive Debian's Chromium: how it is
// launched, where screenshots go (build/test-artifacts/, or
// GUTBOT_ARTIFACTS), and another site to embed the bot's scripts in.
import http from "node:http";
import path from "node:path";

import {repoRoot} from "./gutbot_server.mjs";

export const artifacts = path.resolve(repoRoot, process.env.GUTBOT_ARTIFACTS || "build/test-artifacts");
export const CHROMIUM_PATH = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// Another site, whose pages embed the bot's scripts: serves `pages` (a Map
// of path -> HTML, filled as the tests go) at http://127.0.0.1:<port>.
// Resolves to {base, close()}.
export async function startHostSite(pages) {
  const site = http.createServer((request, response) => {
    const body = pages.get(request.url);
    response.writeHead(body ? 200 : 404, {"content-type": "text/html; charset=utf-8"});
    response.end(body ?? "");
  });
  await new Promise(resolve => site.listen(0, "127.0.0.1", resolve));
  return {base: `http://127.0.0.1:${site.address().port}`, close: () => site.close()};
}
