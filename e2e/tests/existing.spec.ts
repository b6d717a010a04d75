// Existing resources drawn in the app: a VPC of the design made an existing
// one (named by a parameter at deploy time) stays a box holding its zones,
// is drawn dashed, is never judged, and exports as a typed parameter; a
// subnet whose CIDR field is left empty takes its block from a parameter.
import { expect, test } from "@playwright/test";
import { CloudFormation } from "../pages/cloudformation";
import { Designer } from "../pages/designer";

test("a VPC made existing and a subnet CIDR given at deploy export as parameters", async ({ page }) => {
  const designer = new Designer(page);
  const cfn = new CloudFormation(page);
  await designer.open();
  await designer.dragFromPalette("vpc", 120, 90);
  await designer.dropInto("subnet", designer.nodes("availability_zone").first(), -60);
  await designer.dropInto("lambda_function", designer.nodes("subnet").first(), 8);
  const vpcId = await designer.idOf(designer.nodes("vpc"));

  // The function has no security group yet (E5001): that error is all.
  await expect(page.getByTestId("count-error")).toHaveText("1 error");
  await designer.select(designer.nodes("vpc"));
  await page.getByTestId("make-existing").click();
  const existing = designer.node(vpcId);
  await expect(existing).toHaveAttribute("data-kind", "external");
  await expect(existing).toHaveClass(/\bvpc\b/);
  await expect(existing.locator("text.caption")).toHaveText(/^Existing VPC · parameter \w+Id$/);
  await expect(page.getByTestId("external-source")).toContainText("An existing VPC from parameter");
  // The box still holds its zones and the subnet inside them.
  const box = (await existing.locator(".box").boundingBox())!;
  const subnet = (await designer.nodes("subnet").first().locator(".box").boundingBox())!;
  expect(subnet.x).toBeGreaterThan(box.x);
  expect(subnet.y + subnet.height).toBeLessThan(box.y + box.height);
  await expect(designer.nodes("availability_zone")).toHaveCount(2);
  await expect(page.getByTestId("count-error")).toHaveText("1 error");
  await expect(designer.finding("E5001")).toHaveCount(1);
  await expect(designer.finding("I0002").first()).toBeVisible();

  await designer.select(designer.nodes("subnet").first());
  await designer.prop("cidr").fill("");
  await expect(designer.nodes("subnet").first().locator("text.caption")).toHaveText("Private · CIDR at deploy time");
  await page.screenshot({ path: "screenshots/existing-vpc.png" });

  await cfn.openExport();
  const yaml = await cfn.download("yaml");
  expect(yaml.text).toMatch(/Type: AWS::EC2::VPC::Id/);
  expect(yaml.text).toMatch(/CidrBlock:\n\s+Type: String/);
  expect(yaml.text).not.toContain("Type: AWS::EC2::VPC\n");
  await page.keyboard.press("Escape");

  // Undo gives the subnet its block back, then the VPC back.
  await designer.undo();
  await designer.undo();
  await expect(designer.node(vpcId)).toHaveAttribute("data-kind", "vpc");
  await expect(designer.node(vpcId).locator("text.caption")).toHaveText(/^VPC · 10\./);
});
