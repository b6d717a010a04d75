// The top bar's secondary controls (templates, import, layers, export,
// downloads, theme) stand in the bar from 1600 px and sit in its "More"
// menu below that: `reveal` opens the menu when the control is in it.
import type { Locator, Page } from "@playwright/test";

export async function reveal(page: Page, testid: string): Promise<Locator> {
  const control = page.getByTestId(testid);
  const more = page.getByTestId("topbar-more");
  await more.or(control).first().waitFor({ state: "attached" });
  if (!(await control.isVisible()) && (await more.isVisible())) {
    if ((await more.getAttribute("aria-expanded")) !== "true") await more.click();
  }
  return control;
}
