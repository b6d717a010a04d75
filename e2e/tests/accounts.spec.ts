// Accounts in the browser: signing in (a wrong password is refused without
// saying whether the account exists), signing out, and a viewer who sees
// only the designs shared with them, whose editor is read-only and whose
// saves the server refuses.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, ORIGIN } from "../accounts";
import { Designer } from "../pages/designer";

/** Signs in on the sign-in page the app shows to a visitor without a session. */
async function signIn(page: Page, email: string, password: string) {
  await expect(page.getByTestId("sign-in-title")).toHaveText("Sign in");
  await page.getByTestId("sign-in-email").fill(email);
  await page.getByTestId("sign-in-password").fill(password);
  await page.getByTestId("sign-in-submit").click();
}

const SLICE = {
  schema_version: 2,
  name: "shared with a viewer",
  resources: [{ id: "vpc-1", name: "main", type: "vpc", cidr_blocks: ["10.0.0.0/16"] }],
  layout: { positions: { "vpc-1": { x: 40, y: 40, w: 600, h: 400 } } },
};

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sign in, see the app, sign out", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("sign-in-page")).toBeVisible();
    await page.screenshot({ path: "screenshots/sign-in.png" });

    await signIn(page, ADMIN.email, "not the password");
    await expect(page.getByTestId("sign-in-error")).toHaveText("the email or the password is wrong");
    await page.getByTestId("sign-in-email").fill("nobody@example.com");
    await page.getByTestId("sign-in-submit").click();
    await expect(page.getByTestId("sign-in-error")).toHaveText("the email or the password is wrong");

    await page.getByTestId("sign-in-email").fill(ADMIN.email);
    await page.getByTestId("sign-in-password").fill(ADMIN.password);
    await page.getByTestId("sign-in-submit").click();
    const designer = new Designer(page);
    await expect(designer.canvas).toBeVisible();
    const cookie = (await page.context().cookies()).find((c) => c.name === "vpcraft_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Strict");

    await page.getByTestId("sign-out").click();
    await expect(page.getByTestId("sign-in-title")).toHaveText("Sign in");
    expect((await page.context().cookies()).find((c) => c.name === "vpcraft_session")).toBeUndefined();
  });
});

test("a viewer sees only what is shared with them and cannot save edits", async ({ request, browser }) => {
  // The administrator adds an account, makes two designs and shares one.
  const viewer = { email: "viewer@example.com", password: "e2e viewer password" };
  const added = await request.post("/api/users", { data: viewer, headers: { Origin: ORIGIN } });
  expect(added.status(), await added.text()).toBe(201);
  const mine = await request.post("/api/designs", { data: { ...SLICE, name: "not shared" }, headers: { Origin: ORIGIN } });
  expect(mine.status()).toBe(201);
  const shared = await request.post("/api/designs", { data: SLICE, headers: { Origin: ORIGIN } });
  const { id } = await shared.json();
  const invited = await request.put(`/api/designs/${id}/members`, {
    data: { email: viewer.email, role: "viewer" },
    headers: { Origin: ORIGIN },
  });
  expect(invited.status(), await invited.text()).toBe(200);

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/designs");
  await signIn(page, viewer.email, viewer.password);
  await expect(page.getByTestId("design-row")).toHaveCount(1);
  await expect(page.getByTestId("design-row")).toContainText("shared with a viewer");

  const designer = new Designer(page);
  await designer.open(`/d/${id}`);
  await expect(designer.canvas.locator("g.node").first()).toBeVisible();
  // The design's room tells the viewer's editor to be read-only.
  await expect(page.getByTestId("view-only")).toHaveText("View only");
  await expect(page.getByTestId("design-name")).toBeDisabled();
  await designer.select(designer.nodes("vpc"));
  await page.keyboard.press("Delete");
  await expect(designer.toast).toHaveText("You can view this design but not edit it");
  await expect(designer.nodes("vpc")).toHaveCount(1);
  await page.screenshot({ path: "screenshots/viewer-refused.png" });
  // A save through the API is refused all the same.
  const put = await context.request.put(`/api/designs/${id}`, {
    data: { base_revision: 1, design: { ...SLICE, name: "renamed by a viewer" } },
    headers: { Origin: ORIGIN },
  });
  expect(put.status()).toBe(403);
  expect(await put.text()).toContain("saving needs the editor role; yours on this design is viewer");

  const stored = await (await request.get(`/api/designs/${id}`)).json();
  expect(stored.design.name).toBe("shared with a viewer");
  await context.close();
});
