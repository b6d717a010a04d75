// Import from AWS against moto's server (started by the Playwright config):
// a VPC made through the EC2 API is listed in the dialog with its name, CIDR
// block and subnet count; importing it shows the server's progress lines and
// opens the saved design with its subnets drawn. A stack that does not
// exist fails with the server's one sentence.
import { expect, test } from "@playwright/test";
import { Designer } from "../pages/designer";
import { HAS_MOTO, ec2, nameTag, xmlValue } from "../moto";
import { reveal } from "../pages/topbar";

test.skip(!HAS_MOTO, "moto_server is missing: run tools/setup-python.sh");

/** A VPC "payments" (10.42.0.0/16) with two named subnets in two zones. */
async function paymentsVpc(): Promise<{ vpc: string; subnets: string[] }> {
  const vpc = xmlValue(
    await ec2("CreateVpc", { CidrBlock: "10.42.0.0/16", ...nameTag("vpc", "payments") }),
    "vpcId",
  );
  const subnets = [];
  for (const [name, cidr, zone] of [
    ["payments-public-a", "10.42.1.0/24", "us-east-1a"],
    ["payments-private-b", "10.42.2.0/24", "us-east-1b"],
  ]) {
    const xml = await ec2("CreateSubnet", {
      VpcId: vpc,
      CidrBlock: cidr,
      AvailabilityZone: zone,
      ...nameTag("subnet", name),
    });
    subnets.push(xmlValue(xml, "subnetId"));
  }
  return { vpc, subnets };
}

test("a VPC of the account is listed, imported with progress and opened drawn", async ({ page }) => {
  const { vpc, subnets } = await paymentsVpc();
  const designer = new Designer(page);
  // The progress lines as they appear, kept across the page's navigation.
  const seen: string[] = [];
  await page.exposeFunction("reportProgress", (line: string) => seen.push(line));
  await page.addInitScript(() => {
    // By text: the list keeps every line, newest first, and may reuse its
    // items for other lines.
    const reported = new Set<string>();
    new MutationObserver(() => {
      for (const li of document.querySelectorAll('[data-testid="aws-progress-lines"] li')) {
        const line = li.textContent ?? "";
        if (!reported.has(line)) {
          reported.add(line);
          (window as unknown as { reportProgress: (l: string) => void }).reportProgress(line);
        }
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });

  await designer.open();
  await (await reveal(page, "import-menu")).click();
  await page.getByTestId("import-aws").click();
  const dialog = page.getByTestId("aws-import-dialog");
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId("aws-region")).toHaveValue("us-east-1");
  const row = dialog.getByTestId("aws-vpc").filter({ hasText: vpc });
  await expect(row).toContainText("payments");
  await expect(row).toContainText("10.42.0.0/16");
  await expect(row).toContainText("2 subnets");
  await expect(dialog.getByTestId("aws-import-submit")).toBeDisabled();
  await row.locator("input[type=checkbox]").check();
  await expect(dialog.getByTestId("aws-import-submit")).toBeEnabled();
  await dialog.screenshot({ path: "screenshots/aws-import.png" });

  await dialog.getByTestId("aws-import-submit").click();
  await expect(page).toHaveURL(/\/d\/[0-9a-f]{32}$/, { timeout: 30_000 });
  await expect(designer.canvas).toBeVisible();
  for (const subnet of subnets) {
    await expect(designer.node(subnet)).toBeVisible();
  }
  await expect(designer.nodes("subnet")).toHaveCount(2);
  await expect(designer.canvas).toContainText("payments-public-a");
  await expect(designer.canvas).toContainText("payments-private-b");
  await expect(page.getByTestId("design-name")).toHaveValue(/AWS/);
  // The server's progress lines were shown while it read the account.
  expect(seen).toContain("read 1 VPCs (ec2:DescribeVpcs)");
  expect(seen).toContain("read 2 subnets (ec2:DescribeSubnets)");
  await page.screenshot({ path: "screenshots/aws-import-opened.png" });
});

test("a failure is one sentence and the dialog stays open", async ({ page }) => {
  await page.goto("/designs");
  await page.getByTestId("list-import-aws").click();
  const dialog = page.getByTestId("aws-import-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("aws-source-stacks").click();
  await expect(dialog.getByText("This region has no stack.")).toBeVisible();
  // A region name that is not one is refused by the server in a sentence.
  await page.getByTestId("aws-region").fill("nowhere");
  await page.getByTestId("aws-region").press("Enter");
  await page.getByTestId("aws-region").blur();
  await expect(dialog.getByTestId("aws-list-error")).toHaveText(
    '"nowhere" is not an AWS region name (like eu-west-3)',
  );
});
