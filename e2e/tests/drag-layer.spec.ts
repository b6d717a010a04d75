// Moving a container: while the pointer drags, the carried nodes are drawn
// in the drag layer above the diagram and the design is untouched; the drop
// is one edit, and Escape puts everything back. Each VPC is an SVG of its
// own, which a drop in it keeps.
import { expect, test } from "@playwright/test";
import { Designer, SAVED } from "../pages/designer";

test("a drag carries the nodes in the drag layer and changes the design only at the drop", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();
  await designer.dragFromPalette("vpc", 120, 90);
  await designer.dropInto("subnet", designer.nodes("availability_zone").first(), -60);
  await designer.dropInto("lambda_function", designer.nodes("subnet").first(), 8);
  const vpc = designer.nodes("vpc");
  const fn = designer.nodes("lambda_function");
  const before = (await fn.locator(".hit").boundingBox())!;
  const layer = page.getByTestId("drag-layer");

  await expect(designer.saveStatus).toHaveText(SAVED);

  // Press on the VPC's header and drag without letting go.
  const box = (await vpc.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 14);
  await page.mouse.down();
  await page.mouse.move(box.x + 30 + 96, box.y + 14 + 48, { steps: 8 });
  await expect(layer).toBeVisible();
  // The VPC, its zones, its subnet and its function are carried: hidden in
  // the diagram, drawn in the layer, displaced by the drag.
  await expect(vpc).toHaveClass(/carried/);
  await expect(fn).toHaveClass(/carried/);
  await expect(layer.locator("g.node")).toHaveCount(5);
  const carried = (await layer.locator("g.icon-node .hit").boundingBox())!;
  expect(Math.round(carried.x - before.x)).toBe(96);
  expect(Math.round(carried.y - before.y)).toBe(48);
  // Nothing has changed in the design yet: the diagram's node is where it was.
  await expect(designer.saveStatus).toHaveText(SAVED);
  expect(Math.round((await fn.locator(".hit").boundingBox())!.x)).toBe(Math.round(before.x));

  await page.mouse.up();
  await expect(layer).toHaveCount(0);
  await expect(fn).not.toHaveClass(/carried/);
  const dropped = (await fn.locator(".hit").boundingBox())!;
  expect(Math.round(dropped.x - before.x)).toBe(96);
  expect(Math.round(dropped.y - before.y)).toBe(48);
  // One drag, one undo step.
  await designer.undo();
  expect(Math.round((await fn.locator(".hit").boundingBox())!.x - before.x)).toBe(0);
});

test("Escape during a drag puts the nodes back", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();
  await designer.dragFromPalette("vpc", 120, 90);
  const vpc = designer.nodes("vpc");
  const before = (await vpc.locator(".box").boundingBox())!;
  await page.mouse.move(before.x + 30, before.y + 14);
  await page.mouse.down();
  await page.mouse.move(before.x + 150, before.y + 74, { steps: 6 });
  await expect(page.getByTestId("drag-layer")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("drag-layer")).toHaveCount(0);
  await page.mouse.up();
  const after = (await vpc.locator(".box").boundingBox())!;
  expect(Math.round(after.x)).toBe(Math.round(before.x));
  expect(Math.round(after.y)).toBe(Math.round(before.y));
});

test("each VPC is drawn in an SVG of its own, which a drop in it keeps", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();
  await designer.openTemplate("B");
  await designer.waitSaved();
  // The grid behind, one SVG per VPC and one for what is outside every
  // VPC, then flows and markers on top.
  const layers = designer.canvas.locator("svg.canvas-layer:not(.canvas-top)");
  await expect(layers).toHaveCount(2);
  const ids = async (layer: number) =>
    layers.nth(layer).locator("g.node").evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
  expect(await ids(0)).toEqual([
    "node-vpc",
    "node-az-a",
    "node-private-a",
    "node-private-rt",
    "node-sender-sg",
    "node-sender",
    "node-sqs-ep-sg",
    "node-sqs-ep",
  ]);
  expect(await ids(1)).toEqual(["node-dlq", "node-queue", "node-consumer"]);
  await expect(designer.canvas.locator("svg.canvas-top g.flow")).not.toHaveCount(0);

  // A drop in the VPC moves its nodes in place: its SVG and the node
  // elements are the same ones, shifted.
  await layers.nth(0).evaluate((svg) => ((svg as any).__before = true));
  await designer.node("sender").evaluate((g) => ((g as any).__before = true));
  const before = (await designer.node("sender").boundingBox())!;
  await designer.dragNode(designer.node("vpc"), 64, 32);
  await expect.poll(async () => (await designer.node("sender").boundingBox())!.x - before.x).toBeGreaterThan(32);
  expect(await layers.nth(0).evaluate((svg) => (svg as any).__before === true)).toBe(true);
  expect(await designer.node("sender").evaluate((g) => (g as any).__before === true)).toBe(true);
  expect(await ids(1)).toEqual(["node-dlq", "node-queue", "node-consumer"]);
});
