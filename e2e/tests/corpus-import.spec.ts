// Published templates from ../shared/corpus open as drawn designs: the
// biggest VPC templates import with no error finding, and a template that
// names an existing VPC and subnets by parameter draws them as external
// resources (dashed), whose inspector says where they come from, with no
// false error. Screenshots of each, looked at by a person.
import { expect, test } from "@playwright/test";
import { existsSync } from "node:fs";
import { CloudFormation } from "../pages/cloudformation";
import { Designer } from "../pages/designer";

const corpus = process.env.VPCRAFT_CORPUS ?? "../../shared/corpus";
const real = `${corpus}/good/real/aws-cloudformation-templates`;

const cases = [
  { file: "ECS__EC2LaunchType__clusters__private-vpc.yaml", shot: "corpus-ecs-private-vpc", errors: 0 },
  { file: "EKS__template.yaml", shot: "corpus-eks", errors: 0 },
  { file: "VPC__VPC_With_Managed_NAT_And_Private_Subnet.yaml", shot: "corpus-vpc-nat-acl", errors: 0 },
];

for (const { file, shot, errors } of cases) {
  test(`${file} opens drawn with ${errors} errors`, async ({ page }) => {
    test.skip(!existsSync(corpus), `the corpus is not at ${corpus}`);
    const designer = new Designer(page);
    const cfn = new CloudFormation(page);
    await designer.open();
    await cfn.importFile(`${real}/${file}`);
    await expect(page.getByTestId("import-result")).toBeVisible();
    await cfn.done();
    await expect(designer.nodes("vpc")).toHaveCount(1);
    expect(await designer.nodes("subnet").count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId("count-error")).toHaveText(`${errors} errors`);
    await page.screenshot({ path: `screenshots/${shot}.png` });
  });
}

test("a VPC and subnets passed in by parameter are drawn as external resources", async ({ page }) => {
  test.skip(!existsSync(corpus), `the corpus is not at ${corpus}`);
  const designer = new Designer(page);
  const cfn = new CloudFormation(page);
  await designer.open();
  await cfn.importFile(`${real}/ECS__ECS_Schedule_Example.yaml`);
  await expect(page.getByTestId("import-result")).toBeVisible();
  await cfn.done();
  const externals = designer.nodes("external");
  expect(await externals.count()).toBeGreaterThanOrEqual(2);
  // The one true error of this sample: SSH open to the world on the hosts' group.
  await expect(page.getByTestId("count-error")).toHaveText("1 error");
  // The VPC passed in is a dashed box holding the groups placed in it.
  const vpc = externals.filter({ has: page.locator("text.title", { hasText: "VpcId" }) });
  await expect(vpc).toHaveCount(1);
  await expect(vpc).toHaveClass(/\bvpc\b/);
  await designer.select(vpc);
  await expect(page.getByTestId("external-source")).toContainText("from parameter VpcId");
  await page.screenshot({ path: "screenshots/corpus-external-vpc.png" });
});
