// Autosave: every change is saved shortly after it is made, the top bar
// says whether everything is saved, and nothing typed is lost on reload,
// even when the page is reloaded before the save completes.
import { expect, test } from "@playwright/test";
import { Designer, SAVED } from "../pages/designer";

test("autosave survives reload", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();
  await designer.dragFromPalette("vpc", 120, 90);
  await expect(designer.saveStatus).toHaveText(/Unsaved|Saving/);
  await designer.waitSaved();
  await expect(page).toHaveURL(/\/d\/[0-9a-f]+$/);

  await designer.select(designer.nodes("vpc"));
  await designer.prop("name").fill("prod-network");
  await designer.waitSaved();
  await page.reload();
  await expect(designer.nodes("vpc")).toHaveAttribute("data-name", "prod-network");
  await expect(designer.saveStatus).toHaveText(SAVED);

  // Typed and reloaded at once: the draft kept in the browser is restored.
  await designer.select(designer.nodes("vpc"));
  await designer.prop("name").fill("typed-just-before-reload");
  await page.reload();
  await expect(designer.nodes("vpc")).toHaveAttribute("data-name", "typed-just-before-reload");
  await designer.waitSaved();
  await page.reload();
  await expect(designer.nodes("vpc")).toHaveAttribute("data-name", "typed-just-before-reload");
});
