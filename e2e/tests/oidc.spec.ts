// Signing in with the company's identity provider (OpenID Connect) in the
// browser: the sign-in page's "Sign in with Test SSO" button, the test
// provider's own login and consent pages (oidc/provider.mjs, panva's
// oidc-provider), and the return to the app signed in; and cancelling at
// the provider, which returns to the sign-in page with one sentence.
import { expect, test, type Page } from "@playwright/test";
import { OIDC_NAME, OIDC_URL } from "../oidc/settings";
import { Designer } from "../pages/designer";

test.use({ storageState: { cookies: [], origins: [] } });

/** Clicks the provider's button and signs in at the provider as `login`. */
async function throughProvider(page: Page, login: string) {
  await page.goto("/");
  const button = page.getByTestId("sign-in-oidc");
  await expect(button).toHaveText(`Sign in with ${OIDC_NAME}`);
  await button.click();
  await expect(page).toHaveURL(new RegExp(`^${OIDC_URL}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator("button[type=submit]").click();
  // The consent form.
  await expect(page.locator('input[name="prompt"][value="consent"]')).toBeAttached();
}

test("sign in with the identity provider and land in the app", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("sign-in-page")).toBeVisible();
  await expect(page.getByTestId("sign-in-oidc")).toBeVisible();
  await page.screenshot({ path: "screenshots/oidc-sign-in.png" });

  await throughProvider(page, "erin");
  await page.screenshot({ path: "screenshots/oidc-provider-consent.png" });
  await page.locator("button[type=submit]").click();

  // Back in the app, signed in as the provider's account.
  const designer = new Designer(page);
  await expect(designer.canvas).toBeVisible();
  await expect(page.getByTestId("sign-out")).toHaveAttribute("title", "Signed in as erin@example.test: sign out");
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "vpcraft_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Strict");
  // The sign-in's own cookie is gone once it is used.
  expect(cookies.find((c) => c.name === "vpcraft_oidc")).toBeUndefined();
  await page.screenshot({ path: "screenshots/oidc-signed-in.png" });
});

test("cancelling at the identity provider returns to the sign-in page with a sentence", async ({ page }) => {
  await throughProvider(page, "frank");
  await page.getByText("[ Cancel ]").click();
  await expect(page.getByTestId("sign-in-page")).toBeVisible();
  await expect(page.getByTestId("sign-in-error")).toHaveText(`Sign-in with ${OIDC_NAME} was cancelled.`);
  // The code leaves the address, so a reload shows the page afresh.
  expect(new URL(page.url()).search).toBe("");
  await page.screenshot({ path: "screenshots/oidc-cancelled.png" });
  await page.reload();
  await expect(page.getByTestId("sign-in-page")).toBeVisible();
  await expect(page.getByTestId("sign-in-error")).toHaveCount(0);
});
