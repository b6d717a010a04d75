// A benchmark, not part of the default run: the design `cargo xtask
// bench-import` wrote (about 2,000 resources read from moto), opened in the
// app. Run with VPCRAFT_IMPORT_DESIGN=<target>/bench-import/design.json. It
// prints the zoom the whole account fits at, the drawing problems a person
// would see (overlapping icons or texts; flows are left out at this size),
// and the frame times of a drag of one subnet's contents; and it writes
// screenshots of the whole account, of one zone at a readable zoom and of
// a crowded subnet's membership chips.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { ORIGIN } from "../accounts";
import { Designer } from "../pages/designer";
import { drawing, problems } from "../pages/drawing";

const path = process.env.VPCRAFT_IMPORT_DESIGN;
test.skip(!path, "a benchmark: run with VPCRAFT_IMPORT_DESIGN=<target>/bench-import/design.json");
// A trace snapshots the whole page at every pointer move: at this size that,
// not the app, would be what the frame times measure.
test.use({ trace: "off" });

test("an imported account of 2,000 resources reads at a glance and drags smoothly", async ({ page, request }) => {
  test.setTimeout(600_000);
  const design = JSON.parse(readFileSync(path!, "utf8"));
  // Laid out afresh by the app, as the import lays out what it reads: the
  // file keeps the layout of the code that ran the bench.
  design.layout = { positions: {} };
  const designer = new Designer(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  const created = await request.post("/api/designs", { data: design, headers: { Origin: ORIGIN } });
  expect(created.ok(), await created.text()).toBeTruthy();
  const started = Date.now();
  // A plain CSS wait: Playwright's visibility check of the whole canvas
  // reads the text of every one of its thousands of elements.
  await page.goto(`/d/${(await created.json()).id}`);
  await page.waitForSelector("g.node", { state: "attached", timeout: 300_000 });
  await designer.settle();
  console.log(`  opened and drawn in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const total = await designer.canvas.locator("g.node").count();
  const zoom = await page.getByTestId("fit").textContent();
  const found = problems(await drawing(page, { flows: false }));
  // The problems by kind, with a few of each.
  const kinds = new Map<string, string[]>();
  for (const p of found) {
    const texts = /^(name|chip|flow label) ".*" overlaps (name|chip|flow label) "/.exec(p);
    const what = texts
      ? [texts[1], texts[2]].sort().join(" over ")
      : p.includes(" overlaps ") ? "icons overlapping" : p.includes("passes through") ? "flows through an icon" : p.includes("label of") ? "flow labels covering an icon" : "flows not joining two icons";
    kinds.set(what, [...(kinds.get(what) ?? []), p]);
  }
  console.log(`  ${design.resources.length} resources, ${design.flows.length} flows, ${total} nodes drawn; fits at ${zoom}`);
  console.log(`  problems at fit: ${found.length}`);
  for (const [what, all] of kinds) {
    console.log(`    ${all.length} ${what}, as:`);
    for (const p of all.slice(0, 3)) console.log(`      ${p}`);
  }
  await page.mouse.move(4, 990);
  await page.screenshot({ path: "screenshots/aws-import-2000-fit.png" });

  // Zoomed in on the first zone, as a person reads it.
  const zone = designer.nodes("availability_zone").first();
  const box = (await zone.boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + 40);
  // The canvas zooms by exp(-deltaY * 0.002) per Ctrl+wheel: to 100 %.
  const fit = parseInt(zoom ?? "100", 10);
  await page.keyboard.down("Control");
  await page.mouse.wheel(0, -Math.log(100 / fit) / 0.002);
  await page.keyboard.up("Control");
  await designer.settle();
  await page.mouse.move(4, 990);
  await page.screenshot({ path: "screenshots/aws-import-2000-zone.png" });
  const zoomed = problems(await drawing(page, { flows: false }));
  console.log(`  problems in view at ${await page.getByTestId("fit").textContent()}: ${zoomed.length}`);

  // A drag of the first subnet, 60 frames.
  const subnet = designer.nodes("subnet").first();
  const start = (await subnet.boundingBox())!;
  const [x, y] = [start.x + 30, start.y + 8];
  await page.mouse.move(x, y);
  await page.mouse.down();
  const frames: number[] = [];
  for (let i = 1; i <= 60; i++) {
    const before = Date.now();
    await page.mouse.move(x + i * 2, y + i);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    frames.push(Date.now() - before);
  }
  await page.mouse.up();
  frames.sort((a, b) => a - b);
  console.log(`  drag of a subnet: p50 ${frames[30]} ms, p95 ${frames[57]} ms per pointer move and frame`);
  expect(total).toBeGreaterThan(1000);

  // The chips at the bottom of a crowded subnet, at 100 %: the functions
  // it also runs, clear of its icons, and the one that folds the rest.
  await page.getByTestId("fit").click();
  await designer.settle();
  const folded = designer.canvas.locator("g.membership-chip[data-testid^='members-']").first();
  const chip = (await folded.boundingBox())!;
  await page.mouse.move(chip.x + chip.width / 2, chip.y);
  await page.keyboard.down("Control");
  await page.mouse.wheel(0, -Math.log(100 / fit) / 0.002);
  await page.keyboard.up("Control");
  await designer.settle();
  await page.mouse.move(4, 990);
  await page.screenshot({ path: "screenshots/aws-import-2000-chips.png" });
  console.log(`  the first folding chip says "${(await folded.locator("text").textContent())?.trim()}"`);
});
