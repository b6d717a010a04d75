// What the first canvas does not need lives in wasm modules of their own:
// the editor's panels (the inspector, dialogs and side panels), fetched once
// the design is drawn, the checks (rules, reachability, cost), fetched as
// the editor starts, and the co-editing room's messages, fetched before the
// room is joined. The canvas waits for none of them, and a module that
// cannot be fetched leaves the app running: the panel says so, and the next
// opening (or edit, or attempt to join) fetches it again.
import { expect, test } from "@playwright/test";
import { ORIGIN } from "../accounts";
import { oneErrorOneWarning } from "../fixtures/designs";
import { Designer } from "../pages/designer";

const PANELS = /\/split_panels-[0-9a-f]{16}\.wasm$/;
const CHECKS = /\/split_checks-[0-9a-f]{16}\.wasm$/;
const COLLAB = /\/split_collab-[0-9a-f]{16}\.wasm$/;

test("the canvas draws without the panels' module, and a failed fetch is reported and retried", async ({
  page,
  request,
}) => {
  const asked: string[] = [];
  await page.route(PANELS, (route) => {
    asked.push(route.request().url());
    return route.abort("connectionfailed");
  });
  const designer = new Designer(page);
  await designer.openStored(request, oneErrorOneWarning());
  // The design is drawn and checked with the module out of reach...
  await expect(designer.node("subnet-stray")).toHaveAttribute("data-severity", "error");
  // ...which the editor asked for once the design was drawn.
  await expect.poll(() => asked.length).toBeGreaterThan(0);

  // Selecting a resource needs the inspector, which is in the module.
  await designer.select(designer.node("fn-worker"));
  const inspector = page.getByTestId("inspector");
  await expect(inspector.getByTestId("lazy-error")).toContainText("could not be loaded");
  await expect(inspector.getByTestId("make-existing")).toHaveCount(0);

  // With the network back, the next selection fetches it and shows the resource.
  await page.unroute(PANELS);
  await designer.select(designer.node("vpc-main"));
  await expect(inspector.getByTestId("lazy-error")).toHaveCount(0);
  await expect(inspector.getByTestId("make-existing")).toBeVisible();

  // The side panels come from the same module, now loaded.
  await page.getByTestId("cost-toggle").click();
  await expect(page.getByTestId("cost-panel")).toBeVisible();
});

test("the canvas draws without the checks' module, and the next edit fetches it again", async ({ page, request }) => {
  await page.route(CHECKS, (route) => route.abort("connectionfailed"));
  const designer = new Designer(page);
  await designer.openStored(request, oneErrorOneWarning());
  await expect(designer.node("subnet-stray")).toBeVisible();
  // No verdict is claimed without the checks: no markers, no "no problems", no total.
  await expect(page.getByTestId("checks-failed")).toContainText("could not be loaded");
  await expect(designer.findings).not.toContainText("No problems found");
  await expect(designer.node("subnet-stray")).toHaveAttribute("data-severity", "");
  await expect(page.getByTestId("cost-button-total")).toHaveText("$…");
  // Nothing fetches it again until the next edit.
  let again = 0;
  await page.route(CHECKS, (route) => {
    again++;
    return route.continue();
  });
  await page.waitForTimeout(500);
  expect(again, "no fetch without an edit").toBe(0);

  // With the network back, an edit fetches the module and the design is checked.
  await page.unroute(CHECKS);
  await expect(designer.node("fn-worker")).toBeVisible();
  await designer.select(designer.node("fn-worker"));
  await page.keyboard.press("Delete");
  await expect(designer.node("fn-worker")).toHaveCount(0);
  await expect(page.getByTestId("checks-failed")).toHaveCount(0);
  await expect(designer.node("subnet-stray")).toHaveAttribute("data-severity", "error");
  await expect(designer.finding("E1003")).toBeVisible();
  await expect(page.getByTestId("cost-button-total")).toHaveText(/^\$\d/);
});

test("without the room's module a design is edited and saved over REST, and the room is joined once it loads", async ({
  page,
  request,
}) => {
  let asked = 0;
  await page.route(COLLAB, (route) => {
    asked++;
    return route.abort("connectionfailed");
  });
  const designer = new Designer(page);
  const id = await designer.openStored(request, oneErrorOneWarning());
  await expect.poll(() => asked).toBeGreaterThan(0);
  await expect(designer.saveStatus).not.toHaveText("Live");

  // The room is out of reach: the edit is saved through the REST API.
  await designer.select(designer.node("fn-worker"));
  await page.keyboard.press("Delete");
  await expect(designer.node("fn-worker")).toHaveCount(0);
  await expect(designer.saveStatus).toHaveText("Saved", { timeout: 15_000 });
  const stored = await (await request.get(`/api/designs/${id}`)).json();
  const ids = stored.design.resources.map((r: { id: string }) => r.id);
  expect(ids).toContain("vpc-main");
  expect(ids).not.toContain("fn-worker");

  // With the network back, a retry fetches the module and joins the room.
  await page.unroute(COLLAB);
  await expect(designer.saveStatus).toHaveText("Live", { timeout: 20_000 });
});

test("comments are read by the panels' module: without it no markers, and opening the panel reads them", async ({
  page,
  request,
}) => {
  await page.route(PANELS, (route) => route.abort("connectionfailed"));
  const designer = new Designer(page);
  const created = await request.post("/api/designs", { data: oneErrorOneWarning(), headers: { Origin: ORIGIN } });
  const { id } = await created.json();
  const posted = await request.post(`/api/designs/${id}/comments`, {
    data: { body: "Why is this subnet alone?", anchor: { resource: "subnet-stray" } },
    headers: { Origin: ORIGIN },
  });
  expect(posted.status(), await posted.text()).toBe(201);
  await designer.open(`/d/${id}`);
  await expect(designer.node("subnet-stray")).toBeVisible();
  await expect(designer.saveStatus).toHaveText("Live");
  const markers = designer.canvas.getByTestId("comment-marker");
  await expect(markers).toHaveCount(0);

  // With the network back, opening the panel reads the threads.
  await page.unroute(PANELS);
  await page.getByTestId("comments-toggle").click();
  await expect(page.getByTestId("comments-panel").getByTestId("comment-body")).toHaveText("Why is this subnet alone?");
  await expect(markers).toHaveCount(1);
});
