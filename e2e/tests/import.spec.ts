// Import template: a CloudFormation file opens as a new design with its
// VPC, subnets and Lambda drawn and its flows inferred; a broken template
// shows the error naming the line and keeps the text; an exported template
// imports back with the same resources; a three-tier template draws its
// instances, Auto Scaling group and database in their subnets across zones.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { CloudFormation } from "../pages/cloudformation";
import { Designer, inside } from "../pages/designer";

test("a template file opens drawn, with its flows inferred", async ({ page }) => {
  const designer = new Designer(page);
  const cfn = new CloudFormation(page);
  await designer.open();
  await cfn.importFile("fixtures/worker.yaml");
  await expect(page.getByTestId("import-result")).toContainText("2 flows (2 inferred)");
  await cfn.done();

  await expect(designer.nodes("vpc")).toHaveCount(1);
  await expect(designer.nodes("subnet")).toHaveCount(2);
  await expect(designer.nodes("lambda_function")).toHaveCount(1);
  await expect(designer.nodes("sqs_queue")).toHaveCount(1);
  await expect(designer.nodes("dynamodb_table")).toHaveCount(1);
  const inferred = designer.canvas.locator('g[data-testid^="flow-"][data-inferred="true"]');
  await expect(inferred).toHaveCount(2);
  await expect(designer.saveStatus).not.toHaveText("Saved");
  await page.screenshot({ path: "screenshots/import-worker.png" });

  // An inferred flow is an ordinary flow: the user can delete it.
  // Its label chip is on the route (the middle of a bent route's box need not be).
  await inferred.first().locator(".flow-label").click();
  await page.keyboard.press("Delete");
  await expect(inferred).toHaveCount(1);
});

test("a broken template shows the error naming the line and keeps the text", async ({ page }) => {
  const designer = new Designer(page);
  const cfn = new CloudFormation(page);
  await designer.open();
  const text = readFileSync("fixtures/broken.yaml", "utf8");
  await cfn.importText(text);
  await expect(page.getByTestId("import-error")).toContainText("line 12");
  await expect(page.getByTestId("import-text")).toHaveValue(text);
  await page.screenshot({ path: "screenshots/import-error.png" });
  // Closing and reopening the dialog keeps the text too.
  await cfn.importDialog.getByRole("button", { name: "Cancel" }).click();
  await cfn.openImport();
  await expect(page.getByTestId("import-text")).toHaveValue(text);
});

test("an exported template imports back with the same resources", async ({ page }) => {
  const designer = new Designer(page);
  const cfn = new CloudFormation(page);
  await designer.open();
  await designer.openTemplate("A");
  await expect(designer.nodes("vpc").first()).toBeVisible();
  const before = await cfn.resourceCount();
  const flowsBefore = Number(await page.getByTestId("summary-flows").textContent());
  expect(before).toBeGreaterThan(10);

  await cfn.openExport();
  const yaml = await cfn.download("yaml");
  await cfn.closeExport();

  await cfn.importFile(yaml.path, yaml.name);
  await expect(page.getByTestId("import-result")).toBeVisible();
  await cfn.done();
  expect(await cfn.resourceCount()).toBe(before);
  await expect(page.getByTestId("summary-flows")).toHaveText(String(flowsBefore));
  await expect(page.getByTestId("count-error")).toHaveText("0 errors");
});

test("parameters are listed with their values and a new value imports again", async ({ page }) => {
  const designer = new Designer(page);
  const cfn = new CloudFormation(page);
  await designer.open();
  await cfn.importFile("fixtures/parameters.yaml");
  await expect(page.getByTestId("import-result")).toBeVisible();
  // The default leaves the NAT gateway out; the VPC passed in is external.
  await expect(page.getByTestId("import-warning")).toContainText(["Nat: left out: its condition NatWanted is false"]);
  await expect(page.getByTestId("param-WithNat")).toHaveValue("no");
  await expect(page.getByTestId("param-LoggingVpcId")).toHaveValue("");
  await expect(designer.nodes("nat_gateway")).toHaveCount(0);
  await expect(designer.nodes("external")).toHaveCount(1);
  await page.screenshot({ path: "screenshots/import-parameters.png" });

  await page.getByTestId("param-WithNat").selectOption("yes");
  await page.getByTestId("param-LoggingVpcId").fill("vpc-0a1b2c3d");
  await page.getByTestId("import-reimport").click();
  await expect(page.getByTestId("param-WithNat")).toHaveValue("yes");
  await cfn.done();
  await expect(designer.nodes("nat_gateway")).toHaveCount(1);
  const external = designer.nodes("external");
  await expect(external).toHaveCount(1);
  await expect(external.locator("text.title")).toHaveText("vpc-0a1b2c3d");
  await designer.select(external);
  await expect(page.getByTestId("external-source")).toContainText("existing vpc-0a1b2c3d");
});

test("a three-tier template opens with its instances, Auto Scaling group and database across zones", async ({
  page,
}) => {
  const designer = new Designer(page);
  const cfn = new CloudFormation(page);
  await designer.open();
  await cfn.importFile("fixtures/three-tier.yaml");
  // The load balancer calls the group, the bastion the group over SSH, and
  // the group the database on PostgreSQL's port: all read from the groups.
  await expect(page.getByTestId("import-result")).toContainText("3 flows (3 inferred)");
  await cfn.done();

  await expect(designer.nodes("vpc")).toHaveCount(1);
  await expect(designer.nodes("subnet")).toHaveCount(6);
  await expect(designer.nodes("ec2_instance")).toHaveCount(1);
  await expect(designer.nodes("auto_scaling_group")).toHaveCount(1);
  await expect(designer.nodes("rds_instance")).toHaveCount(1);
  await expect(designer.nodes("generic")).toHaveCount(0);
  // The group and the database span the two zones: drawn in one subnet of
  // theirs, with a replica in the other.
  for (const [owner, own, other] of [
    ["app-fleet", "app-a", "app-b"],
    ["database", "data-a", "data-b"],
  ]) {
    const node = await designer.shapeOf(designer.node(owner));
    const replica = await designer.canvas.getByTestId(`replica-${owner}`).locator(".replica-hit").boundingBox();
    if (!replica) throw new Error(`no replica of ${owner}`);
    expect(inside(node, await designer.shapeOf(designer.node(own))), `${owner} in ${own}`).toBe(true);
    expect(inside(replica, await designer.shapeOf(designer.node(other))), `${owner} replica in ${other}`).toBe(true);
  }
  // No error; the one warning is true: zone b's application subnet goes
  // through the NAT gateway of zone a.
  await expect(page.getByTestId("count-error")).toHaveText("0 errors");
  await expect(designer.finding("W2007")).toHaveCount(1);
  await page.screenshot({ path: "screenshots/import-three-tier.png" });

  // The group → database flow passes hop by hop, its path marked.
  const flow = designer.flows().filter({ hasText: "tcp/5432" });
  await expect(flow).toHaveAttribute("data-verdict", "permitted");
  await flow.locator(".flow-label").click();
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "permitted");
  await expect(designer.canvas.locator("g.node.on-path")).not.toHaveCount(0);
  await page.screenshot({ path: "screenshots/import-three-tier-flow.png" });
});
