// The first slice end to end: drag a VPC, a subnet into it and a Lambda into
// the subnet, edit a property, see a finding live, save, reload, and find
// the design restored from the server.
import { expect, test } from "@playwright/test";
import { Designer } from "../pages/designer";

test("draw, validate live, save and restore a design", async ({ page, request }) => {
  const designer = new Designer(page);
  await designer.open();

  await designer.dragFromPalette("vpc", 120, 90);
  await expect(designer.nodes("vpc")).toHaveCount(1);
  const vpc = designer.nodes("vpc");
  const vpcBox = (await vpc.boundingBox())!;
  expect(vpcBox.width).toBeGreaterThan(300);

  // A subnet dropped outside any VPC is refused with a message.
  const canvasBox = (await designer.canvas.boundingBox())!;
  await designer.dragFromPalette("subnet", canvasBox.width - 60, canvasBox.height - 60);
  await expect(page.getByTestId("toast")).toContainText(/inside a VPC/i);
  await expect(designer.nodes("subnet")).toHaveCount(0);

  // Into the first availability zone of the VPC.
  const az = designer.nodes("availability_zone").first();
  const azBox = (await az.boundingBox())!;
  await designer.dragFromPalette(
    "subnet",
    azBox.x - canvasBox.x + azBox.width / 2,
    azBox.y - canvasBox.y + 70,
  );
  await expect(designer.nodes("subnet")).toHaveCount(1);
  const subnet = designer.nodes("subnet").first();
  const subnetBox = (await subnet.boundingBox())!;

  await designer.dragFromPalette(
    "lambda_function",
    subnetBox.x - canvasBox.x + subnetBox.width / 2,
    subnetBox.y - canvasBox.y + subnetBox.height / 2 + 8,
  );
  await expect(designer.nodes("lambda_function")).toHaveCount(1);

  // Edit the subnet's CIDR in the inspector: outside the VPC is an error.
  await designer.select(subnet);
  const cidr = designer.prop("cidr");
  await expect(cidr).toHaveValue(/^10\.0\.\d+\.0\/24$/);
  await cidr.fill("192.168.0.0/24");
  await expect(designer.finding("E1003")).toContainText("192.168.0.0/24");
  // A CIDR that does not parse is flagged at the field and changes nothing.
  await cidr.fill("10.0.0/99");
  await expect(page.getByTestId("prop-error")).toBeVisible();
  await expect(designer.finding("E1003")).toHaveCount(1);
  await cidr.fill("10.0.8.0/24");
  await expect(designer.finding("E1003")).toHaveCount(0);

  await designer.save();
  await expect(page).toHaveURL(/\/d\/[0-9a-f]+$/);
  const id = designer.designId();

  await page.reload();
  await expect(designer.nodes("vpc")).toHaveCount(1);
  await expect(designer.nodes("subnet")).toHaveCount(1);
  await expect(designer.nodes("lambda_function")).toHaveCount(1);
  await page.screenshot({ path: "screenshots/first-slice.png" });

  // The server holds exactly what was drawn.
  const stored = await (await request.get(`/api/designs/${id}`)).json();
  const resources: any[] = stored.design.resources;
  const storedSubnet = resources.find((r) => r.type === "subnet");
  const storedLambda = resources.find((r) => r.type === "lambda_function");
  expect(storedSubnet.cidr).toBe("10.0.8.0/24");
  expect(storedLambda.vpc_config.subnets).toEqual([storedSubnet.id]);
  const storedAz = resources.find((r) => r.id === storedSubnet.az);
  expect(storedAz.type).toBe("availability_zone");
  expect(resources.find((r) => r.id === storedAz.vpc).type).toBe("vpc");
  expect(stored.findings.filter((f: any) => f.rule === "E1003")).toEqual([]);
});
