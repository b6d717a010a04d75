// Performance benchmark (not part of the default run; set VPCRAFT_BENCH=1):
// a design of about 1,000 resources, one VPC with about 100 resources inside
// dragged for 120 frames with real mouse moves, then a full re-validation
// after an edit. Prints p50/p95 frame times and the validation time.
import { expect, test, type Page } from "@playwright/test";
import { Designer } from "../pages/designer";

test.skip(!process.env.VPCRAFT_BENCH, "a benchmark: run with VPCRAFT_BENCH=1");

const VPCS = 10;
const LAMBDAS_PER_SUBNET = 23;
const ICON_W = 112;
const ICON_H = 84;
const COLS = 6;

/** Ten VPCs, each with two zones of two subnets holding 23 functions. */
function bigDesign() {
  const resources: any[] = [];
  const positions: Record<string, { x: number; y: number; w: number; h: number }> = {};
  const rows = Math.ceil(LAMBDAS_PER_SUBNET / COLS);
  const subnetW = COLS * ICON_W + 32;
  const subnetH = rows * ICON_H + 64;
  const zoneW = subnetW + 32;
  const zoneH = 2 * subnetH + 80;
  const vpcW = 2 * zoneW + 72;
  const vpcH = zoneH + 80;
  for (let v = 0; v < VPCS; v++) {
    const vx = (v % 5) * (vpcW + 64);
    const vy = Math.floor(v / 5) * (vpcH + 64);
    const vpc = `vpc-${v}`;
    resources.push({ id: vpc, name: `vpc-${v}`, type: "vpc", cidr_blocks: [`10.${v}.0.0/16`] });
    positions[vpc] = { x: vx, y: vy, w: vpcW, h: vpcH };
    for (let z = 0; z < 2; z++) {
      const az = `az-${v}-${z}`;
      const zx = vx + 24 + z * (zoneW + 24);
      const zy = vy + 56;
      resources.push({ id: az, name: `az-${v}-${z}`, type: "availability_zone", vpc, zone: "ab"[z] });
      positions[az] = { x: zx, y: zy, w: zoneW, h: zoneH };
      for (let s = 0; s < 2; s++) {
        const subnet = `subnet-${v}-${z}-${s}`;
        const sx = zx + 16;
        const sy = zy + 48 + s * (subnetH + 16);
        resources.push({ id: subnet, name: subnet, type: "subnet", az, cidr: `10.${v}.${z * 2 + s}.0/24` });
        positions[subnet] = { x: sx, y: sy, w: subnetW, h: subnetH };
        for (let l = 0; l < LAMBDAS_PER_SUBNET; l++) {
          const fn = `fn-${v}-${z}-${s}-${l}`;
          resources.push({
            id: fn,
            name: fn,
            type: "lambda_function",
            runtime: "python3.12",
            handler: "index.handler",
            vpc_config: { subnets: [subnet], security_groups: [] },
          });
          positions[fn] = {
            x: sx + 16 + (l % COLS) * ICON_W,
            y: sy + 48 + Math.floor(l / COLS) * ICON_H,
            w: ICON_W,
            h: ICON_H,
          };
        }
      }
    }
  }
  return { schema_version: 2, name: "benchmark", region: "eu-west-1", resources, flows: [], layout: { positions } };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Waits for the next animation frame of the page. */
async function frame(page: Page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
}

test("drag a VPC of 100 resources among 1,000; re-validate after an edit", async ({ page, request }) => {
  test.setTimeout(180_000);
  const design = bigDesign();
  const created = await request.post("/api/designs", { data: design });
  expect(created.ok(), await created.text()).toBeTruthy();
  const { id } = await created.json();
  const designer = new Designer(page);
  await designer.open(`/d/${id}`);
  await expect(designer.nodes("lambda_function")).toHaveCount(VPCS * 4 * LAMBDAS_PER_SUBNET, { timeout: 60_000 });
  const total = await designer.canvas.locator("g.node").count();

  // Frame timestamps from requestAnimationFrame, and long animation frames
  // where the browser reports them.
  await page.evaluate(() => {
    const w = window as any;
    w.__frames = [];
    w.__loaf = [];
    w.__recording = true;
    const tick = (t: number) => {
      w.__frames.push(t);
      if (w.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    try {
      new PerformanceObserver((list) => w.__loaf.push(...list.getEntries().map((e) => e.duration))).observe({
        type: "long-animation-frame",
        buffered: false,
      });
    } catch {
      // Not supported by this browser.
    }
  });

  const vpc = page.getByTestId("node-vpc-1");
  const box = (await vpc.boundingBox())!;
  const x = box.x + 40;
  const y = box.y + 5;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 120; i++) {
    await page.mouse.move(x + i * 3, y + i * 2);
    await frame(page);
  }
  await page.mouse.up();
  await frame(page);
  const { frames, loaf } = await page.evaluate(() => {
    const w = window as any;
    w.__recording = false;
    return { frames: w.__frames as number[], loaf: w.__loaf as number[] };
  });
  const deltas = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const moved = (await vpc.boundingBox())!;
  expect(moved.x).toBeGreaterThan(box.x + 100);

  const fmt = (n: number) => n.toFixed(1);
  console.log(`vpcraft benchmark: ${total} resources drawn, VPC with ${4 * LAMBDAS_PER_SUBNET + 6} resources dragged`);
  console.log(
    `  drag frames: n=${deltas.length} p50=${fmt(percentile(deltas, 50))} ms p95=${fmt(percentile(deltas, 95))} ms ` +
      `max=${fmt(deltas[deltas.length - 1])} ms`,
  );
  if (loaf.length) console.log(`  long animation frames (>50 ms): ${loaf.length}, longest ${fmt(Math.max(...loaf))} ms`);
  // An edit: undo the drag, which re-runs validation on the whole design.
  await page.evaluate(() => performance.clearMeasures("validate"));
  await page.keyboard.press("ControlOrMeta+z");
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByName("validate", "measure").length), { timeout: 60_000 })
    .toBeGreaterThan(0);
  const validate = await page.evaluate(() => performance.getEntriesByName("validate", "measure").map((e) => e.duration));
  console.log(`  re-validation after an edit: ${validate.map(fmt).join(", ")} ms`);
});
