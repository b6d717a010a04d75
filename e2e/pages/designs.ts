// Page object of the designs list: open, rename and delete stored designs.
import { expect, type Locator, type Page } from "@playwright/test";

export class DesignsList {
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("design-row");
  }

  async open() {
    await this.page.goto("/designs");
    await expect(this.page.getByTestId("designs-page")).toBeVisible();
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="design-row"][data-id="${id}"]`);
  }

  async rename(id: string, name: string) {
    await this.row(id).getByTestId("rename").click();
    const input = this.row(id).getByTestId("rename-input");
    await input.fill(name);
    await input.press("Enter");
  }

  async remove(id: string) {
    this.page.once("dialog", (d) => d.accept());
    await this.row(id).getByTestId("delete-design").click();
  }
}
