// A classic load balancer (the previous generation): drawn with its own
// icon, its flows judged through its listeners to its instances' port, and
// its listeners edited in the inspector, where a wrong instance port turns
// the flow red and undo turns it green again.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { Designer } from "../pages/designer";

const fixture = () =>
  JSON.parse(readFileSync(`${__dirname}/../../core/tests/fixtures/cfn/classic.json`, "utf8"));

test("a classic load balancer's listeners forward to its instances and are edited in place", async ({
  page,
  request,
}) => {
  const designer = new Designer(page);
  await designer.openStored(request, fixture());

  const clb = designer.node("clb");
  await expect(clb.locator('image[data-icon="clb"]')).toHaveCount(1);
  const http = designer.canvas.getByTestId("flow-f-http");
  await expect(http).toHaveAttribute("data-verdict", "permitted");
  await expect(designer.canvas.getByTestId("flow-f-https")).toHaveAttribute("data-verdict", "permitted");

  await designer.select(clb);
  await expect(designer.prop("lb_type")).toHaveValue("classic");
  await expect(page.getByTestId("prop-classic-listeners-row")).toHaveCount(2);
  await expect(page.getByTestId("prop-classic-listeners-0-port")).toHaveValue("80");
  await expect(page.getByTestId("prop-classic-listeners-1-certificate")).toHaveValue(
    "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
  );
  // A classic balancer has no listener resources of its own to add.
  await expect(page.getByTestId("add-listener")).toHaveCount(0);
  await page.screenshot({ path: "screenshots/classic-lb.png" });

  // The instances admit 8080 only: forwarding to 9090 blocks the flow.
  await page.getByTestId("prop-classic-listeners-0-instance-port").fill("9090");
  await expect(http).toHaveAttribute("data-verdict", "blocked");
  await page.getByTestId("prop-classic-listeners-0-instance-port").fill("9x");
  await expect(page.getByTestId("prop-error")).toContainText("is not a port");
  await page.getByTestId("prop-classic-listeners-0-instance-port").fill("8080");
  await expect(http).toHaveAttribute("data-verdict", "permitted");

  await page.getByTestId("prop-classic-listeners-add").click();
  await expect(page.getByTestId("prop-classic-listeners-row")).toHaveCount(3);
  await expect(page.getByTestId("prop-classic-listeners-2-port")).toHaveValue("444");
  const stored = await designer.stored(request);
  const lb = stored.resources.find((r: any) => r.id === "clb");
  expect(lb.classic_listeners.map((l: any) => [l.port, l.protocol, l.instance_port])).toEqual([
    [80, "HTTP", 8080],
    [443, "HTTPS", 8080],
    [444, "HTTP", 444],
  ]);
  expect(lb.instances).toEqual(["app", "workers"]);
});
