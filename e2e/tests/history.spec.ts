// The design's history: three revisions saved by two people (one with a
// message) are listed newest first with their authors; an old one opens
// read-only (the banner, its content on the canvas, edits refused) while
// the live design waits; Back to latest shows the live design again; a
// restore (confirmed) saves the old revision as a new one, which the
// editor then shows and the list names.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ORIGIN } from "../accounts";
import { Designer } from "../pages/designer";
import { ensureAccount, joinRoom, signedInContext, storeShared, type Account } from "../pages/room";

const EDITOR: Account = { email: "history-editor@example.com", password: "e2e history editor password" };

/** Two VPCs, the first named `vpc`, the design `name`. */
function design(name: string, vpc: string) {
  return {
    schema_version: 2,
    name,
    resources: [
      { id: "vpc-1", name: vpc, type: "vpc", cidr_blocks: ["10.0.0.0/16"] },
      { id: "vpc-2", name: "analytics", type: "vpc", cidr_blocks: ["10.1.0.0/16"] },
    ],
    layout: {
      positions: {
        "vpc-1": { x: 40, y: 40, w: 300, h: 220 },
        "vpc-2": { x: 380, y: 40, w: 300, h: 220 },
      },
    },
  };
}

async function save(request: APIRequestContext, id: string, base: number, body: object, message?: string) {
  const saved = await request.put(`/api/designs/${id}`, {
    data: { base_revision: base, design: body, ...(message ? { message } : {}) },
    headers: { Origin: ORIGIN },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  return (await saved.json()).revision as number;
}

test.beforeEach(async ({ request }) => {
  await ensureAccount(request, EDITOR);
});

test("the history lists revisions, opens an old one read-only and restores it", async ({ page, request, browser }) => {
  // Revision 1 by the administrator, 2 by the editor with a message, 3 by the administrator.
  const id = await storeShared(request, design("first draft", "alpha"), [[EDITOR, "editor"]]);
  const editorContext = await signedInContext(browser, EDITOR);
  expect(await save(editorContext.request, id, 1, design("second draft", "beta"), "Renamed the VPC to beta")).toBe(2);
  await editorContext.close();
  expect(await save(request, id, 2, design("third draft", "gamma"))).toBe(3);
  const admin = (await (await request.get("/api/session")).json()).user.email as string;

  const d = await joinRoom(page, id);
  await expect(d.node("vpc-1")).toContainText("gamma");

  await page.getByTestId("history-toggle").click();
  const panel = page.getByTestId("history-panel");
  const rows = panel.getByTestId("revision");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveAttribute("data-revision", "3");
  await expect(rows.nth(1)).toHaveAttribute("data-revision", "2");
  await expect(rows.nth(2)).toHaveAttribute("data-revision", "1");
  await expect(rows.getByTestId("revision-author")).toHaveText([admin, EDITOR.email, admin]);
  await expect(rows.nth(1).getByTestId("revision-message")).toHaveText("Renamed the VPC to beta");
  await expect(rows.nth(0)).toContainText("Latest");
  await expect(rows.nth(0)).toContainText("just now");

  // Revision 1 opens read-only.
  await rows.nth(2).click();
  const banner = page.getByTestId("revision-banner");
  await expect(banner).toContainText("Viewing revision 1 of 3 — read-only");
  await expect(d.node("vpc-1")).toContainText("alpha");
  await expect(page.getByTestId("design-name")).toHaveValue("first draft");
  await expect(page.getByTestId("design-name")).toBeDisabled();
  await expect(rows.nth(2)).toHaveClass(/shown/);
  await expect(page.locator("aside.palette")).toHaveClass(/read-only/);
  await d.page.mouse.move(10, 10);
  await page.screenshot({ path: "screenshots/history.png" });
  await d.setTheme(true);
  await page.screenshot({ path: "screenshots/history-dark.png" });
  await d.setTheme(false);

  // Someone else's live edit does not change the revision on screen.
  const other = await signedInContext(browser, EDITOR);
  const editor = await joinRoom(await other.newPage(), id);
  await editor.page.getByTestId("design-name").fill("renamed live");
  // (A field being typed in keeps its text; leave it, so that the reset shows.)
  await editor.page.getByTestId("design-name").blur();
  await expect(editor.saveStatus).toHaveText("Live");
  await expect.poll(async () => (await (await request.get(`/api/designs/${id}`)).json()).design.name).toBe("renamed live");
  await expect(page.getByTestId("design-name")).toHaveValue("first draft");
  await expect(d.node("vpc-1")).toContainText("alpha");

  // Edits are refused: deleting the second VPC leaves it there.
  await d.select(d.node("vpc-2"));
  await page.keyboard.press("Delete");
  await expect(d.toast).toContainText("read-only");
  await expect(d.node("vpc-2")).toBeVisible();
  // Nothing reached the server.
  const latest = await (await request.get(`/api/designs/${id}`)).json();
  expect(latest.design.resources.map((r: any) => r.name)).toEqual(["gamma", "analytics"]);

  // Back to latest shows the live design with the other person's edit.
  await banner.getByTestId("back-to-latest").click();
  await expect(banner).toHaveCount(0);
  await expect(d.node("vpc-1")).toContainText("gamma");
  await expect(page.getByTestId("design-name")).toHaveValue("renamed live");
  await expect(page.getByTestId("design-name")).toBeEnabled();
  await expect(page.locator("aside.palette")).not.toHaveClass(/read-only/);

  // Restore revision 1, confirmed (the room has saved the live edit as revision 4 by now, or does so while the app retries).
  await rows.last().click();
  await expect(banner).toContainText(/Viewing revision 1 of [34]/);
  await banner.getByTestId("restore-revision").click();
  await expect(banner).toContainText("Restore revision 1 as the newest revision?");
  await banner.getByTestId("restore-confirm").click();
  // The app retries while the room has edits in no revision yet (up to 18 s
  // on a loaded machine).
  await expect(banner).toHaveCount(0, { timeout: 30_000 });
  await expect(d.node("vpc-1")).toContainText("alpha");
  await expect(page.getByTestId("design-name")).toHaveValue("first draft");
  // The other person's editor was reset to it too.
  await expect(editor.page.getByTestId("design-name")).toHaveValue("first draft");
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(0)).toHaveAttribute("data-revision", "5");
  await expect(rows.nth(0).getByTestId("revision-message")).toHaveText("Restored revision 1");
  await expect(rows.nth(0).getByTestId("revision-author")).toHaveText(admin);
  await expect(rows.nth(1)).toHaveAttribute("data-revision", "4");
  await expect(rows.nth(1).getByTestId("revision-author")).toHaveText(EDITOR.email);
  await other.close();

  // The latest design is revision 1's.
  const restored = await (await request.get(`/api/designs/${id}`)).json();
  const first = await (await request.get(`/api/designs/${id}?revision=1`)).json();
  expect(restored.revision).toBe(5);
  expect(restored.design).toEqual(first.design);

  // The editor edits the restored design live again.
  await d.select(d.node("vpc-2"));
  await page.keyboard.press("Delete");
  await expect(d.node("vpc-2")).toHaveCount(0);
  await d.waitSaved();
  await page.screenshot({ path: "screenshots/history-restored.png" });
});
