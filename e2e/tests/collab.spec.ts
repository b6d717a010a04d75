// Live co-editing: several people in one design's room, each in their own
// browser context, see each other's edits and pointers as they happen and
// lose nothing. Concurrent drags of different resources both land; the
// same property edited twice ends as the last edit everywhere; an edit of
// a resource someone deleted is refused with a toast; undo reverts only
// one's own edit; edits made offline arrive on reconnecting; a viewer
// follows live but cannot edit, and so does a guest holding a share link.
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { ORIGIN } from "../accounts";
import { Designer } from "../pages/designer";
import {
  Relay,
  ensureAccount,
  joinRoom,
  placeOf,
  signedInContext,
  storeShared,
  type Account,
} from "../pages/room";

const EDITOR: Account = { email: "collab-editor@example.com", password: "e2e collab editor password" };
const VIEWER: Account = { email: "collab-viewer@example.com", password: "e2e collab viewer password" };

/** Two VPCs side by side, with room below them to drag. */
const DESIGN = {
  schema_version: 2,
  name: "co-edited",
  resources: [
    { id: "vpc-1", name: "main", type: "vpc", cidr_blocks: ["10.0.0.0/16"] },
    { id: "vpc-2", name: "other", type: "vpc", cidr_blocks: ["10.1.0.0/16"] },
  ],
  layout: {
    positions: {
      "vpc-1": { x: 40, y: 40, w: 400, h: 260 },
      "vpc-2": { x: 500, y: 40, w: 400, h: 260 },
    },
  },
};

let others: BrowserContext[] = [];

test.beforeEach(async ({ request }) => {
  await ensureAccount(request, EDITOR);
  await ensureAccount(request, VIEWER);
});

test.afterEach(async () => {
  await Promise.all(others.map((c) => c.close()));
  others = [];
});

/** A page of a new context signed in as `account`. */
async function pageAs(browser: Browser, account: Account) {
  const context = await signedInContext(browser, account);
  others.push(context);
  return { context, page: await context.newPage() };
}

/** Renames a resource through the inspector and leaves the field, as a person would. */
async function rename(designer: Designer, id: string, name: string) {
  await designer.select(designer.node(id));
  await expect(designer.page.getByTestId("selected-id")).toHaveText(id);
  await designer.prop("name").fill(name);
  await designer.prop("name").blur();
}

/** Closes the toast, so that the next one is a new one. */
async function dismissToast(designer: Designer) {
  await designer.page.getByTestId("toast").getByRole("button", { name: "Dismiss" }).click();
  await expect(designer.page.getByTestId("toast")).toHaveCount(0);
}

test("concurrent drags of different resources both land on both screens", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, [[EDITOR, "editor"]]);
  const alice = await joinRoom(page, id);
  const bob = await joinRoom((await pageAs(browser, EDITOR)).page, id);
  const [one, two] = [await placeOf(alice, "vpc-1"), await placeOf(alice, "vpc-2")];
  expect(await placeOf(bob, "vpc-1")).toBe(one);

  await Promise.all([alice.dragNode(alice.node("vpc-1"), 0, 120), bob.dragNode(bob.node("vpc-2"), 0, 120)]);

  for (const designer of [alice, bob]) {
    await expect.poll(() => placeOf(designer, "vpc-1")).not.toBe(one);
    await expect.poll(() => placeOf(designer, "vpc-2")).not.toBe(two);
    await expect(designer.saveStatus).toHaveText("Live");
  }
  for (const resource of ["vpc-1", "vpc-2"]) {
    await expect.poll(async () => (await placeOf(alice, resource)) === (await placeOf(bob, resource))).toBe(true);
  }
});

test("the same property edited in two contexts ends as the last edit on both", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, [[EDITOR, "editor"]]);
  const alice = await joinRoom(page, id);
  const bob = await joinRoom((await pageAs(browser, EDITOR)).page, id);

  await rename(alice, "vpc-1", "named-by-alice");
  await expect(bob.node("vpc-1")).toHaveAttribute("data-name", "named-by-alice");
  await rename(bob, "vpc-1", "named-by-bob");
  for (const designer of [alice, bob]) {
    await expect(designer.node("vpc-1")).toHaveAttribute("data-name", "named-by-bob");
  }

  // At the same moment: whatever the room accepted last, both show it. A
  // remote edit does not replace the text under the typing person's cursor
  // (it shows once they leave the field), so no typed text is merged into
  // another.
  await Promise.all([rename(alice, "vpc-2", "alice-at-once"), rename(bob, "vpc-2", "bob-at-once")]);
  for (const designer of [alice, bob]) await expect(designer.saveStatus).toHaveText("Live");
  await expect
    .poll(async () => {
      const [a, b] = [await alice.node("vpc-2").getAttribute("data-name"), await bob.node("vpc-2").getAttribute("data-name")];
      return a === b && ["alice-at-once", "bob-at-once"].includes(a ?? "");
    })
    .toBe(true);
  // Edits of different fields of one resource both stay.
  await Promise.all([alice.dragNode(alice.node("vpc-1"), 0, 96), rename(bob, "vpc-1", "moved-and-renamed")]);
  await expect.poll(async () => (await placeOf(alice, "vpc-1")) === (await placeOf(bob, "vpc-1"))).toBe(true);
  for (const designer of [alice, bob]) {
    await expect(designer.node("vpc-1")).toHaveAttribute("data-name", "moved-and-renamed");
  }
});

test("an edit of a resource someone else deleted is refused with a toast", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, [[EDITOR, "editor"]]);
  const alice = await joinRoom(page, id);
  const bobPage = (await pageAs(browser, EDITOR)).page;
  // Bob's news of the room arrives late, so he edits what is already gone.
  const relay = await Relay.on(bobPage);
  const bob = await joinRoom(bobPage, id);
  await bob.select(bob.node("vpc-2"));

  relay.hold();
  await alice.select(alice.node("vpc-2"));
  await page.keyboard.press("Delete");
  await expect(alice.node("vpc-2")).toHaveCount(0);
  await expect(alice.saveStatus).toHaveText("Live");
  await bob.prop("name").fill("edited after the delete");
  relay.release();

  await expect(bob.toast).toContainText("no longer exists");
  await expect(bob.toast).toContainText("vpc-2");
  await expect(bob.node("vpc-2")).toHaveCount(0);
  await expect(alice.node("vpc-2")).toHaveCount(0);
  await expect(bob.saveStatus).toHaveText("Live");
  await expect(bob.node("vpc-1")).toHaveAttribute("data-name", "main");
});

test("undo in one context undoes only that person's edit", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, [[EDITOR, "editor"]]);
  const alice = await joinRoom(page, id);
  const bob = await joinRoom((await pageAs(browser, EDITOR)).page, id);

  await rename(alice, "vpc-1", "alice-was-here");
  await rename(bob, "vpc-2", "bob-was-here");
  for (const designer of [alice, bob]) {
    await expect(designer.node("vpc-1")).toHaveAttribute("data-name", "alice-was-here");
    await expect(designer.node("vpc-2")).toHaveAttribute("data-name", "bob-was-here");
  }

  await page.getByTestId("undo").click();
  for (const designer of [alice, bob]) {
    await expect(designer.node("vpc-1")).toHaveAttribute("data-name", "main");
    await expect(designer.node("vpc-2")).toHaveAttribute("data-name", "bob-was-here");
  }
  await page.getByTestId("redo").click();
  for (const designer of [alice, bob]) {
    await expect(designer.node("vpc-1")).toHaveAttribute("data-name", "alice-was-here");
    await expect(designer.node("vpc-2")).toHaveAttribute("data-name", "bob-was-here");
  }

  // Undoing an edit of a resource someone deleted since is refused and
  // the step dropped.
  await rename(bob, "vpc-1", "bob-renamed-it-too");
  await expect(alice.node("vpc-1")).toHaveAttribute("data-name", "bob-renamed-it-too");
  await alice.select(alice.node("vpc-2"));
  await page.keyboard.press("Delete");
  await expect(bob.node("vpc-2")).toHaveCount(0);
  await bob.page.getByTestId("undo").click();
  await expect(bob.node("vpc-1")).toHaveAttribute("data-name", "alice-was-here");
  await bob.page.getByTestId("undo").click();
  await expect(bob.toast).toContainText("Cannot undo");
  await expect(bob.toast).toContainText("no longer exists");
  await expect(alice.node("vpc-2")).toHaveCount(0);
});

test("edits made offline are kept and delivered on reconnecting", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, [[EDITOR, "editor"]]);
  const alice = await joinRoom(page, id);
  const { context, page: bobPage } = await pageAs(browser, EDITOR);
  const bob = await joinRoom(bobPage, id);

  await context.setOffline(true);
  await expect(bob.saveStatus).toHaveText("Offline – edits kept");
  await rename(bob, "vpc-2", "typed-offline");
  await bob.dragNode(bob.node("vpc-2"), 0, 96);
  const moved = await placeOf(bob, "vpc-2");
  await expect(bob.saveStatus).toHaveText("Offline – edits kept");
  await rename(alice, "vpc-1", "renamed-meanwhile");
  await expect(alice.node("vpc-2")).toHaveAttribute("data-name", "other");

  await context.setOffline(false);
  await expect(bob.saveStatus).toHaveText("Live", { timeout: 20_000 });
  await expect(alice.node("vpc-2")).toHaveAttribute("data-name", "typed-offline");
  await expect.poll(() => placeOf(alice, "vpc-2")).toBe(moved);
  await expect(bob.node("vpc-1")).toHaveAttribute("data-name", "renamed-meanwhile");
  await expect(bob.node("vpc-2")).toHaveAttribute("data-name", "typed-offline");

  // The room stored both: a fresh page gets them.
  await bobPage.reload();
  await expect(bob.saveStatus).toHaveText("Live");
  await expect(bob.node("vpc-1")).toHaveAttribute("data-name", "renamed-meanwhile");
  await expect(bob.node("vpc-2")).toHaveAttribute("data-name", "typed-offline");
});

test("a closed socket reconnects and sends what was not acknowledged", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, [[EDITOR, "editor"]]);
  const alice = await joinRoom(page, id);
  const bobPage = (await pageAs(browser, EDITOR)).page;
  const relay = await Relay.on(bobPage);
  const bob = await joinRoom(bobPage, id);

  // The acknowledgement never arrives before the connection drops.
  relay.hold();
  await rename(bob, "vpc-2", "sent-before-the-drop");
  await expect(bob.saveStatus).toHaveText("Sending…");
  relay.dropAll();
  await expect(bob.saveStatus).toHaveText(/Reconnecting…|Offline – edits kept/);
  await expect(bob.saveStatus).toHaveText("Live", { timeout: 20_000 });
  for (const designer of [alice, bob]) {
    await expect(designer.node("vpc-2")).toHaveAttribute("data-name", "sent-before-the-drop");
  }
});

test("a viewer follows edits live but cannot edit", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, [[VIEWER, "viewer"]]);
  const alice = await joinRoom(page, id);
  const carol = await joinRoom((await pageAs(browser, VIEWER)).page, id);

  await expect(carol.page.getByTestId("view-only")).toHaveText("View only");
  await expect(page.getByTestId("view-only")).toHaveCount(0);
  await expect(carol.page.getByTestId("design-name")).toBeDisabled();
  await expect(carol.page.locator("aside.palette")).toHaveClass(/read-only/);
  await carol.select(carol.node("vpc-1"));
  await expect(carol.prop("name")).toBeDisabled();
  await expect(carol.page.getByTestId("delete")).toBeDisabled();

  const refused = "You can view this design but not edit it";
  await carol.page.keyboard.press("Delete");
  await expect(carol.toast).toHaveText(refused);
  await expect(carol.node("vpc-1")).toHaveCount(1);
  await dismissToast(carol);
  const before = await placeOf(carol, "vpc-2");
  await carol.dragNode(carol.node("vpc-2"), 0, 96);
  await expect(carol.toast).toHaveText(refused);
  expect(await placeOf(carol, "vpc-2")).toBe(before);
  await dismissToast(carol);
  await carol.dragFromPalette("subnet", 200, 150);
  await expect(carol.toast).toHaveText(refused);
  await expect(carol.nodes("subnet")).toHaveCount(0);
  await dismissToast(carol);
  await carol.page.getByTestId("undo").click();
  await expect(carol.toast).toHaveText(refused);

  await rename(alice, "vpc-1", "seen-live");
  await expect(carol.node("vpc-1")).toHaveAttribute("data-name", "seen-live");
  await alice.dragNode(alice.node("vpc-2"), 0, 96);
  await expect.poll(() => placeOf(carol, "vpc-2")).toBe(await placeOf(alice, "vpc-2"));
  expect(await placeOf(alice, "vpc-2")).not.toBe(before);
  await expect(alice.node("vpc-1")).toHaveAttribute("data-name", "seen-live");
});

test("a share link opens the design read-only and live, until it is revoked", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, []);
  const alice = await joinRoom(page, id);
  const made = await request.post(`/api/designs/${id}/shares`, { data: {}, headers: { Origin: ORIGIN } });
  expect(made.status(), await made.text()).toBe(201);
  const link = await made.json();
  const commented = await request.post(`/api/designs/${id}/comments`, {
    data: { body: "Is this VPC big enough?", anchor: { resource: "vpc-1" } },
    headers: { Origin: ORIGIN },
  });
  expect(commented.status(), await commented.text()).toBe(201);

  // A guest with no account opens the link in a fresh browser.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  others.push(context);
  const guest = new Designer(await context.newPage());
  await guest.open(`/shared#${link.token}`);
  await expect(guest.node("vpc-1")).toBeVisible();
  await expect(guest.saveStatus).toHaveText("Live");
  await expect(guest.page.getByTestId("view-only")).toHaveText("View only");
  await expect(guest.page.getByTestId("save")).toHaveCount(0);
  await expect(guest.page.getByTestId("sign-out")).toHaveCount(0);
  await expect(guest.page.getByTestId("designs-link")).toHaveCount(0);
  await expect(guest.page.getByTestId("design-name")).toBeDisabled();
  // The guest reads the comments too, and has no way to write one.
  await expect(guest.canvas.getByTestId("comment-marker")).toHaveCount(1);
  await guest.page.getByTestId("comments-toggle").click();
  await expect(guest.page.getByTestId("comments-panel")).toContainText("Is this VPC big enough?");
  await expect(guest.page.getByTestId("comment-point")).toHaveCount(0);
  await guest.page.getByTestId("comments-toggle").click();
  await guest.select(guest.node("vpc-1"));
  await guest.page.keyboard.press("Delete");
  await expect(guest.toast).toHaveText("You can view this design but not edit it");
  await dismissToast(guest);
  // Alice sees the guest among the people here, and the guest sees her edit live.
  await expect(page.getByTestId("peer-chip")).toHaveAttribute("title", "Guest with a link (viewing)");
  await rename(alice, "vpc-1", "seen-by-the-guest");
  await expect(guest.node("vpc-1")).toHaveAttribute("data-name", "seen-by-the-guest");
  await guest.settle();
  await guest.page.screenshot({ path: "screenshots/shared-guest.png" });

  // Revoking the link closes the guest's room at once, with a reason.
  const revoked = await request.delete(`/api/designs/${id}/shares/${link.id}`, { headers: { Origin: ORIGIN } });
  expect(revoked.status()).toBe(204);
  await expect(guest.toast).toHaveText("This share link was revoked or has expired");
  await expect(guest.saveStatus).not.toHaveText("Live");

  // The link opens nothing any more.
  const again = new Designer(await context.newPage());
  await again.open(`/shared#${link.token}`);
  await expect(again.toast).toHaveText("This share link was revoked, has expired or never existed");
});

test("people in the room see each other's cursors, selections and chips", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, [
    [EDITOR, "editor"],
    [VIEWER, "viewer"],
  ]);
  const alice = await joinRoom(page, id);
  const bob = await joinRoom((await pageAs(browser, EDITOR)).page, id);
  const carol = await joinRoom((await pageAs(browser, VIEWER)).page, id);

  await expect(page.getByTestId("peer-chip")).toHaveCount(2);
  await expect(page.locator(`[data-testid="peer-chip"][title="${EDITOR.email}"]`)).toHaveText("CE");
  await expect(page.locator(`[data-testid="peer-chip"][title="${VIEWER.email} (viewing)"]`)).toHaveText("CV");
  await expect(bob.page.getByTestId("peer-chip")).toHaveCount(2);
  await expect(carol.page.getByTestId("peer-chip")).toHaveCount(2);

  await bob.select(bob.node("vpc-2"));
  const target = await bob.pointIn(bob.node("vpc-2"), 0.55, 0.6);
  await bob.page.mouse.move(target.x, target.y, { steps: 8 });
  const spot = await carol.pointIn(carol.node("vpc-1"), 0.4, 0.7);
  await carol.page.mouse.move(spot.x, spot.y, { steps: 8 });

  await expect(alice.canvas.getByTestId("peer-cursor")).toHaveCount(2);
  const bobCursor = alice.canvas.locator(`[data-testid="peer-cursor"][data-peer="${EDITOR.email}"]`);
  // The label shows the name, shortened with an ellipsis past its width.
  await expect(bobCursor).toContainText(EDITOR.email.slice(0, 14));
  // Bob's cursor is drawn where his pointer is on the drawing.
  const vpc2 = await alice.shapeOf(alice.node("vpc-2"));
  await expect
    .poll(async () => {
      const box = (await bobCursor.locator("path").boundingBox())!;
      return Math.abs(box.x - (vpc2.x + vpc2.width * 0.55)) < 8 && Math.abs(box.y - (vpc2.y + vpc2.height * 0.6)) < 8;
    })
    .toBe(true);
  const selection = alice.canvas.locator(`[data-testid="peer-selection"][data-peer="${EDITOR.email}"]`);
  await expect(selection).toHaveAttribute("data-id", "vpc-2");
  await expect(carol.canvas.locator(`[data-testid="peer-selection"][data-id="vpc-2"]`)).toHaveCount(1);

  await page.mouse.move(10, 10);
  await page.screenshot({ path: "screenshots/collab-presence.png" });
  await alice.setTheme(true);
  await page.screenshot({ path: "screenshots/collab-presence-dark.png" });
  await alice.setTheme(false);

  // Someone leaving takes their chip and cursor along.
  await carol.page.close();
  await expect(page.getByTestId("peer-chip")).toHaveCount(1);
  await expect(alice.canvas.getByTestId("peer-cursor")).toHaveCount(1);
});
