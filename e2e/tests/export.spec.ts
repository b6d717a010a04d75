// Export to CloudFormation: a starter template downloads as YAML with
// short-form intrinsics, and a design with an error shows the error count
// in the dialog before the download (the template lists it in its header).
import { expect, test } from "@playwright/test";
import { CloudFormation } from "../pages/cloudformation";
import { Designer } from "../pages/designer";

test("a starter template exports as YAML with short-form intrinsics", async ({ page }) => {
  const designer = new Designer(page);
  const cfn = new CloudFormation(page);
  await designer.open();
  await designer.openTemplate("A");
  await expect(designer.nodes("vpc").first()).toBeVisible();

  await cfn.openExport();
  await expect(page.getByTestId("export-clean")).toBeVisible();
  await expect(page.getByTestId("export-errors")).toHaveCount(0);
  await page.screenshot({ path: "screenshots/export-dialog.png" });
  const yaml = await cfn.download("yaml");
  expect(yaml.name).toMatch(/\.yaml$/);
  expect(yaml.text).toContain("AWS::EC2::VPC");
  expect(yaml.text).toContain("!Ref");
  await expect(page.getByTestId("export-result")).toContainText("0 errors");

  const json = await cfn.download("json");
  expect(json.name).toMatch(/\.json$/);
  const template = JSON.parse(json.text);
  expect(Object.values(template.Resources).map((r: any) => r.Type)).toContain("AWS::EC2::VPC");
});

test("a design with an error shows the error count before the download", async ({ page }) => {
  const designer = new Designer(page);
  const cfn = new CloudFormation(page);
  await designer.open();
  await designer.openTemplate("B");
  await designer.select(designer.nodes("subnet").first());
  await designer.prop("cidr").fill("192.168.0.0/24");
  await expect(designer.finding("E1003")).toHaveCount(1);
  await expect(page.getByTestId("count-error")).toHaveText("1 error");

  await cfn.openExport();
  const errors = page.getByTestId("export-errors");
  await expect(errors).toContainText("This design has 1 error; the template will still export with them listed in its header");
  await expect(page.getByTestId("export-error-list")).toContainText("E1003");
  await page.screenshot({ path: "screenshots/export-dialog-errors.png" });
  const yaml = await cfn.download("yaml");
  expect(yaml.text).toContain("E1003");
  await expect(page.getByTestId("export-result")).toContainText("1 error");
  await cfn.closeExport();
});
