// Downloads: the current design as an SVG and as a PNG image.
import { expect, test } from "@playwright/test";
import { copyFileSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Designer } from "../pages/designer";
import { reveal } from "../pages/topbar";

test("download the view as SVG and PNG", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();
  await designer.openTemplate("B");
  await expect(designer.nodes("vpc")).toHaveCount(1);

  await (await reveal(page, "download-menu")).click();
  const [svg] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-svg").click()]);
  expect(svg.suggestedFilename()).toMatch(/\.svg$/);
  const svgPath = await svg.path()!;
  const text = readFileSync(svgPath, "utf8");
  expect(text).toContain("<svg");
  expect(text).toContain("viewBox");
  expect(text).not.toContain('class="canvas-bg"');
  expect(text).toContain("queue");
  // The stylesheet the page loaded is embedded, rule by rule.
  expect(text).toContain(".node .title { font-size: 13px; font-weight: 600; fill: var(--text); }");
  // Each icon is defined once, as a symbol, and used where the canvas
  // draws it as an image.
  expect(text).not.toContain("data:image/svg+xml");
  const symbols = text.match(/<symbol id="aws-icon-[a-z0-9-]+"/g) ?? [];
  const uses = text.match(/<use [^>]*href="#aws-icon-[a-z0-9-]+"/g) ?? [];
  expect(symbols.length).toBeGreaterThan(3);
  expect(new Set(symbols).size).toBe(symbols.length);
  expect(uses.length).toBeGreaterThan(symbols.length);
  // The file on its own, as an image viewer would show it.
  const named = test.info().outputPath("export.svg");
  copyFileSync(svgPath, named);
  const file = await page.context().newPage();
  await file.goto(pathToFileURL(named).href);
  await file.screenshot({ path: "screenshots/download-svg.png" });
  await file.close();

  // The SVG item leaves the Download menu open; in a narrow window the
  // "More" menu around it closed.
  const pngItem = await reveal(page, "download-png");
  const [png] = await Promise.all([page.waitForEvent("download"), pngItem.click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  const bytes = readFileSync(await png.path()!);
  expect(bytes.subarray(1, 4).toString()).toBe("PNG");
  expect(bytes.length).toBeGreaterThan(5000);
});
