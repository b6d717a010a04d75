// The designs list: a saved design is listed, opens, is renamed and deleted.
import { expect, test } from "@playwright/test";
import { Designer } from "../pages/designer";
import { DesignsList } from "../pages/designs";

test("list, open, rename and delete designs", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();
  await designer.openTemplate("C");
  await designer.waitSaved();
  const id = designer.designId();

  const list = new DesignsList(page);
  await list.open();
  await expect(list.row(id)).toBeVisible();
  await page.screenshot({ path: "screenshots/designs-list.png" });
  await list.rename(id, "Renamed design");
  await expect(list.row(id)).toContainText("Renamed design");

  await list.row(id).getByTestId("open-design").click();
  await expect(page).toHaveURL(new RegExp(`/d/${id}$`));
  await expect(page.getByTestId("design-name")).toHaveValue("Renamed design");

  await list.open();
  await list.remove(id);
  await expect(list.row(id)).toHaveCount(0);
});
