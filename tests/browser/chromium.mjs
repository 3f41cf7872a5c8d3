// Debian's Chromium for the browser tests, through playwright-core: one
// headless persistent context, and the folder the screenshots go to
// (build/test-artifacts/, GUTBOT_ARTIFACTS overrides).
import path from "node:path";
import {chromium} from "playwright-core";

import {repoRoot} from "./gutbot_server.mjs";

export const artifacts = path.resolve(repoRoot, process.env.GUTBOT_ARTIFACTS || "build/test-artifacts");

const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// A browser context keeping its profile in `profileDir` (CHROMIUM names
// another binary than /usr/bin/chromium).
export function launchChromium(profileDir, viewport = {width: 1280, height: 800}) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
}
