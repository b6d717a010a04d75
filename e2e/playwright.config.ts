// Playwright configuration: Debian's Chromium, headless, against the vpcraft
// server binary started on a loopback port with a throw-away database.
import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STATE } from "./accounts";

const port = Number(process.env.E2E_PORT ?? 18765);
const bin = process.env.VPCRAFT_BIN ?? "../target/debug/vpcraft";
const database = `sqlite://${join(mkdtempSync(join(tmpdir(), "vpcraft-e2e-")), "e2e.db")}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["html", { open: "never" }]],
  outputDir: "test-results",
  // The first account is made once against the fresh server; every spec
  // starts signed in as it.
  globalSetup: "./global-setup.ts",
  use: {
    storageState: STATE,
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `${bin} serve --addr 127.0.0.1:${port} --database ${database}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
