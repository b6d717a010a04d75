// The keyboard shortcuts sheet opens from the "?" button or the "?" key and
// closes with Escape; the key does nothing while typing in a field.
import { expect, test } from "@playwright/test";
import { Designer } from "../pages/designer";

test("the shortcuts sheet lists the shortcuts and opens from the button and the ? key", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();
  const sheet = page.getByTestId("shortcuts-dialog");
  await expect(sheet).toHaveCount(0);

  await page.getByTestId("shortcuts-button").click();
  await expect(sheet).toBeVisible();
  await expect(sheet.locator("h3")).toHaveText(["Edit", "Arrange", "View"]);
  await expect(sheet.locator("dd", { hasText: "Fit the design to the screen" })).toHaveCount(1);
  await page.screenshot({ path: "screenshots/shortcuts.png" });
  await page.keyboard.press("Escape");
  await expect(sheet).toHaveCount(0);

  await page.keyboard.press("?");
  await expect(sheet).toBeVisible();
  await page.keyboard.press("?");
  await expect(sheet).toHaveCount(0);

  // Typing "?" into the design's name is text, not a shortcut.
  await page.getByTestId("design-name").click();
  await page.keyboard.press("End");
  await page.keyboard.press("?");
  await expect(sheet).toHaveCount(0);
  await expect(page.getByTestId("design-name")).toHaveValue(/\?$/);
});
