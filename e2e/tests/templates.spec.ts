// Starter templates: each reference architecture A-D opens from the
// "New from template" dialog with zero errors, fits the canvas at a readable
// zoom, is drawn cleanly (no overlapping icons or texts, no flow through an
// icon or a name it does not connect) and is autosaved as a new design.
// Screenshots in light and dark.
import { expect, test } from "@playwright/test";
import { Designer } from "../pages/designer";
import { drawing, problems } from "../pages/drawing";

for (const key of ["A", "B", "C", "D"]) {
  test(`template ${key} opens with zero errors`, async ({ page }) => {
    const designer = new Designer(page);
    await designer.open();
    await designer.openTemplate(key);
    await expect(designer.nodes("vpc").first()).toBeVisible();
    await expect(page.getByTestId("count-error")).toHaveText("0 errors");
    await expect(designer.canvas.locator('[data-testid="error-marker"].error')).toHaveCount(0);
    // Every flow of the reference architecture is permitted.
    const flows = designer.flows();
    expect(await flows.count()).toBeGreaterThan(0);
    await expect(designer.canvas.locator('g[data-verdict="blocked"]')).toHaveCount(0);

    await designer.waitSaved();
    await expect(page).toHaveURL(/\/d\/[0-9a-f]+$/);

    // The whole template fits the canvas, centred, at a zoom where names
    // are readable.
    const zoom = parseInt((await page.getByTestId("fit").textContent()) ?? "0", 10);
    expect(zoom, "zoom after fitting, in percent").toBeGreaterThanOrEqual(80);
    const view = (await designer.canvas.boundingBox())!;
    const extent = await designer.canvas.locator("g.viewport > g.node").evaluateAll((els) => {
      const boxes = els.map((e) => e.getBoundingClientRect());
      const [left, top] = [Math.min(...boxes.map((b) => b.left)), Math.min(...boxes.map((b) => b.top))];
      const [right, bottom] = [Math.max(...boxes.map((b) => b.right)), Math.max(...boxes.map((b) => b.bottom))];
      return { x: (left + right) / 2, y: (top + bottom) / 2 };
    });
    expect(Math.abs(extent.x - (view.x + view.width / 2)), "centred across").toBeLessThan(4);
    expect(Math.abs(extent.y - (view.y + view.height / 2)), "centred up and down").toBeLessThan(4);
    // It is drawn cleanly.
    expect(problems(await drawing(page))).toEqual([]);

    // Nothing hovered in the screenshots.
    await page.mouse.move(4, 890);
    await designer.setTheme(false);
    await page.screenshot({ path: `screenshots/template-${key}-light.png` });
    await designer.setTheme(true);
    await page.screenshot({ path: `screenshots/template-${key}-dark.png` });
    await designer.setTheme(false);
  });
}
