// CIDR planner: a selected VPC's address space as used and free blocks,
// "next free /N" adding a subnet there in a chosen zone, and "split into
// K" of a block picked on the bar.
import { expect, test } from "@playwright/test";
import { Designer } from "../pages/designer";
import { CidrPlanner } from "../pages/planner";

test("plan a VPC's address space: next free block, add a subnet there, split a block", async ({ page }) => {
  const designer = new Designer(page);
  const planner = new CidrPlanner(page);
  await designer.open();
  await designer.dragFromPalette("vpc", 120, 90);
  await expect(designer.nodes("vpc")).toHaveCount(1);
  await designer.select(designer.nodes("vpc"));
  await expect(planner.root).toBeVisible();
  await expect(planner.used).toHaveCount(0);
  await expect(planner.free).toHaveCount(1);
  await expect(planner.free.first()).toHaveAttribute("data-cidr", "10.0.0.0/16");
  await expect(planner.next).toHaveText("10.0.0.0/24");

  // Next free /20, added as a subnet in zone b.
  await planner.nextFree(20);
  await expect(planner.next).toHaveText("10.0.0.0/20");
  await planner.addSubnet("Zone b");
  await expect(designer.nodes("subnet")).toHaveCount(1);
  await expect(planner.used).toHaveCount(1);
  await expect(planner.used.first()).toHaveAttribute("data-cidr", "10.0.0.0/20");
  await expect(planner.next).toHaveText("10.0.16.0/20");
  // The free space after the subnet is shown as aligned blocks.
  await expect(planner.root.locator('[data-testid="cidr-free"][data-cidr="10.0.16.0/20"]')).toHaveCount(1);
  await expect(planner.root.locator('[data-testid="cidr-free"][data-cidr="10.0.128.0/17"]')).toHaveCount(1);
  const zoneB = designer.nodes("availability_zone").nth(1);
  const subnetBox = (await designer.nodes("subnet").boundingBox())!;
  const zoneBox = (await zoneB.boundingBox())!;
  expect(subnetBox.x).toBeGreaterThanOrEqual(zoneBox.x);
  expect(subnetBox.x + subnetBox.width).toBeLessThanOrEqual(zoneBox.x + zoneBox.width);

  // Split the subnet's block and a free block.
  await planner.pick("10.0.0.0/20");
  await planner.splitInto(4);
  await expect(planner.parts).toHaveText(["10.0.0.0/22", "10.0.4.0/22", "10.0.8.0/22", "10.0.12.0/22"]);
  await planner.pick("10.0.128.0/17");
  await planner.splitInto(2);
  await expect(planner.parts).toHaveText(["10.0.128.0/18", "10.0.192.0/18"]);
  // Parts of the subnet's own block overlap it and cannot be added; free
  // parts can.
  await expect(planner.root.getByTestId("planner-part-add")).toHaveCount(2);
  await page.screenshot({ path: "screenshots/cidr-planner.png" });
  await planner.addPart("10.0.192.0/18");
  await expect(designer.nodes("subnet")).toHaveCount(2);
  await expect(planner.root.locator('[data-testid="cidr-used"][data-cidr="10.0.192.0/18"]')).toHaveCount(1);
  await designer.undo();
  await expect(designer.nodes("subnet")).toHaveCount(1);

  // Adding the subnet is one undo step.
  await designer.undo();
  await expect(designer.nodes("subnet")).toHaveCount(0);
  await expect(planner.used).toHaveCount(0);
});
