// Flows: drag from a Lambda's handle to a queue to say "the function calls
// the queue"; the arrow is red while the network blocks it, the inspector
// lists the blockers with one-click fixes, a fix turns it green and undo
// turns it red again; the port defaults to 443 and is editable.
import { expect, test } from "@playwright/test";
import { Designer } from "../pages/designer";

test("connect a flow, fix what blocks it, undo, and edit its port", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();

  await designer.dragFromPalette("vpc", 120, 90);
  const az = designer.nodes("availability_zone").first();
  await designer.dropInto("subnet", az, -60);
  const subnet = designer.nodes("subnet").first();
  await designer.dropInto("lambda_function", subnet, 8);
  const canvasBox = (await designer.canvas.boundingBox())!;
  const vpcBox = (await designer.nodes("vpc").boundingBox())!;
  await designer.dropOutside("sqs_queue", vpcBox.x - canvasBox.x + 120, vpcBox.y - canvasBox.y + vpcBox.height + 60);
  const fn = designer.nodes("lambda_function").first();
  const queue = designer.nodes("sqs_queue").first();
  await expect(queue).toHaveCount(1);

  await designer.connect(fn, queue);
  await expect(designer.flows()).toHaveCount(1);
  const flow = designer.flows().first();
  await expect(flow).toHaveAttribute("data-verdict", "blocked");
  await expect(flow).toContainText("tcp/443");
  await expect(designer.prop("port")).toHaveValue("443");
  await expect(designer.finding("E7001")).toHaveCount(1);

  // The inspector lists what blocks the flow, each with a fix.
  const verdict = page.getByTestId("verdict");
  await expect(verdict).toHaveAttribute("data-verdict", "blocked");
  const blockers = page.getByTestId("blocker");
  const before = await blockers.count();
  expect(before).toBeGreaterThan(0);
  await page.screenshot({ path: "screenshots/flow-blocked.png" });

  // Apply fixes one click at a time until the flow passes.
  for (let i = 0; i < 6 && (await flow.getAttribute("data-verdict")) === "blocked"; i++) {
    await page.getByTestId("flow-fix").first().click();
  }
  await expect(flow).toHaveAttribute("data-verdict", "permitted");
  await expect(verdict).toHaveAttribute("data-verdict", "permitted");
  await expect(designer.finding("E7001")).toHaveCount(0);
  // The path's resources are marked on the canvas.
  await expect(designer.canvas.locator("g.node.on-path").first()).toBeVisible();
  await page.screenshot({ path: "screenshots/flow-permitted.png" });

  // Undo brings the block back (fixes are one undo step each).
  await designer.undo();
  await expect(flow).toHaveAttribute("data-verdict", "blocked");
  await designer.redo();
  await expect(flow).toHaveAttribute("data-verdict", "permitted");

  // The port is editable, checked as typed, and shown on the arrow.
  await flow.locator(".flow-label").click();
  await designer.prop("port").fill("99999");
  await expect(page.getByTestId("prop-error")).toBeVisible();
  await designer.prop("port").fill("8443");
  await expect(flow).toContainText("tcp/8443");
  await page.getByTestId("undo").click();
  await expect(flow).toContainText("tcp/443");

  // A flow onto a container is refused.
  await designer.connect(fn, designer.nodes("vpc"));
  await expect(designer.flows()).toHaveCount(1);

  // Deleting the flow removes the arrow.
  await flow.locator(".flow-label").click();
  await page.keyboard.press("Delete");
  await expect(designer.flows()).toHaveCount(0);
});
