// Import from AWS when the account is slow or refuses: the fault proxy
// (aws-proxy.mjs) stands between the vpcraft server and moto's server. A
// slow account shows the progress bar with per-service counts that
// advance, and Cancel ends the job without saving a design; each failure
// (access denied, throttled, wrong region, endpoint unreachable, no
// credentials) is the one sentence vpcraft_aws::AccessError gives; a
// partial import (one call denied) saves the rest and names the IAM action.
import { expect, test, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN } from "../accounts";
import { Designer } from "../pages/designer";
import { HAS_MOTO, PROXY_URL, ec2, nameTag, proxy, proxyLog, xmlValue } from "../moto";

test.skip(!HAS_MOTO, "moto_server is missing: run tools/setup-python.sh");

// The sentences of vpcraft_aws::AccessError, exactly.
const DENIED =
  "Access denied: the server's AWS role needs ec2:DescribeVpcs (see aws/iam-policy.json).";
const THROTTLED = "AWS is throttling the account's requests: wait a minute and try again.";
const WRONG_REGION = 'The region "me-central-1" is not enabled for this account or does not exist.';
const UNREACHABLE =
  "The AWS endpoint could not be reached: check the server's network or endpoint URL.";
const NO_CREDENTIALS =
  "The server has no AWS credentials: give it a profile, a role or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables.";

test.afterEach(async () => {
  await proxy({});
});

/** A VPC with two subnets and two security groups; returns its ID. */
async function vpcNamed(name: string, block: number): Promise<string> {
  const vpc = xmlValue(
    await ec2("CreateVpc", { CidrBlock: `10.${block}.0.0/16`, ...nameTag("vpc", name) }),
    "vpcId",
  );
  for (const [i, zone] of ["us-east-1a", "us-east-1b"].entries()) {
    await ec2("CreateSubnet", {
      VpcId: vpc,
      CidrBlock: `10.${block}.${i}.0/24`,
      AvailabilityZone: zone,
      ...nameTag("subnet", `${name}-${i}`),
    });
    await ec2("CreateSecurityGroup", {
      VpcId: vpc,
      GroupName: `${name}-tier-${i}`,
      GroupDescription: "tier",
    });
  }
  return vpc;
}

/** Opens the dialog from the designs list and waits for the VPC listing. */
async function openDialog(page: Page) {
  await page.goto("/designs");
  await page.getByTestId("list-import-aws").click();
  const dialog = page.getByTestId("aws-import-dialog");
  await expect(dialog).toBeVisible();
  return dialog;
}

async function designCount(page: Page): Promise<number> {
  return (await (await page.request.get("/api/designs")).json()).length;
}

test("a slow import shows per-service counts advancing, and Cancel ends it without a design", async ({
  page,
}) => {
  const vpc = await vpcNamed("inventory", 61);
  const before = await designCount(page);
  const dialog = await openDialog(page);
  await dialog.getByTestId("aws-vpc").filter({ hasText: vpc }).locator("input[type=checkbox]").check();
  // Every AWS request now takes 300 ms, one at a time.
  await proxy({ delayMs: 300, serial: true });
  const started = page.waitForResponse(
    (r) => r.url().endsWith("/api/import/aws") && r.request().method() === "POST",
  );
  await dialog.getByTestId("aws-import-submit").click();
  const job: string = (await (await started).json()).id;

  const progress = dialog.getByTestId("aws-progress");
  const ec2Count = progress.locator('[data-testid="aws-service"][data-service="EC2"]');
  // The dialog polls the job, so which count it shows first depends on
  // timing; what must hold is that the counts and the bar then advance.
  const counted = /^EC2 (\d+) calls? · \d+ items?$/;
  await expect(ec2Count).toHaveText(counted);
  const calls = async () => Number(counted.exec((await ec2Count.textContent()) ?? "")?.[1]);
  const fill = progress.locator(".aws-bar-fill");
  const firstCalls = await calls();
  const firstWidth = await fill.evaluate((el) => el.getBoundingClientRect().width);
  await expect.poll(calls).toBeGreaterThanOrEqual(firstCalls + 2);
  await expect(progress.getByText(/^\d+ calls done$/)).toBeVisible();
  const laterWidth = await fill.evaluate((el) => el.getBoundingClientRect().width);
  expect(laterWidth).toBeGreaterThan(firstWidth);
  await dialog.screenshot({ path: "screenshots/aws-import-progress.png" });

  await dialog.getByTestId("aws-cancel").click();
  await expect(dialog.getByTestId("aws-import-error")).toHaveText("The import was cancelled.");
  await expect(dialog.getByTestId("aws-cancel")).toHaveCount(0);
  await expect(dialog.getByTestId("aws-import-submit")).toBeEnabled();

  // On the server the job ended cancelled, and it saved nothing.
  const status = await (await page.request.get(`/api/import/aws/${job}`)).json();
  expect(status.finished).toBe(true);
  expect(status.events.at(-1)).toEqual({ type: "failed", message: "The import was cancelled." });
  expect(status.events.some((e: { type: string }) => e.type === "done")).toBe(false);
  await proxy({});
  await page.waitForTimeout(500);
  expect(await designCount(page)).toBe(before);
});

test("access denied, throttling, a wrong region and an unreachable endpoint are one sentence each", async ({
  page,
}) => {
  await proxy({ faults: { DescribeVpcs: "denied" } });
  const dialog = await openDialog(page);
  const error = dialog.getByTestId("aws-list-error");
  await expect(error).toHaveText(DENIED);
  await dialog.screenshot({ path: "screenshots/aws-import-denied.png" });

  // The SDK's adaptive retry backs off and slows its own rate before it
  // gives up, which takes a while.
  test.setTimeout(180_000);
  await proxy({ faults: { DescribeVpcs: "throttled" } });
  const throttledAt = Date.now();
  await dialog.getByTestId("aws-refresh").click();
  await expect(error).toHaveText(THROTTLED, { timeout: 120_000 });
  console.log(`throttled: the sentence came after ${Date.now() - throttledAt} ms`);
  // The SDK retried the throttled call before giving up.
  expect((await proxyLog()).filter((a) => a === "DescribeVpcs").length).toBeGreaterThan(1);

  await proxy({ regions: { "me-central-1": "optin" } });
  await page.getByTestId("aws-region").fill("me-central-1");
  await page.getByTestId("aws-region").press("Enter");
  await page.getByTestId("aws-region").blur();
  await expect(error).toHaveText(WRONG_REGION);

  // The proxy's port is closed: the connection is refused.
  await proxy({ down: true });
  await page.getByTestId("aws-region").fill("us-east-1");
  await page.getByTestId("aws-region").blur();
  await expect(error).toHaveText(UNREACHABLE, { timeout: 30_000 });
  await proxy({});
  await dialog.getByTestId("aws-refresh").click();
  await expect(dialog.getByTestId("aws-vpcs")).toBeVisible();
});

test("a call denied once the import runs fails the job in the same sentence", async ({ page }) => {
  const vpc = await vpcNamed("ledger", 62);
  const dialog = await openDialog(page);
  await dialog.getByTestId("aws-vpc").filter({ hasText: vpc }).locator("input[type=checkbox]").check();
  await proxy({ faults: { DescribeVpcs: "denied" } });
  await dialog.getByTestId("aws-import-submit").click();
  await expect(dialog.getByTestId("aws-import-error")).toHaveText(DENIED);
});

test("a partial import saves the rest and names the IAM action it needs", async ({ page }) => {
  const vpc = await vpcNamed("billing", 63);
  const dialog = await openDialog(page);
  await dialog.getByTestId("aws-vpc").filter({ hasText: vpc }).locator("input[type=checkbox]").check();
  await proxy({ faults: { ListFunctions: "denied" } });
  await dialog.getByTestId("aws-import-submit").click();
  const partial = dialog.getByTestId("aws-partial");
  await expect(partial).toContainText("Imported and saved, but 1 thing could not be read:");
  await expect(partial.getByTestId("aws-warnings").locator("li")).toHaveText([
    "Lambda functions: not read: access denied (AccessDeniedException); the policy needs lambda:ListFunctions",
  ]);
  await dialog.screenshot({ path: "screenshots/aws-import-partial.png" });

  await partial.getByTestId("aws-open-design").click();
  await expect(page).toHaveURL(/\/d\/[0-9a-f]{32}$/, { timeout: 30_000 });
  const designer = new Designer(page);
  await expect(designer.nodes("subnet")).toHaveCount(2);
  await expect(designer.canvas).toContainText("billing-0");
  // The first revision's message keeps what was not read.
  const id = page.url().split("/").pop();
  const history = await (await page.request.get(`/api/designs/${id}/revisions`)).json();
  expect(history.revisions.map((r: { message: string }) => r.message)).toEqual([
    "Imported from AWS (us-east-1). Not read: Lambda functions (lambda:ListFunctions).",
  ]);
});

/** A free port of 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

test("a server without AWS credentials says so in one sentence", async ({ browser }) => {
  // A second vpcraft server whose environment holds no AWS credentials,
  // configuration files or instance metadata.
  const port = await freePort();
  const database = `sqlite://${join(mkdtempSync(join(tmpdir(), "vpcraft-e2e-nocreds-")), "e2e.db")}`;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_")),
  ) as Record<string, string>;
  const bin = process.env.VPCRAFT_BIN ?? "../target/debug/vpcraft";
  const child: ChildProcess = spawn(
    bin,
    ["serve", "--addr", `127.0.0.1:${port}`, "--database", database, "--aws-region", "us-east-1", "--aws-endpoint-url", PROXY_URL],
    {
      env: {
        ...env,
        AWS_CONFIG_FILE: "/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
        AWS_EC2_METADATA_DISABLED: "true",
      },
      stdio: "ignore",
    },
  );
  try {
    const origin = `http://127.0.0.1:${port}`;
    await expect
      .poll(async () => (await fetch(`${origin}/api/health`).catch(() => null))?.status, {
        timeout: 20_000,
      })
      .toBe(200);
    const context = await browser.newContext({
      baseURL: origin,
      storageState: { cookies: [], origins: [] },
    });
    const setup = await context.request.post("/api/setup", {
      data: { email: ADMIN.email, password: ADMIN.password },
      headers: { Origin: origin },
    });
    expect(setup.status()).toBe(201);
    const page = await context.newPage();
    const dialog = await openDialog(page);
    await expect(dialog.getByTestId("aws-list-error")).toHaveText(NO_CREDENTIALS, { timeout: 30_000 });
    await dialog.screenshot({ path: "screenshots/aws-import-no-credentials.png" });
    // No request reached the account.
    expect(await proxyLog()).toEqual([]);
    await context.close();
  } finally {
    child.kill();
  }
});
