// Playwright configuration: Debian's Chromium, headless, against the vpcraft
// server binary started on a loopback port with a throw-away database.
import { defineConfig } from "@playwright/test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STATE } from "./accounts";
import {
  HAS_MOTO,
  MOTO_BIN,
  MOTO_PORT,
  MOTO_URL,
  PROXY_CONTROL_PORT,
  PROXY_PORT,
  PROXY_URL,
} from "./moto";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME, OIDC_PORT, OIDC_URL } from "./oidc/settings";

const port = Number(process.env.E2E_PORT ?? 18765);
const bin = process.env.VPCRAFT_BIN ?? "../target/debug/vpcraft";
const scratch = mkdtempSync(join(tmpdir(), "vpcraft-e2e-"));
const database = `sqlite://${join(scratch, "e2e.db")}`;
// The test identity provider's client secret, read by the server from a
// file as a real deployment would.
const oidcSecretFile = join(scratch, "oidc-client-secret");
writeFileSync(oidcSecretFile, `${OIDC_CLIENT_SECRET}\n`, { mode: 0o600 });

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
  // moto's server (from the Python virtualenv) is the AWS account that
  // "Import from AWS" reads; the vpcraft server reaches it through the
  // fault proxy (aws-proxy.mjs: delays, denied and throttled calls, a
  // closed port, as a spec asks) with dummy credentials and reads no AWS
  // files of the machine.
  webServer: [
    ...(HAS_MOTO
      ? [
          {
            command: `${MOTO_BIN} -H 127.0.0.1 -p ${MOTO_PORT}`,
            port: MOTO_PORT,
            reuseExistingServer: false,
            timeout: 30_000,
            stdout: "ignore" as const,
            stderr: "ignore" as const,
          },
          {
            command: `node aws-proxy.mjs ${PROXY_PORT} ${PROXY_CONTROL_PORT} ${MOTO_URL}`,
            url: `http://127.0.0.1:${PROXY_CONTROL_PORT}/health`,
            reuseExistingServer: false,
            timeout: 10_000,
          },
        ]
      : []),
    // The company's identity provider (e2e/oidc/provider.mjs), started
    // before the server, which discovers it at start.
    {
      command: "node oidc/provider.mjs",
      port: OIDC_PORT,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
      env: {
        OIDC_PORT: String(OIDC_PORT),
        OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET,
        OIDC_REDIRECT_URIS: `http://127.0.0.1:${port}/api/auth/oidc/callback`,
      },
    },
    {
      command:
        `${bin} serve --addr 127.0.0.1:${port} --database ${database}` +
        ` --oidc-issuer ${OIDC_URL} --oidc-client-id ${OIDC_CLIENT_ID}` +
        ` --oidc-client-secret-file ${oidcSecretFile}` +
        (HAS_MOTO ? ` --aws-region us-east-1 --aws-endpoint-url ${PROXY_URL}` : ""),
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        // The machine's own AWS settings (a profile, a region) stay out.
        ...(Object.fromEntries(
          Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_")),
        ) as Record<string, string>),
        AWS_ACCESS_KEY_ID: "testing",
        AWS_SECRET_ACCESS_KEY: "testing",
        AWS_CONFIG_FILE: "/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
        AWS_EC2_METADATA_DISABLED: "true",
        VPCRAFT_OIDC_NAME: OIDC_NAME,
      },
    },
  ],
});
