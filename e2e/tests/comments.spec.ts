// Comments on a design: a reviewer starts a thread on a resource and the
// owner, in another context, sees the thread and its marker at once,
// replies and resolves it; a thread on a point of the canvas; a thread
// whose resource is deleted shows as outdated and loses its marker; a
// viewer sees the comments but has no way to comment.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ORIGIN } from "../accounts";
import { Designer } from "../pages/designer";
import { ensureAccount, joinRoom, signedInContext, storeShared, type Account } from "../pages/room";

const REVIEWER: Account = { email: "comments-reviewer@example.com", password: "e2e comments reviewer password" };
const VIEWER: Account = { email: "comments-viewer@example.com", password: "e2e comments viewer password" };

/** Two VPCs side by side, with room below them for a point comment. */
const DESIGN = {
  schema_version: 2,
  name: "commented",
  resources: [
    { id: "vpc-1", name: "main", type: "vpc", cidr_blocks: ["10.0.0.0/16"] },
    { id: "vpc-2", name: "analytics", type: "vpc", cidr_blocks: ["10.1.0.0/16"] },
  ],
  layout: {
    positions: {
      "vpc-1": { x: 40, y: 40, w: 300, h: 220 },
      "vpc-2": { x: 380, y: 40, w: 300, h: 220 },
    },
  },
};

let others: BrowserContext[] = [];

test.beforeEach(async ({ request }) => {
  await ensureAccount(request, REVIEWER);
  await ensureAccount(request, VIEWER);
});

test.afterEach(async () => {
  await Promise.all(others.map((c) => c.close()));
  others = [];
});

async function pageAs(browser: Browser, account: Account): Promise<Page> {
  const context = await signedInContext(browser, account);
  others.push(context);
  return context.newPage();
}

const panel = (d: Designer) => d.page.getByTestId("comments-panel");
const threads = (d: Designer) => panel(d).getByTestId("thread");
const markers = (d: Designer) => d.canvas.getByTestId("comment-marker");

/** Opens the comments panel unless it is open. */
async function openPanel(d: Designer) {
  if (!(await panel(d).isVisible())) await d.page.getByTestId("comments-toggle").click();
  await expect(panel(d)).toBeVisible();
}

/** Starts a thread on a resource through the inspector's Comment button. */
async function commentOn(d: Designer, id: string, text: string) {
  await d.select(d.node(id));
  await expect(d.page.getByTestId("selected-id")).toHaveText(id);
  await d.page.getByTestId("comment-resource").click();
  await expect(panel(d).getByTestId("comment-composer")).toContainText("New comment on");
  await panel(d).getByTestId("comment-input").fill(text);
  await panel(d).getByTestId("comment-send").click();
  await expect(panel(d).getByTestId("comment-composer")).toHaveCount(0);
}

/** Starts a thread on the empty canvas at a page point. */
async function commentAt(d: Designer, at: { x: number; y: number }, text: string) {
  await openPanel(d);
  await panel(d).getByTestId("comment-point").click();
  await d.page.mouse.click(at.x, at.y);
  await panel(d).getByTestId("comment-input").fill(text);
  await panel(d).getByTestId("comment-send").click();
  await expect(panel(d).getByTestId("comment-composer")).toHaveCount(0);
}

test("a reviewer's comment reaches the owner live, who replies and resolves it", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, [[REVIEWER, "reviewer"]]);
  const owner = await joinRoom(page, id);
  const reviewer = await joinRoom(await pageAs(browser, REVIEWER), id);
  // A reviewer cannot edit the design but may comment.
  await expect(reviewer.page.getByTestId("view-only")).toBeVisible();

  await commentOn(reviewer, "vpc-2", "Does analytics need its own VPC? Peering costs add up.");
  const thread = threads(reviewer).first();
  await expect(thread.getByTestId("comment-body")).toHaveText("Does analytics need its own VPC? Peering costs add up.");
  await expect(thread.getByTestId("comment-author")).toHaveText(REVIEWER.email);
  await expect(thread.getByTestId("thread-anchor")).toHaveText("analytics");

  // The owner, who never reloaded, sees the marker at the resource's corner and the count.
  await expect(markers(owner)).toHaveCount(1);
  await expect(owner.page.getByTestId("comments-count")).toHaveText("1");
  const vpc = await owner.shapeOf(owner.node("vpc-2"));
  const marker = (await markers(owner).first().boundingBox())!;
  expect(Math.abs(marker.x - (vpc.x + vpc.width))).toBeLessThan(6);
  expect(Math.abs(marker.y + marker.height - vpc.y)).toBeLessThan(6);

  // Clicking the marker opens the thread and selects its resource.
  await markers(owner).first().click();
  await expect(panel(owner)).toBeVisible();
  await expect(owner.page.getByTestId("selected-id")).toHaveText("vpc-2");
  const ownersThread = threads(owner).first();
  await expect(ownersThread).toHaveClass(/active/);
  await ownersThread.getByTestId("reply-input").fill("It keeps the team's access apart; the peering is one line.");
  await ownersThread.getByTestId("reply-send").click();
  await expect(thread.getByTestId("comment")).toHaveCount(2);
  await expect(thread.getByTestId("comment-body").nth(1)).toHaveText("It keeps the team's access apart; the peering is one line.");

  // The marker follows its resource when it moves.
  await owner.dragNode(owner.node("vpc-2"), 0, 120);
  await expect
    .poll(async () => {
      // The marker is drawn anew where the resource went: none for a moment.
      const [box, shape] = [await markers(reviewer).first().boundingBox(), await reviewer.shapeOf(reviewer.node("vpc-2"))];
      return box !== null && Math.abs(box.y + box.height - shape.y) < 6;
    })
    .toBe(true);

  // A point comment of the reviewer, numbered 2.
  const free = await reviewer.emptyCanvasPoint();
  const at = { x: free.x - 60, y: free.y };
  await commentAt(reviewer, at, "A NAT gateway here for both?");
  await expect(markers(owner)).toHaveCount(2);
  const point = owner.canvas.locator('[data-testid="comment-marker"][data-number="2"]');
  await expect(point).toBeVisible();
  // The drawing slides left, out from under the panel, for the picture.
  const canvas = (await owner.canvas.boundingBox())!;
  await owner.page.mouse.move(canvas.x + 100, canvas.y + 100);
  await owner.page.mouse.wheel(300, 0);
  await owner.page.mouse.move(10, 10);
  await owner.page.screenshot({ path: "screenshots/comments.png" });
  await owner.setTheme(true);
  await owner.page.screenshot({ path: "screenshots/comments-dark.png" });
  await owner.setTheme(false);

  // Resolving hides the thread and its marker everywhere; it can be shown and reopened.
  await ownersThread.getByTestId("resolve").click();
  await expect(markers(reviewer)).toHaveCount(1);
  await expect(markers(owner)).toHaveCount(1);
  await expect(threads(reviewer)).toHaveCount(1);
  await expect(owner.page.getByTestId("comments-count")).toHaveText("1");
  await reviewer.page.getByTestId("show-resolved").check();
  const resolved = threads(reviewer).first();
  await expect(resolved).toHaveClass(/resolved/);
  await expect(resolved.getByTestId("resolution")).toHaveText("Resolved by admin@example.com");
  await expect(markers(reviewer)).toHaveCount(2);
  await resolved.getByTestId("resolve").click();
  await expect(resolved).not.toHaveClass(/resolved/);
  await expect(markers(owner)).toHaveCount(2);
});

test("a thread whose resource is deleted shows as outdated, without a marker", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, [[REVIEWER, "reviewer"]]);
  const owner = await joinRoom(page, id);
  const reviewer = await joinRoom(await pageAs(browser, REVIEWER), id);
  await commentOn(reviewer, "vpc-2", "Is this one still used?");
  await expect(markers(owner)).toHaveCount(1);

  await owner.select(owner.node("vpc-2"));
  await page.keyboard.press("Delete");
  await expect(owner.node("vpc-2")).toHaveCount(0);
  for (const d of [owner, reviewer]) {
    await expect(markers(d)).toHaveCount(0);
  }
  await openPanel(owner);
  for (const d of [owner, reviewer]) {
    await expect(threads(d).first().getByTestId("outdated")).toHaveText("Outdated");
    await expect(threads(d).first().getByTestId("thread-anchor")).toHaveText("vpc-2");
  }
  // Undoing the delete brings the resource, and the marker, back.
  await owner.undo();
  await expect(owner.node("vpc-2")).toHaveCount(1);
  await expect(markers(reviewer)).toHaveCount(1);
  await expect(threads(reviewer).first().getByTestId("outdated")).toHaveCount(0);
});

test("a viewer sees comments but cannot comment", async ({ request, browser }) => {
  const id = await storeShared(request, DESIGN, [[VIEWER, "viewer"]]);
  const posted = await request.post(`/api/designs/${id}/comments`, {
    data: { body: "For the record: 10.1/16 is reserved.", anchor: { resource: "vpc-2" } },
    headers: { Origin: ORIGIN },
  });
  expect(posted.status(), await posted.text()).toBe(201);
  const viewer = await joinRoom(await pageAs(browser, VIEWER), id);
  await expect(markers(viewer)).toHaveCount(1);
  await markers(viewer).first().click();
  await expect(threads(viewer).first().getByTestId("comment-body")).toHaveText("For the record: 10.1/16 is reserved.");
  await expect(panel(viewer).getByTestId("reply-input")).toHaveCount(0);
  await expect(panel(viewer).getByTestId("resolve")).toHaveCount(0);
  await expect(panel(viewer).getByTestId("comment-point")).toHaveCount(0);
  await expect(viewer.page.getByTestId("selected-id")).toHaveText("vpc-2");
  await expect(viewer.page.getByTestId("comment-resource")).toHaveCount(0);
  // The owner's next comment arrives live.
  const again = await request.post(`/api/designs/${id}/comments`, {
    data: { body: "And a point.", anchor: { x: 200, y: 400 } },
    headers: { Origin: ORIGIN },
  });
  expect(again.status(), await again.text()).toBe(201);
  await expect(threads(viewer)).toHaveCount(2);
  await expect(markers(viewer)).toHaveCount(2);
});
