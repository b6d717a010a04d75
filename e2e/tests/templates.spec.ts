// Starter templates: each reference architecture A-D opens from the
// "New from template" dialog with zero errors, laid out without overlapping
// icons, and is autosaved as a new design. Screenshots in light and dark.
import { expect, test } from "@playwright/test";
import { Designer } from "../pages/designer";

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

    // No two icons overlap.
    const boxes = await designer.canvas.locator("g.node.icon-node .hit").evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect()).map((b) => [b.x, b.y, b.width, b.height]),
    );
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        // Screen rectangles, so half a pixel of rounding is not an overlap.
        const e = 0.5;
        const overlap = a[0] < b[0] + b[2] - e && b[0] < a[0] + a[2] - e && a[1] < b[1] + b[3] - e && b[1] < a[1] + a[3] - e;
        expect(overlap, `icons ${i} and ${j} overlap`).toBe(false);
      }

    await designer.waitSaved();
    await expect(page).toHaveURL(/\/d\/[0-9a-f]+$/);
    await designer.setTheme(false);
    await page.screenshot({ path: `screenshots/template-${key}-light.png` });
    await designer.setTheme(true);
    await page.screenshot({ path: `screenshots/template-${key}-dark.png` });
    await designer.setTheme(false);
  });
}
