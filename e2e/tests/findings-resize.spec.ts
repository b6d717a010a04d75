// The findings panel's height: dragging its top edge resizes it between a
// minimum and what leaves the canvas room, the arrow keys step it, a double
// click restores the default, and the height is remembered across visits.
import { expect, test, type Page } from "@playwright/test";
import { Designer } from "../pages/designer";

/** Drags the splitter vertically by `dy` pixels. */
async function dragSplitter(page: Page, dy: number) {
  const box = (await page.getByTestId("splitter-findings").boundingBox())!;
  const x = box.x + box.width / 3;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y + dy, { steps: 8 });
  await page.mouse.up();
}

async function height(designer: Designer): Promise<number> {
  return Math.round((await designer.findings.boundingBox())!.height);
}

test("the findings panel is resized from its top edge and keeps its height", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();
  const canvasBefore = (await designer.canvas.boundingBox())!.height;
  expect(await height(designer)).toBe(200);

  // Dragged up 150 pixels: the panel grows and the canvas shrinks by as much.
  await dragSplitter(page, -150);
  expect(await height(designer)).toBe(350);
  expect(Math.round((await designer.canvas.boundingBox())!.height)).toBe(Math.round(canvasBefore - 150));
  await expect(page.getByTestId("splitter-findings")).toHaveAttribute("aria-valuenow", "350");

  // Remembered on the next visit.
  await page.reload();
  await expect(designer.canvas).toBeVisible();
  expect(await height(designer)).toBe(350);

  // Never smaller than its header and a finding...
  await dragSplitter(page, 1000);
  expect(await height(designer)).toBe(72);
  // ...and never so high that the canvas disappears: it keeps 120 pixels.
  await dragSplitter(page, -2000);
  const workspace = (await page.locator(".workspace").boundingBox())!;
  expect(await height(designer)).toBe(Math.round(workspace.height - 120));

  // A double click restores the default; the arrow keys step by 16.
  await page.getByTestId("splitter-findings").dblclick();
  expect(await height(designer)).toBe(200);
  await page.getByTestId("splitter-findings").focus();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowDown");
  expect(await height(designer)).toBe(216);
  await page.reload();
  await expect(designer.canvas).toBeVisible();
  expect(await height(designer)).toBe(216);
});
