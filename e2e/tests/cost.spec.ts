// The cost panel: reference architecture A's monthly estimate in the top
// bar, the panel with categories, resources and their priced lines, the
// assumptions, usage typed for a function changing the total by what its
// published prices say, the NAT-versus-endpoints advice whose quick fix
// lowers the total by the NAT gateways' cost, and the estimate in the
// export dialog. Screenshot of the panel. Then a stored design with an EFS
// file system, an Aurora cluster and an Auto Scaling group, whose usage
// (Infrequent Access GB, I/O requests, instances on average) typed in the
// panel moves the total by their published prices and is saved.
import { expect, test, type Page } from "@playwright/test";
import { Designer } from "../pages/designer";
import { reveal } from "../pages/topbar";

// Europe (Ireland) prices as published (read 2026-12-03); template A is in
// eu-west-1.
const HOURS = 730;
const NAT_HOUR = 0.048;
const IPV4_HOUR = 0.005;
const LAMBDA_REQUEST = 0.2 / 1e6;
const LAMBDA_GB_SECOND = 0.0000166667;

const cents = (usd: number) => Math.round(usd * 100) / 100;
const dollars = (usd: number) =>
  "$" + usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** A function's two lines at 128 MB and 100 ms. */
const lambda = (invocations: number) =>
  cents(invocations * LAMBDA_REQUEST) + cents(invocations * 0.1 * (128 / 1024) * LAMBDA_GB_SECOND);

async function total(page: Page): Promise<number> {
  const text = (await page.getByTestId("cost-button-total").textContent()) ?? "";
  return Number(text.replace(/[$,]/g, ""));
}

test("the cost panel prices template A and its NAT-versus-endpoints choice", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();
  await designer.openTemplate("A");
  await expect(designer.nodes("vpc").first()).toBeVisible();

  const before = await total(page);
  expect(before).toBeGreaterThan(100);
  await page.getByTestId("cost-toggle").click();
  const panel = page.getByTestId("cost-panel");
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId("cost-total")).toContainText(dollars(before));
  await expect(panel.getByTestId("cost-region")).toContainText("eu-west-1 prices of 2026-12-03");

  // Two NAT gateways all month are the largest category.
  const first = panel.getByTestId("cost-category").first();
  await expect(first).toContainText("NAT gateways");
  await expect(first).toContainText(dollars(cents(2 * HOURS * NAT_HOUR)));

  // Each resource lists its priced lines.
  const nat = panel.locator('[data-testid="cost-resource"][data-id="nat-a"]');
  await expect(nat).toContainText(dollars(cents(HOURS * NAT_HOUR)));
  await nat.locator("summary").click();
  await expect(nat).toContainText("730 hours × $0.048");

  await panel.getByTestId("cost-assumptions").locator("summary").click();
  await expect(panel.getByTestId("cost-assumptions")).toContainText("730 hours a month");
  await expect(panel.getByTestId("cost-assumptions")).toContainText("no free tier");

  // The NAT gateways carry no flow: the advice prices them against nothing.
  const advice = panel.locator('[data-testid="cost-advice-item"][data-rule="I2011"]');
  const nats = 2 * (cents(HOURS * NAT_HOUR) + cents(HOURS * IPV4_HOUR));
  await expect(advice).toContainText(`cost ${dollars(nats)} a month`);
  await panel.evaluate((el) => el.scrollTo(0, 0));
  await page.mouse.move(5, 5);
  await page.screenshot({ path: "screenshots/cost-panel.png" });
  await designer.setTheme(true);
  await page.screenshot({ path: "screenshots/cost-panel-dark.png" });
  await designer.setTheme(false);

  // Usage typed for the calling function moves the total by its prices.
  const caller = panel.locator('[data-testid="cost-resource"][data-id="caller"]');
  await caller.locator(".select-resource").click({ force: true });
  const invocations = panel.getByTestId("cost-usage").getByTestId("usage-requests");
  await invocations.fill("10,000,000");
  await invocations.press("Enter");
  const busier = cents(before - lambda(1e6) + lambda(10e6));
  await expect(page.getByTestId("cost-button-total")).toHaveText(dollars(busier));
  await expect(caller).toContainText(dollars(lambda(10e6)));
  await page.getByTestId("undo").click();
  await expect(page.getByTestId("cost-button-total")).toHaveText(dollars(before));

  // The advice's quick fix removes the NAT gateways and their addresses.
  await advice.getByTestId("cost-quick-fix").click();
  await expect(page.getByTestId("cost-button-total")).toHaveText(dollars(cents(before - nats)));
  await expect(panel.locator('[data-testid="cost-advice-item"]')).toHaveCount(0);
  await expect(panel.locator('[data-testid="cost-resource"][data-id="nat-a"]')).toHaveCount(0);
  await page.getByTestId("undo").click();
  await expect(page.getByTestId("cost-button-total")).toHaveText(dollars(before));

  // The export dialog says what the design will cost.
  await page.getByTestId("cost-close").click();
  await expect(panel).toHaveCount(0);
  await (await reveal(page, "export-cfn")).click();
  await expect(page.getByTestId("export-cost-total")).toHaveText(dollars(before));
  await expect(page.getByTestId("export-cost")).toContainText(`NAT gateways ${dollars(cents(2 * HOURS * NAT_HOUR))}`);
});

// US East (N. Virginia) prices (read 2026-12-04).
const T3_MICRO_HOUR = 0.0104;
const EFS_STANDARD_GB_MONTH = 0.3;
const EFS_IA_GB_MONTH = 0.016;
const AURORA_T4G_MEDIUM_HOUR = 0.073;
const AURORA_GB_MONTH = 0.1;
const AURORA_IO_REQUEST = 0.2 / 1e6;

/** A file system, an Aurora cluster and an Auto Scaling group of two t3.micro. */
function dataDesign() {
  return {
    schema_version: 3,
    name: "data",
    region: "us-east-1",
    resources: [
      { id: "vpc", name: "main", type: "vpc", cidr_blocks: ["10.0.0.0/16"] },
      { id: "az-a", name: "a", type: "availability_zone", vpc: "vpc", zone: "a" },
      { id: "az-b", name: "b", type: "availability_zone", vpc: "vpc", zone: "b" },
      { id: "data-a", name: "data-a", type: "subnet", az: "az-a", cidr: "10.0.20.0/24" },
      { id: "data-b", name: "data-b", type: "subnet", az: "az-b", cidr: "10.0.21.0/24" },
      { id: "sg", name: "data-sg", type: "security_group", vpc: "vpc" },
      { id: "lt", name: "app-lt", type: "launch_template", instance_type: "t3.micro", security_groups: ["sg"] },
      { id: "asg", name: "app", type: "auto_scaling_group", launch_template: "lt", subnets: ["data-a", "data-b"],
        min_size: 1, max_size: 6, desired_capacity: 2 },
      { id: "files", name: "shared-files", type: "efs_file_system", subnets: ["data-a", "data-b"], security_groups: ["sg"] },
      { id: "aurora", name: "catalog", type: "db_cluster", engine: "aurora-postgresql", instance_class: "db.t4g.medium",
        instances: 1, subnets: ["data-a", "data-b"], security_groups: ["sg"], publicly_accessible: false },
    ],
    flows: [],
  };
}

test("the cost panel prices a file system, an Aurora cluster and a group, and edits their usage", async ({
  page,
  request,
}) => {
  const designer = new Designer(page);
  await designer.openStored(request, dataDesign());
  const group = (n: number) => cents(n * HOURS * T3_MICRO_HOUR);
  const files = (standard: number, ia: number) =>
    cents(standard * EFS_STANDARD_GB_MONTH) + (ia > 0 ? cents(ia * EFS_IA_GB_MONTH) : 0);
  const aurora = (gb: number, io: number) =>
    cents(HOURS * AURORA_T4G_MEDIUM_HOUR) + cents(gb * AURORA_GB_MONTH) + cents(io * AURORA_IO_REQUEST);
  // The defaults: the desired capacity, 10 GB in Standard, 20 GB and 10 million I/Os.
  const before = cents(group(2) + files(10, 0) + aurora(20, 10e6));
  await expect(page.getByTestId("cost-button-total")).toHaveText(dollars(before));
  await page.getByTestId("cost-toggle").click();
  const panel = page.getByTestId("cost-panel");
  await expect(panel.locator('[data-testid="cost-category"][data-category="Databases"]')).toContainText(
    dollars(aurora(20, 10e6)),
  );

  const resource = (id: string) => panel.locator(`[data-testid="cost-resource"][data-id="${id}"]`);
  const type = async (id: string, field: string, text: string) => {
    await resource(id).locator(".select-resource").click({ force: true });
    const input = panel.getByTestId("cost-usage").getByTestId(field);
    await input.fill(text);
    await input.press("Enter");
  };
  await type("files", "usage-ia", "500");
  await type("asg", "usage-instances", "3.5");
  await type("aurora", "usage-io", "50,000,000");
  const after = cents(group(3.5) + files(10, 500) + aurora(20, 50e6));
  await expect(page.getByTestId("cost-button-total")).toHaveText(dollars(after));
  await expect(resource("files")).toContainText(dollars(files(10, 500)));
  await panel.getByTestId("cost-assumptions").locator("summary").click();
  await expect(panel.getByTestId("cost-assumptions")).toContainText("Aurora Standard");

  // The usage is stored with the design, so it comes back with the template.
  await designer.waitSaved();
  const stored = await designer.stored(request);
  expect(stored.usage.resources.files.infrequent_access_gb).toBe(500);
  expect(stored.usage.resources.asg.instances).toBe(3.5);
});
