// Align and distribute, as in draw.io and Figma: three functions selected
// with shift-click line up from the selection toolbar or the Alt shortcuts,
// on the grid, and one undo puts them back.
import { expect, test } from "@playwright/test";
import { Designer } from "../pages/designer";

type Rect = { x: number; y: number; w: number; h: number };

const start: Record<string, Rect> = {
  "fn-a": { x: 96, y: 40, w: 112, h: 84 },
  "fn-b": { x: 320, y: 200, w: 112, h: 84 },
  "fn-c": { x: 640, y: 104, w: 112, h: 84 },
};

/** Three functions outside every VPC, apart from each other. */
function design() {
  const fn = (id: string) => ({ id, name: id, type: "lambda_function", runtime: "python3.12", handler: "app.handler" });
  return {
    schema_version: 2,
    name: "align",
    region: "us-east-1",
    resources: [fn("fn-a"), fn("fn-b"), fn("fn-c")],
    flows: [],
    layout: { positions: start },
  };
}

/** Adds a node to the selection with a shift-click. */
async function shiftClick(designer: Designer, id: string) {
  await designer.page.keyboard.down("Shift");
  await designer.select(designer.node(id));
  await designer.page.keyboard.up("Shift");
}

/** Where each function is drawn in the stored design. */
async function positions(designer: Designer, request: any): Promise<Record<string, Rect>> {
  const stored = await designer.stored(request);
  const out: Record<string, Rect> = {};
  for (const id of Object.keys(start)) out[id] = stored.layout.positions[id];
  return out;
}

test("three functions aligned from the toolbar and distributed by shortcut, undone in one step", async ({
  page,
  request,
}) => {
  const designer = new Designer(page);
  await designer.openStored(request, design());
  const bar = page.getByTestId("align-bar");

  // One function selected: no toolbar.
  await designer.select(designer.node("fn-a"));
  await expect(bar).toHaveCount(0);
  // Two: aligning is offered, distributing needs a third.
  await shiftClick(designer, "fn-b");
  await expect(bar).toBeVisible();
  await expect(page.getByTestId("align-top")).toBeEnabled();
  await expect(page.getByTestId("align-distribute-horizontally")).toBeDisabled();
  await shiftClick(designer, "fn-c");
  await expect(page.getByTestId("inspector")).toContainText("3 resources selected");
  await expect(page.getByTestId("align-distribute-horizontally")).toBeEnabled();

  // Tooltips name the shortcuts.
  await expect(page.getByTestId("align-top")).toHaveAttribute("title", "Align top (Alt+W)");
  await expect(page.getByTestId("align-distribute-horizontally")).toHaveAttribute(
    "title",
    "Distribute horizontally (Alt+Shift+H)",
  );

  // The toolbar as a user sees it, in both themes.
  await page.mouse.move(5, 5);
  await designer.setTheme(false);
  await bar.screenshot({ path: "screenshots/align-toolbar.png" });
  await designer.setTheme(true);
  await bar.screenshot({ path: "screenshots/align-toolbar-dark.png" });
  await designer.setTheme(false);

  // Align top: every top edge on the highest one, x unchanged.
  await page.getByTestId("align-top").click();
  expect(await positions(designer, request)).toEqual({
    "fn-a": { x: 96, y: 40, w: 112, h: 84 },
    "fn-b": { x: 320, y: 40, w: 112, h: 84 },
    "fn-c": { x: 640, y: 40, w: 112, h: 84 },
  });
  // The canvas draws them on one line.
  const tops = await Promise.all(
    Object.keys(start).map(async (id) => Math.round((await designer.shapeOf(designer.node(id))).y)),
  );
  expect(new Set(tops).size).toBe(1);

  // One undo step puts all three back.
  await designer.undo();
  expect(await positions(designer, request)).toEqual(start);

  // Alt+Shift+H spreads them with equal gaps between the outer two
  // (96..752 holds three 112-wide icons with gaps of 160).
  await page.keyboard.press("Alt+Shift+H");
  expect(await positions(designer, request)).toEqual({
    "fn-a": { x: 96, y: 40, w: 112, h: 84 },
    "fn-b": { x: 368, y: 200, w: 112, h: 84 },
    "fn-c": { x: 640, y: 104, w: 112, h: 84 },
  });

  // Alt+S lines up the bottom edges on the lowest one.
  await page.keyboard.press("Alt+S");
  expect(await positions(designer, request)).toEqual({
    "fn-a": { x: 96, y: 200, w: 112, h: 84 },
    "fn-b": { x: 368, y: 200, w: 112, h: 84 },
    "fn-c": { x: 640, y: 200, w: 112, h: 84 },
  });
  await designer.undo();
  await designer.undo();
  expect(await positions(designer, request)).toEqual(start);
});
