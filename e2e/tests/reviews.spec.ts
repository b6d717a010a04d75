// Review requests with two browser contexts, an author (the administrator,
// who owns the design) and a reviewer: the author requests a review, the
// reviewer sees the badge and requests changes with a message, the author
// edits (the room saves a new revision) and requests again, the reviewer
// approves and both badges read Approved; then the author edits again and
// the approval goes stale, in the top bar and in the designs list. The
// second test is the whole loop in the browser: share, comment, request
// review, request changes, a new revision saved with a message, approve,
// and the compare of the revisions on the canvas, with screenshots of the
// history, the comments, the review state and the canvas diff.
import { expect, test, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { Designer } from "../pages/designer";
import { ensureAccount, joinRoom, signedInContext, storeShared, type Account } from "../pages/room";
import { ORIGIN } from "../accounts";
import { reveal } from "../pages/topbar";

const REVIEWER: Account = { email: "reviews-reviewer@example.com", password: "e2e reviews reviewer password" };

const DESIGN = {
  schema_version: 2,
  name: "reviewed",
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
});

test.afterEach(async () => {
  await Promise.all(others.map((c) => c.close()));
  others = [];
});

const badge = (d: Designer) => d.page.getByTestId("review-toggle").getByTestId("review-badge");
const panel = (d: Designer) => d.page.getByTestId("review-panel");

async function openPanel(d: Designer) {
  if (!(await panel(d).isVisible())) await d.page.getByTestId("review-toggle").click();
  await expect(panel(d)).toBeVisible();
}

/** The design's latest revision, as the server has it. */
async function head(request: APIRequestContext, id: string): Promise<number> {
  return (await (await request.get(`/api/designs/${id}`)).json()).revision as number;
}

/** Renames the design in the room and waits for the room to save it as the next revision. */
async function editAndSave(d: Designer, request: APIRequestContext, id: string, name: string) {
  const before = await head(request, id);
  await d.page.getByTestId("design-name").fill(name);
  await expect.poll(() => head(request, id), { timeout: 15_000 }).toBe(before + 1);
}

/** The author requests a review of the latest revision by the reviewer. */
async function requestReview(author: Designer, message: string) {
  await openPanel(author);
  await panel(author).getByTestId("request-review").click();
  const form = panel(author).getByTestId("review-request-form");
  await form.locator(`[data-testid="reviewer-pick"][data-email="${REVIEWER.email}"]`).check();
  await form.getByTestId("review-message").fill(message);
  await form.getByTestId("review-send").click();
  await expect(form).toHaveCount(0);
}

test("request review, changes requested, approved, then stale after a new revision", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, [[REVIEWER, "reviewer"]]);
  const author = await joinRoom(page, id);
  await expect(badge(author)).toHaveCount(0);

  await requestReview(author, "Is one NAT gateway per zone worth it here?");
  await expect(badge(author)).toHaveText("In review");
  const requests = panel(author).getByTestId("review-request");
  await expect(requests).toHaveCount(1);
  await expect(requests.first()).toContainText("#1");
  await expect(requests.first().getByTestId("verdict")).toHaveAttribute("data-verdict", "pending");
  // The author is not named: no verdict form.
  await expect(panel(author).getByTestId("verdict-form")).toHaveCount(0);

  // The reviewer, in another context, sees the badge and asks for changes.
  const context = await signedInContext(browser, REVIEWER);
  others.push(context);
  const reviewer = await joinRoom(await context.newPage(), id);
  await expect(badge(reviewer)).toHaveText("In review");
  await openPanel(reviewer);
  await expect(panel(reviewer).getByTestId("request-review")).toHaveCount(0);
  const verdict = panel(reviewer).getByTestId("verdict-form");
  await expect(verdict).toContainText("Your review of revision 1");
  // Asking for changes needs a message: the server says so.
  await verdict.getByTestId("request-changes").click();
  await expect(panel(reviewer).getByTestId("review-error")).toHaveText(
    "say which changes you request: the message cannot be empty",
  );
  await verdict.getByTestId("verdict-message").fill("Put analytics in a second zone before we ship.");
  await verdict.getByTestId("request-changes").click();
  await expect(badge(reviewer)).toHaveText("Changes requested");
  await expect(panel(reviewer).getByTestId("review-error")).toHaveCount(0);

  // The author's badge follows without a reload, with the reviewer's message.
  await expect(badge(author)).toHaveText("Changes requested", { timeout: 10_000 });
  await expect(requests.first().getByTestId("verdict")).toHaveAttribute("data-verdict", "changes_requested");
  await expect(requests.first().getByTestId("verdict-message-text")).toHaveText(
    "Put analytics in a second zone before we ship.",
  );
  await author.page.mouse.move(10, 10);
  await page.screenshot({ path: "screenshots/review-changes-requested.png" });

  // The author changes the design (the room saves revision 2) and asks again.
  await editAndSave(author, request, id, "reviewed, two zones");
  await expect(badge(author)).toHaveText("Changes requested");
  await requestReview(author, "Second zone added.");
  await expect(badge(author)).toHaveText("In review");
  await expect(requests).toHaveCount(2);
  await expect(requests.first()).toContainText("#2");
  await expect(requests.nth(1)).toHaveClass(/superseded/);

  // The reviewer approves the new request.
  await expect(badge(reviewer)).toHaveText("In review", { timeout: 10_000 });
  await expect(verdict).toContainText("Your review of revision 2");
  await verdict.getByTestId("verdict-message").fill("Looks good.");
  await verdict.getByTestId("approve").click();
  await expect(badge(reviewer)).toHaveText("Approved");
  await expect(badge(author)).toHaveText("Approved", { timeout: 10_000 });
  await reviewer.page.mouse.move(10, 10);
  await reviewer.page.screenshot({ path: "screenshots/review-approved.png" });

  // A new revision after the approval makes it stale.
  await editAndSave(author, request, id, "reviewed, two zones, bigger NAT");
  await expect(badge(author)).toHaveText("Approval stale", { timeout: 10_000 });
  await expect(badge(author)).toHaveAttribute("data-state", "approval_stale");
  await expect(badge(reviewer)).toHaveText("Approval stale", { timeout: 10_000 });
  await author.page.mouse.move(10, 10);
  await page.screenshot({ path: "screenshots/review-stale.png" });

  // The designs list shows the same state.
  await page.goto("/designs");
  const row = page.locator(`[data-testid="design-row"][data-id="${id}"]`);
  await expect(row.getByTestId("review-badge")).toHaveText("Approval stale");
  await page.screenshot({ path: "screenshots/review-designs-list.png" });
});

/** The design after the author's second pass: main removed, shared services added, analytics renumbered. */
const SECOND_PASS = {
  schema_version: 2,
  name: "reviewed",
  resources: [
    { id: "vpc-2", name: "analytics", type: "vpc", cidr_blocks: ["10.2.0.0/16"] },
    { id: "vpc-3", name: "shared services", type: "vpc", cidr_blocks: ["10.3.0.0/16"] },
  ],
  layout: {
    positions: {
      "vpc-2": { x: 380, y: 40, w: 300, h: 220 },
      "vpc-3": { x: 720, y: 40, w: 300, h: 220 },
    },
  },
};

test("the whole loop: share, comment, review, a revision with a message, approve, compare on the canvas", async ({ page, request, browser }) => {
  const created = await request.post("/api/designs", { data: DESIGN, headers: { Origin: ORIGIN } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const author = await joinRoom(page, id);

  // Share: the owner invites the reviewer through the Share dialog.
  await page.getByTestId("share").click();
  const dialog = page.getByTestId("share-dialog");
  await dialog.getByTestId("invite-email").fill(REVIEWER.email);
  await dialog.getByTestId("invite-role").selectOption("reviewer");
  await dialog.getByTestId("invite").click();
  await expect(dialog.getByTestId("people-note")).toHaveText(`${REVIEWER.email} is now a reviewer.`);
  await dialog.getByTestId("share-close").click();

  // The reviewer comments on a resource; the author sees the thread live.
  const context = await signedInContext(browser, REVIEWER);
  others.push(context);
  const reviewer = await joinRoom(await context.newPage(), id);
  await reviewer.select(reviewer.node("vpc-1"));
  await reviewer.page.getByTestId("comment-resource").click();
  const comments = reviewer.page.getByTestId("comments-panel");
  await comments.getByTestId("comment-input").fill("Does main still need its own VPC once shared services exist?");
  await comments.getByTestId("comment-send").click();
  await expect(page.getByTestId("comments-count")).toHaveText("1", { timeout: 10_000 });
  await reviewer.page.mouse.move(10, 10);
  await reviewer.page.screenshot({ path: "screenshots/loop-comments.png" });

  // Review requested; the reviewer asks for changes (pushed to the author).
  await requestReview(author, "Ready for a first look.");
  await expect(badge(reviewer)).toHaveText("In review", { timeout: 10_000 });
  await openPanel(reviewer);
  const verdict = panel(reviewer).getByTestId("verdict-form");
  await verdict.getByTestId("verdict-message").fill("Fold main into shared services, and renumber analytics.");
  await verdict.getByTestId("request-changes").click();
  await expect(badge(author)).toHaveText("Changes requested", { timeout: 10_000 });

  // The second pass arrives from another tool (a REST save resets the
  // rooms), then the author saves it as a revision with a message.
  const base = await head(request, id);
  const saved = await request.put(`/api/designs/${id}`, {
    data: { base_revision: base, design: SECOND_PASS },
    headers: { Origin: ORIGIN },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  await expect(author.node("vpc-3")).toHaveCount(1, { timeout: 10_000 });
  await author.page.getByTestId("design-name").fill("reviewed, second pass");
  await expect.poll(() => head(request, id), { timeout: 15_000 }).toBe(base + 2);
  await (await reveal(page, "save-message-menu")).click();
  await page.getByTestId("save-message").fill("Main folded into shared services; analytics renumbered to 10.2.0.0/16.");
  await page.getByTestId("save-with-message").click();
  await expect(page.getByTestId("toast")).toContainText("Saved revision", { timeout: 10_000 });
  await expect.poll(() => head(request, id), { timeout: 15_000 }).toBe(base + 3);
  const latest = base + 3;

  // The history lists the message; screenshot.
  await page.getByTestId("history-toggle").click();
  const history = page.getByTestId("history-panel");
  const newest = history.locator(`[data-testid="revision"][data-revision="${latest}"]`);
  await expect(newest.getByTestId("revision-message")).toHaveText(
    "Main folded into shared services; analytics renumbered to 10.2.0.0/16.",
  );
  await page.mouse.move(10, 10);
  await page.screenshot({ path: "screenshots/loop-history.png" });

  // The author asks again and the reviewer approves (pushed to the author).
  await requestReview(author, "Changes made, with a message in the history.");
  await expect(badge(reviewer)).toHaveText("In review", { timeout: 10_000 });
  await expect(verdict).toContainText(`Your review of revision ${latest}`);
  await verdict.getByTestId("verdict-message").fill("Approved.");
  await verdict.getByTestId("approve").click();
  await expect(badge(author)).toHaveText("Approved", { timeout: 10_000 });
  await openPanel(author);
  await author.page.mouse.move(10, 10);
  await page.screenshot({ path: "screenshots/loop-review-approved.png" });
  await page.getByTestId("review-toggle").click();

  // Compare revision 1 with the latest on the canvas.
  if (!(await history.isVisible())) await page.getByTestId("history-toggle").click();
  await history.locator('[data-testid="revision"][data-revision="1"]').getByTestId("compare-revision").click();
  const compare = page.getByTestId("compare-panel");
  await expect(compare.getByTestId("compare-title")).toHaveText(`Revision 1 → ${latest}`);
  await expect(compare.getByTestId("compare-counts")).toHaveText("1 added · 1 removed · 1 changed");
  const changed = compare.locator('[data-testid="compare-item"][data-id="vpc-2"]');
  await expect(changed).toHaveAttribute("data-change", "changed");
  await expect(changed).toContainText("10.1.0.0/16");
  await expect(changed).toContainText("10.2.0.0/16");
  const canvas = author.canvas;
  await expect(canvas.locator('[data-testid="compare-ghost"][data-id="vpc-1"]')).toHaveCount(1);
  await expect(canvas.locator('[data-testid="compare-mark"][data-id="vpc-3"]')).toHaveAttribute("data-change", "added");
  await expect(canvas.locator('[data-testid="compare-mark"][data-id="vpc-2"]')).toHaveAttribute("data-change", "changed");
  // The whole drawing (ghost included) left of the panel, without the toast.
  await page.getByTestId("fit").click();
  await page.getByTestId("zoom-out").click();
  await page.getByTestId("zoom-out").click();
  await expect(page.getByTestId("toast")).toBeHidden({ timeout: 8_000 });
  await page.mouse.move(10, 10);
  await page.screenshot({ path: "screenshots/loop-compare.png" });
  await page.getByTestId("compare-close").click();
  await expect(canvas.getByTestId("compare-layer")).toHaveCount(0);
});
