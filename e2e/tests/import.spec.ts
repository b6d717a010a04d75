// Import template: a CloudFormation file opens as a new design with its
// VPC, subnets and Lambda drawn and its flows inferred; a broken template
// shows the error naming the line and keeps the text; an exported template
// imports back with the same resources.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { CloudFormation } from "../pages/cloudformation";
import { Designer } from "../pages/designer";

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
