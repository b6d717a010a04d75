// The findings panel groups findings by severity: one collapsible section
// each for errors, warnings and info, with counts, empty sections hidden.
// Clicking a finding selects and outlines the resources it names, and the
// canvas marks resources by their worst finding.
import { expect, test } from "@playwright/test";
import { oneErrorOneWarning } from "../fixtures/designs";
import { Designer } from "../pages/designer";

test("findings grouped by severity, focused from the panel and marked on the canvas", async ({ page, request }) => {
  const designer = new Designer(page);
  await designer.openStored(request, oneErrorOneWarning());
  const panel = designer.findings;

  // One error and one warning: two sections with their counts, no info section.
  await expect(designer.section("error")).toBeVisible();
  await expect(designer.sectionToggle("error")).toHaveText(/^\s*Errors\s*1\s*$/);
  await expect(designer.sectionToggle("warning")).toHaveText(/^\s*Warnings\s*1\s*$/);
  await expect(designer.section("info")).toHaveCount(0);
  await expect(designer.section("error").getByTestId("finding")).toHaveCount(1);
  await expect(designer.section("error").getByTestId("finding")).toHaveAttribute("data-rule", "E1003");
  await expect(designer.section("warning").getByTestId("finding")).toHaveAttribute("data-rule", "W5002");
  await expect(panel.getByTestId("count-error")).toHaveText("1 error");
  await expect(panel.getByTestId("count-warning")).toHaveText("1 warning");
  // Errors come before warnings.
  const sections = panel.locator('[data-testid^="findings-"]');
  await expect(sections).toHaveCount(2);
  expect(await sections.evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")))).toEqual([
    "findings-error",
    "findings-warning",
  ]);

  // Each finding keeps its rule ID, message, fix text and quick fix.
  const error = designer.finding("E1003");
  await expect(error.locator(".rule")).toHaveText("E1003");
  await expect(error.locator(".message")).toContainText(
    '192.168.0.0/24 (subnet "stray") is outside 10.0.0.0/16 (VPC "main")',
  );
  await expect(error.locator(".fix")).toContainText(
    "Change the subnet's CIDR to the next free block of its size in the VPC.",
  );
  await expect(error.getByTestId("quick-fix")).toHaveText('Move subnet "stray" to 10.0.0.0/24');

  // The canvas marks resources by their worst finding; the others carry no marker.
  const stray = designer.node("subnet-stray");
  const worker = designer.node("fn-worker");
  await expect(stray).toHaveAttribute("data-severity", "error");
  await expect(stray.getByTestId("error-marker")).toHaveClass(/\berror\b/);
  await expect(designer.node("vpc-main")).toHaveAttribute("data-severity", "error");
  await expect(worker).toHaveAttribute("data-severity", "warning");
  await expect(worker.getByTestId("error-marker")).toHaveClass(/\bwarning\b/);
  for (const clean of ["subnet-private-a", "az-a", "sg-worker"]) {
    await expect(designer.node(clean)).toHaveAttribute("data-severity", "");
    await expect(designer.node(clean).getByTestId("error-marker")).toHaveCount(0);
  }

  // Clicking the error selects its first resource and outlines all it names.
  await error.click();
  await expect(error).toHaveClass(/\bselected\b/);
  await expect(stray).toHaveClass(/\bselected\b/);
  await expect(stray).toHaveClass(/\bhighlighted\b/);
  await expect(designer.node("vpc-main")).toHaveClass(/\bhighlighted\b/);
  await expect(designer.node("vpc-main")).not.toHaveClass(/\bselected\b/);
  await expect(worker).not.toHaveClass(/\bhighlighted\b/);
  await expect(page.getByTestId("inspector")).toContainText("stray");

  // Then the warning: the outline moves to the function.
  await designer.finding("W5002").click();
  await expect(worker).toHaveClass(/\bselected\b/);
  await expect(worker).toHaveClass(/\bhighlighted\b/);
  await expect(stray).not.toHaveClass(/\bhighlighted\b/);
  await expect(error).not.toHaveClass(/\bselected\b/);

  // A section folds away and back.
  const toggle = designer.sectionToggle("warning");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(designer.finding("W5002")).toBeHidden();
  await expect(designer.finding("E1003")).toBeVisible();
  await toggle.click();
  await expect(designer.finding("W5002")).toBeVisible();

  // An interface endpoint without a policy adds an info section, last.
  await designer.dragPaletteItem("vpc_endpoint", await designer.pointIn(designer.node("subnet-private-a"), 0.7, 0.6));
  await page.mouse.up();
  await expect(designer.sectionToggle("info")).toHaveText(/^\s*Info\s*1\s*$/);
  await expect(designer.section("info").getByTestId("finding")).toHaveAttribute("data-rule", "I4006");
  expect(await sections.evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")))).toEqual([
    "findings-error",
    "findings-warning",
    "findings-info",
  ]);
  // The panel as a user sees it with the error focused, in both themes.
  await designer.finding("E1003").click();
  await page.mouse.move(5, 5);
  await designer.setTheme(false);
  await panel.screenshot({ path: "screenshots/findings-panel.png" });
  await designer.setTheme(true);
  await panel.screenshot({ path: "screenshots/findings-panel-dark.png" });
  await designer.setTheme(false);

  // The quick fix moves the subnet into the VPC: the error section goes away.
  await designer.finding("E1003").getByTestId("quick-fix").click();
  await expect(designer.section("error")).toHaveCount(0);
  await expect(stray).toHaveAttribute("data-severity", "");
  await expect(designer.section("warning")).toBeVisible();
  await expect(panel.getByTestId("count-error")).toHaveText("0 errors");
});
