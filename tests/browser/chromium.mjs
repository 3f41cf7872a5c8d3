// What the browser tests share to drive Debian's Chromium: how it is
// launched, and where screenshots go (build/test-artifacts/, or
// GUTBOT_ARTIFACTS).
import path from "node:path";

import {repoRoot} from "./gutbot_server.mjs";

export const artifacts = path.resolve(repoRoot, process.env.GUTBOT_ARTIFACTS || "build/test-artifacts");
export const CHROMIUM_PATH = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
