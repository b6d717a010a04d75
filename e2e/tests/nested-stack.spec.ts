// A template with nested stacks, imported in the browser: each stack is one
// box with its counts under its name and, on hover, its parameters and
// outputs; its inspector lists what the parent passes (references in their
// short form) and the outputs the parent reads, and says how to list the
// child's resources. Picked with its child template, a stack becomes a box
// of the resources that template creates.
import { expect, test } from "@playwright/test";
import { CloudFormation } from "../pages/cloudformation";
import { Designer } from "../pages/designer";

test("nested stacks open as boxes with their parameters and outputs", async ({ page }) => {
  const designer = new Designer(page);
  const cfn = new CloudFormation(page);
  await designer.open();
  await cfn.importFile("../core/tests/fixtures/cfn/nested/parent.yaml");
  await cfn.done();

  await expect(designer.nodes("nested_stack")).toHaveCount(2);
  const network = designer.node("network");
  await expect(network.locator("text.caption")).toHaveText("1 param, 4 outputs");
  await expect(network.locator(":scope > title")).toContainText("Parameter CidrBlock = 10.20.0.0/16");
  await expect(network.locator(":scope > title")).toContainText("Output SubnetA");

  await designer.select(designer.node("app"));
  const parameters = page.getByTestId("stack-parameters");
  await expect(parameters).toContainText("QueueUrl");
  await expect(parameters).toContainText("!Ref Queue");
  await expect(parameters).toContainText("!GetAtt Network.Outputs.VpcId");
  await expect(page.getByTestId("prop-template_url")).toHaveValue(
    "https://templates-${AWS::Region}.s3.amazonaws.com/app.yaml",
  );
  await expect(page.getByTestId("stack-resources")).toContainText("Its template was not read");
  await page.screenshot({ path: "screenshots/nested-stacks.png" });
});

test("a stack picked with its child template is a box of the child's resources", async ({ page }) => {
  const designer = new Designer(page);
  const cfn = new CloudFormation(page);
  await designer.open();
  // The child first: the dialog finds the parent by what its stacks name.
  await cfn.importFiles([
    "../core/tests/fixtures/cfn/nested/network.yaml",
    "../core/tests/fixtures/cfn/nested/parent.yaml",
  ]);
  await expect(page.getByTestId("import-file-name")).toHaveCount(0);
  await cfn.done();

  const network = designer.node("network");
  await expect(network).toHaveClass(/stack-box/);
  await expect(network.locator("text.caption")).toHaveText("4 resources");
  const cells = network.locator(".stack-resource");
  await expect(cells).toHaveCount(4);
  expect(await cells.evaluateAll((all) => all.map((c) => c.getAttribute("data-logical-id")))).toEqual([
    "Vpc",
    "SubnetA",
    "SubnetB",
    "FunctionGroup",
  ]);
  await expect(cells.first().locator("title")).toHaveText("Vpc (AWS::EC2::VPC)");
  await expect(cells.first().locator("image")).toHaveAttribute("data-icon", "vpc");
  // The cells sit inside the box, under its icon and name.
  const box = (await network.locator("rect.box").boundingBox())!;
  const last = (await cells.last().boundingBox())!;
  expect(last.y).toBeGreaterThan(box.y + 80);
  expect(last.y + last.height).toBeLessThanOrEqual(box.y + box.height);
  // A stack without its template is still one icon.
  await expect(designer.node("app")).not.toHaveClass(/stack-box/);
  await designer.settle();
  await page.screenshot({ path: "screenshots/nested-stack-box.png" });
});
