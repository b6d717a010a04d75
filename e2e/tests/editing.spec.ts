// Editing: moving a container moves what is inside it, undo and redo of
// moves and deletes, rubber-band multi-select, copy and paste, duplicate,
// resize, fit to screen and palette search.
import { expect, test } from "@playwright/test";
import { Designer } from "../pages/designer";

test("move with children, undo and redo", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();
  await designer.dragFromPalette("vpc", 120, 90);
  await designer.dropInto("subnet", designer.nodes("availability_zone").first(), -60);
  await designer.dropInto("lambda_function", designer.nodes("subnet").first(), 8);
  const fn = designer.nodes("lambda_function").locator(".hit");
  const before = (await fn.boundingBox())!;

  await designer.dragNode(designer.nodes("vpc"), 80, 40);
  const after = (await fn.boundingBox())!;
  expect(Math.round(after.x - before.x)).toBe(80);
  expect(Math.round(after.y - before.y)).toBe(40);

  await designer.undo();
  const undone = (await fn.boundingBox())!;
  expect(Math.round(undone.x - before.x)).toBe(0);
  await designer.redo();
  expect(Math.round((await fn.boundingBox())!.x - before.x)).toBe(80);

  // Delete the subnet (its function goes with it), then undo.
  await designer.select(designer.nodes("subnet"));
  await page.keyboard.press("Delete");
  await expect(designer.nodes("lambda_function")).toHaveCount(0);
  await designer.undo();
  await expect(designer.nodes("lambda_function")).toHaveCount(1);

  // A selected container resizes from its corner, never smaller than its content.
  await designer.select(designer.nodes("vpc"));
  const vpc = designer.nodes("vpc").locator(".box");
  const box = (await vpc.boundingBox())!;
  const handle = (await page.getByTestId(`resize-${await designer.idOf(designer.nodes("vpc"))}`).boundingBox())!;
  await page.mouse.move(handle.x + 6, handle.y + 6);
  await page.mouse.down();
  await page.mouse.move(handle.x + 126, handle.y + 46, { steps: 6 });
  await page.mouse.up();
  const grown = (await vpc.boundingBox())!;
  expect(grown.width).toBeGreaterThan(box.width + 100);
  await designer.undo();
  expect(Math.round((await vpc.boundingBox())!.width)).toBe(Math.round(box.width));
});

test("rubber band, copy and paste, duplicate, palette search", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();
  const canvas = (await designer.canvas.boundingBox())!;
  await designer.dragFromPalette("sqs_queue", 100, 100);
  await designer.dragFromPalette("s3_bucket", 260, 100);
  await expect(designer.nodes("s3_bucket")).toHaveCount(1);

  // A band around both selects both.
  await page.mouse.move(canvas.x + 20, canvas.y + 20);
  await page.mouse.down();
  await page.mouse.move(canvas.x + 400, canvas.y + 220, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId("inspector")).toContainText("2 resources selected");

  await page.keyboard.press("Control+c");
  await page.keyboard.press("Control+v");
  await expect(designer.nodes("sqs_queue")).toHaveCount(2);
  await expect(designer.nodes("s3_bucket")).toHaveCount(2);
  await designer.undo();
  await expect(designer.nodes("sqs_queue")).toHaveCount(1);

  await designer.select(designer.nodes("sqs_queue"));
  await page.keyboard.press("Control+d");
  await expect(designer.nodes("sqs_queue")).toHaveCount(2);

  await page.getByTestId("fit").click();
  await page.getByTestId("palette-search").fill("queue");
  await expect(page.getByTestId("palette-sqs_queue")).toBeVisible();
  await expect(page.getByTestId("palette-vpc")).toHaveCount(0);
});
