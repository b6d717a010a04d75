// Review requests with two browser contexts, an author (the administrator,
// who owns the design) and a reviewer: the author requests a review, the
// reviewer sees the badge and requests changes with a message, the author
// edits (the room saves a new revision) and requests again, the reviewer
// approves and both badges read Approved; then the author edits again and
// the approval goes stale, in the top bar and in the designs list.
import { expect, test, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { Designer } from "../pages/designer";
import { ensureAccount, joinRoom, signedInContext, storeShared, type Account } from "../pages/room";

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
