// The app runs whole under the server's strict Content-Security-Policy:
// opening a template, dragging, exporting, downloading a PNG and importing
// a template report no violation; a page of another origin cannot write.
import { expect, test } from "@playwright/test";
import { CloudFormation } from "../pages/cloudformation";
import { Designer } from "../pages/designer";
import { reveal } from "../pages/topbar";

test("the app works under its Content-Security-Policy with no violation", async ({ page }) => {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as any).__violations = [...((window as any).__violations ?? []), `${e.violatedDirective} ${e.blockedURI}`];
    });
  });
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  const designer = new Designer(page);
  const loaded = page.waitForResponse((r) => new URL(r.url()).pathname === "/");
  await designer.open();
  const csp = (await loaded).headers()["content-security-policy"];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");

  await designer.openTemplate("A");
  await expect(designer.nodes("vpc")).toHaveCount(1);
  await designer.dragNode(designer.nodes("vpc"), 20, 10);
  await (await reveal(page, "download-menu")).click();
  const [png] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-png").click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);

  const cfn = new CloudFormation(page);
  await cfn.openExport();
  const yaml = await cfn.download("yaml");
  await cfn.closeExport();
  await cfn.importText(yaml.text);
  await cfn.done();
  await expect(designer.nodes("vpc")).toHaveCount(1);

  const recorded: string[] = await page.evaluate(() => (window as any).__violations ?? []);
  expect([...violations, ...recorded]).toEqual([]);
});

test("a write from another origin is refused", async ({ request, baseURL }) => {
  const design = { schema_version: 3, name: "cross-site", region: "us-east-1", resources: [], flows: [] };
  const own = await request.post("/api/validate", { data: design, headers: { Origin: baseURL! } });
  expect(own.status()).toBe(200);
  const cross = await request.post("/api/designs", { data: design, headers: { Origin: "https://attacker.example" } });
  expect(cross.status()).toBe(403);
  expect((await cross.json()).error.code).toBe("forbidden");
  const form = await request.post("/api/designs", {
    data: JSON.stringify(design),
    headers: { "Content-Type": "text/plain" },
  });
  expect(form.status()).toBe(415);
});
