// The Share dialog: the owner invites an account by email, changes its role
// and removes it; makes a read-only link, copies its address and revokes it
// (a guest holding it sees the design read-only, then is told it was
// revoked); a member who does not own the design reads the people without
// controls. Screenshots: the dialog with a member and a new link, light and
// dark. Without the clipboard, Copy selects the address instead.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ADMIN, ORIGIN } from "../accounts";
import { Designer } from "../pages/designer";
import { ensureAccount, joinRoom, signedInContext, storeShared, type Account } from "../pages/room";

const MEMBER: Account = { email: "share-member@example.com", password: "e2e share member password" };
const READER: Account = { email: "share-reader@example.com", password: "e2e share reader password" };

const DESIGN = {
  schema_version: 2,
  name: "shared with people",
  resources: [{ id: "vpc-1", name: "main", type: "vpc", cidr_blocks: ["10.0.0.0/16"] }],
  layout: { positions: { "vpc-1": { x: 40, y: 40, w: 400, h: 260 } } },
};

let others: BrowserContext[] = [];

test.beforeEach(async ({ request }) => {
  await ensureAccount(request, MEMBER);
  await ensureAccount(request, READER);
});

test.afterEach(async () => {
  await Promise.all(others.map((c) => c.close()));
  others = [];
});

async function newContext(browser: Browser, account?: Account): Promise<BrowserContext> {
  const context = account
    ? await signedInContext(browser, account)
    : await browser.newContext({ storageState: { cookies: [], origins: [] } });
  others.push(context);
  return context;
}

/** Opens the Share dialog from the top bar. */
async function openShare(page: Page) {
  await page.getByTestId("share").click();
  const dialog = page.getByTestId("share-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("member-list")).toBeVisible();
  return dialog;
}

test("the owner invites an account, changes its role and removes it", async ({ page, request }) => {
  const id = await storeShared(request, DESIGN, []);
  await joinRoom(page, id);
  const dialog = await openShare(page);
  await expect(dialog).toHaveAttribute("aria-labelledby", "share-title");
  // The owner's form takes the focus, and lists the owner alone.
  const email = dialog.getByTestId("invite-email");
  await expect(email).toBeFocused();
  await expect(dialog.getByTestId("member")).toHaveCount(1);
  await expect(dialog.locator(`[data-testid="member"][data-email="${ADMIN.email}"]`)).toContainText("(you)");

  // An email without an account: the server's message.
  await email.fill("nobody@example.com");
  await dialog.getByTestId("invite").click();
  await expect(dialog.getByTestId("people-error")).toHaveText(
    "no account for nobody@example.com: an administrator adds accounts first",
  );
  await expect(dialog.getByTestId("member")).toHaveCount(1);

  // Invite as viewer, by pressing Enter in the form.
  await email.fill(MEMBER.email);
  await dialog.getByTestId("invite-role").selectOption("viewer");
  await email.press("Enter");
  await expect(dialog.getByTestId("people-note")).toHaveText(`${MEMBER.email} is now a viewer.`);
  await expect(dialog.getByTestId("people-error")).toHaveCount(0);
  await expect(email).toHaveValue("");
  const row = dialog.locator(`[data-testid="member"][data-email="${MEMBER.email}"]`);
  await expect(row.getByTestId("member-role")).toHaveValue("viewer");
  await expect(row.getByTestId("member-role")).toHaveAccessibleName(`Role of ${MEMBER.email}`);
  const roleOf = async () => {
    const members = await (await request.get(`/api/designs/${id}/members`)).json();
    return members.find((m: { email: string }) => m.email === MEMBER.email)?.role ?? "none";
  };
  expect(await roleOf()).toBe("viewer");

  // Change the role with the row's select.
  await row.getByTestId("member-role").selectOption("editor");
  await expect(dialog.getByTestId("people-note")).toHaveText(`${MEMBER.email} is now an editor.`);
  await expect(row.getByTestId("member-role")).toHaveValue("editor");
  expect(await roleOf()).toBe("editor");

  // The last owner cannot step down: the server's message, the select back as it was.
  const me = dialog.locator(`[data-testid="member"][data-email="${ADMIN.email}"]`);
  await me.getByTestId("member-role").selectOption("viewer");
  await expect(dialog.getByTestId("people-error")).toContainText("a design keeps at least one owner");
  await expect(me.getByTestId("member-role")).toHaveValue("owner");

  // Remove the member.
  await row.getByRole("button", { name: `Remove ${MEMBER.email}` }).click();
  await expect(dialog.getByTestId("people-note")).toHaveText(`${MEMBER.email} no longer has access.`);
  await expect(row).toHaveCount(0);
  expect(await roleOf()).toBe("none");

  // Escape closes the dialog.
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
});

test("a link made in the dialog opens the design read-only until it is revoked there", async ({ page, request, browser }) => {
  const id = await storeShared(request, DESIGN, [[MEMBER, "editor"]]);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: ORIGIN });
  await joinRoom(page, id);
  const dialog = await openShare(page);
  await expect(dialog.getByTestId("no-links")).toHaveText("No live links.");

  await dialog.getByTestId("link-expiry").selectOption({ label: "After 7 days" });
  await dialog.getByTestId("create-link").click();
  const address = dialog.getByTestId("share-url");
  await expect(address).toHaveValue(new RegExp(`^${ORIGIN}/shared#[0-9a-f]{64}$`));
  const url = await address.inputValue();
  await dialog.getByTestId("copy-link").click();
  await expect(dialog.getByTestId("copy-link")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  const links = dialog.getByTestId("share-link");
  await expect(links).toHaveCount(1);
  await expect(links.locator("td").nth(1)).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  await expect(links.locator("td").nth(2)).toHaveText(ADMIN.email);

  await page.waitForTimeout(300);
  await dialog.screenshot({ path: "screenshots/share-dialog.png" });
  await page.evaluate(() => document.documentElement.setAttribute("data-theme", "dark"));
  await dialog.screenshot({ path: "screenshots/share-dialog-dark.png" });
  await page.evaluate(() => document.documentElement.setAttribute("data-theme", "light"));

  // A guest with no account opens the address.
  const guest = new Designer(await (await newContext(browser)).newPage());
  await guest.open(url.slice(ORIGIN.length));
  await expect(guest.node("vpc-1")).toBeVisible();
  await expect(guest.page.getByTestId("view-only")).toHaveText("View only");
  await expect(guest.saveStatus).toHaveText("Live");
  await expect(guest.page.getByTestId("share")).toHaveCount(0);

  // Revoked in the dialog: the guest is told at once, and the address is gone.
  await links.getByRole("button", { name: /^Revoke the link created / }).click();
  await expect(dialog.getByTestId("no-links")).toHaveText("No live links.");
  await expect(dialog.getByTestId("new-link")).toHaveCount(0);
  await expect(guest.toast).toHaveText("This share link was revoked or has expired");
  await expect(guest.saveStatus).not.toHaveText("Live");
});

test("a member who does not own the design reads the people without controls", async ({ request, browser }) => {
  const id = await storeShared(request, DESIGN, [[READER, "editor"]]);
  const reader = await joinRoom(await (await newContext(browser, READER)).newPage(), id);
  const dialog = await openShare(reader.page);
  await expect(dialog.getByTestId("member")).toHaveCount(2);
  await expect(dialog.locator(`[data-testid="member"][data-email="${ADMIN.email}"]`).getByTestId("member-role-text")).toHaveText("Owner");
  const me = dialog.locator(`[data-testid="member"][data-email="${READER.email}"]`);
  await expect(me).toContainText("(you)");
  await expect(me.getByTestId("member-role-text")).toHaveText("Editor");
  await expect(dialog.getByTestId("members-read-only")).toBeVisible();
  for (const control of ["invite-form", "member-role", "member-remove", "share-links", "create-link"]) {
    await expect(dialog.getByTestId(control)).toHaveCount(0);
  }
  await dialog.getByTestId("share-close").click();
  await expect(dialog).toHaveCount(0);
});

test("where the clipboard refuses, Copy selects the address for Ctrl+C", async ({ page, request }) => {
  const id = await storeShared(request, DESIGN, []);
  await page.addInitScript(() => {
    Object.defineProperty(navigator, "clipboard", {
      value: { writeText: () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError")) },
    });
  });
  await joinRoom(page, id);
  const dialog = await openShare(page);
  await dialog.getByTestId("create-link").click();
  const address = dialog.getByTestId("share-url");
  await expect(address).toHaveValue(/\/shared#[0-9a-f]{64}$/);
  await dialog.getByTestId("copy-link").click();
  await expect(dialog.getByTestId("new-link")).toContainText("The link is selected: press Ctrl+C (⌘C) to copy it.");
  await expect(address).toBeFocused();
  const selected = await address.evaluate((input: HTMLInputElement) =>
    input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0),
  );
  expect(selected).toBe(await address.inputValue());
  // "Never" is the default expiry.
  await expect(dialog.getByTestId("share-link").locator("td").nth(1)).toHaveText("Never");
});
