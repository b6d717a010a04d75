// The cost panel: reference architecture A's monthly estimate in the top
// bar, the panel with categories, resources and their priced lines, the
// assumptions, usage typed for a function changing the total by what its
// published prices say, the NAT-versus-endpoints advice whose quick fix
// lowers the total by the NAT gateways' cost, and the estimate in the
// export dialog. Screenshot of the panel.
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
