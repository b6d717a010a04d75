// The top bar fits every window from 1280 px wide: at 1280 and 1440 px
// every control of a stored design's top bar (a member's, with Share,
// Save and Sign out) is inside the viewport, none overlaps another, and
// the controls moved into the "More" menu open from it, inside the
// viewport too.
import { expect, test, type Page } from "@playwright/test";
import { joinRoom, storeShared } from "../pages/room";

const DESIGN = {
  schema_version: 2,
  name: "a design with a rather long name to fill the top bar",
  resources: [{ id: "vpc-1", name: "main", type: "vpc", cidr_blocks: ["10.0.0.0/16"] }],
  layout: { positions: { "vpc-1": { x: 40, y: 40, w: 300, h: 220 } } },
};

type Box = { id: string; x: number; y: number; width: number; height: number };

/** The visible controls directly in the top bar (not inside an open menu). */
async function controls(page: Page): Promise<Box[]> {
  return page.evaluate(() => {
    const bar = document.querySelector("header.topbar")!;
    const selector = "button, summary, input, a, .save-status";
    return [...bar.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => !el.closest(".menu-body, .topbar-more-items, .peer-chips"))
      .filter((el) => el.tagName !== "BUTTON" || !el.closest("summary"))
      .map((el) => {
        const r = el.getBoundingClientRect();
        const id = el.dataset.testid ?? el.className ?? el.tagName;
        return { id, x: r.x, y: r.y, width: r.width, height: r.height };
      })
      .filter((b) => b.width > 0 && b.height > 0);
  });
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
}

for (const width of [1280, 1440]) {
  test(`every top-bar control fits at ${width} px`, async ({ page, request }) => {
    await page.setViewportSize({ width, height: 800 });
    const id = await storeShared(request, DESIGN, []);
    await joinRoom(page, id);
    // The members' controls are there (a stored design, signed in).
    for (const testid of ["share", "save", "sign-out", "comments-toggle", "history-toggle", "review-toggle", "cost-toggle", "undo", "redo", "save-status", "fit", "save-message-menu"]) {
      await expect(page.getByTestId(testid), testid).toBeVisible();
    }
    const boxes = await controls(page);
    expect(boxes.length).toBeGreaterThan(12);
    for (const box of boxes) {
      expect(box.x, `${box.id} starts inside the window`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${box.id} ends inside the window`).toBeLessThanOrEqual(width);
      expect(box.y + box.height, `${box.id} is inside the bar`).toBeLessThanOrEqual(60);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        expect(overlaps(boxes[i], boxes[j]), `${boxes[i].id} overlaps ${boxes[j].id}`).toBe(false);
      }
    }
    // Comments and History keep their labels from 1440 px.
    if (width >= 1440) {
      await expect(page.getByTestId("comments-toggle")).toContainText("Comments");
      await expect(page.getByTestId("history-toggle")).toContainText("History");
    }
    // The "More" menu opens inside the window with the secondary controls.
    const more = page.getByTestId("topbar-more");
    await expect(more).toBeVisible();
    await more.click();
    for (const testid of ["new-from-template", "import-menu", "layers-menu", "export-cfn", "download-menu", "theme"]) {
      const control = page.getByTestId(testid);
      await expect(control, testid).toBeVisible();
      const box = (await control.boundingBox())!;
      expect(box.x, testid).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, testid).toBeLessThanOrEqual(width);
    }
    await page.screenshot({ path: `screenshots/topbar-${width}-more.png`, clip: { x: 0, y: 0, width, height: 380 } });
    await more.click();
    await expect(page.getByTestId("export-cfn")).toBeHidden();
    await page.screenshot({ path: `screenshots/topbar-${width}.png`, clip: { x: 0, y: 0, width, height: 56 } });
  });
}
