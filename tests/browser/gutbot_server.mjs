// Starts and stops the real gutbot binary for the browser tests: `gutbot
// serve` from the repository root (so it finds the knowledge base), on a
// given port (0: any free one) and SQLite file. A server still running when
// the test process exits is killed.
import {spawn} from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import {fileURLToPath} from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const binary = path.resolve(repoRoot, process.env.GUTBOT_BIN || "build/bin/gutbot");
const START_TIMEOUT_MS = 20000;
const STOP_TIMEOUT_MS = 15000;

// The admin API's token on every test server (GET /admin/feedback).
export const ADMIN_TOKEN = "browser-test-admin-token";

const running = new Set();
process.on("exit", () => { for (const child of running) child.kill("SIGKILL"); });
// A test run cut short (a runner's timeout, Ctrl-C) ends through "exit" too.
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => process.exit(1));

// Resolves to {port, stop()} once the server logs {"event":"listening","port":N}.
// `env` adds to the server's environment (GUTBOT_* settings).
export function startServer({port = 0, db, env = {}}) {
  const child = spawn(binary, ["serve", "--port", String(port), "--db", db], {
    cwd: repoRoot,
    // A fixed secret: the restarted server must accept the sessions the first one issued.
    env: {...process.env, GUTBOT_SECRET: "browser-test-secret", GUTBOT_SERVER_ADMIN_TOKEN: ADMIN_TOKEN, ...env},
    stdio: ["ignore", "ignore", "pipe"],
  });
  running.add(child);
  const exited = new Promise(resolve => child.once("exit", resolve));
  exited.then(() => running.delete(child));

  const log = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${binary} did not listen within ${START_TIMEOUT_MS} ms:\n${log.join("\n")}`));
    }, START_TIMEOUT_MS);
    child.once("error", error => { clearTimeout(timer); reject(error); });
    exited.then(code => {
      clearTimeout(timer);
      reject(new Error(`${binary} exited (${code}) before listening:\n${log.join("\n")}`));
    });
    readline.createInterface({input: child.stderr}).on("line", line => {
      log.push(line);
      let event;
      try { event = JSON.parse(line); } catch { return; }
      if (event.event !== "listening") return;
      clearTimeout(timer);
      resolve({port: event.port, stop: () => stop(child, exited)});
    });
  });
}

// SIGTERM (a graceful stop), then SIGKILL if it takes too long.
async function stop(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
