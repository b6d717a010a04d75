// Moving a resource into another container changes where it belongs, as an
// AWS engineer expects: a Lambda function dragged from one subnet into
// another runs in the new one (one undo step puts it back), the subnet under
// the pointer is marked while dragging, and a move AWS forbids (a NAT
// gateway on the open canvas, a queue in a VPC) is refused with the reason
// and the node goes back.
import { expect, test, type Page } from "@playwright/test";
import { Designer, SAVED, type PagePoint } from "../pages/designer";

/**
 * One VPC with zones a and b and a subnet in each; the function "worker"
 * (with its security group) and the NAT gateway "nat-a" in subnet "a"; the
 * queue "jobs" far to the right on the open canvas.
 */
function design() {
  return {
    schema_version: 2,
    name: "re-homing",
    region: "us-east-1",
    resources: [
      { id: "vpc-main", name: "main", type: "vpc", cidr_blocks: ["10.0.0.0/16"] },
      { id: "az-a", name: "zone-a", type: "availability_zone", vpc: "vpc-main", zone: "a" },
      { id: "az-b", name: "zone-b", type: "availability_zone", vpc: "vpc-main", zone: "b" },
      { id: "subnet-a", name: "a", type: "subnet", az: "az-a", cidr: "10.0.0.0/24" },
      { id: "subnet-b", name: "b", type: "subnet", az: "az-b", cidr: "10.0.1.0/24" },
      { id: "sg-worker", name: "worker-sg", type: "security_group", vpc: "vpc-main" },
      {
        id: "fn-worker",
        name: "worker",
        type: "lambda_function",
        runtime: "python3.12",
        handler: "app.handler",
        vpc_config: { subnets: ["subnet-a"], security_groups: ["sg-worker"] },
      },
      { id: "nat-a", name: "nat-a", type: "nat_gateway", subnet: "subnet-a", connectivity: "private" },
      { id: "queue-jobs", name: "jobs", type: "sqs_queue" },
    ],
    flows: [],
    layout: {
      positions: {
        "vpc-main": { x: 40, y: 40, w: 672, h: 560 },
        "az-a": { x: 64, y: 88, w: 300, h: 372 },
        "az-b": { x: 388, y: 88, w: 300, h: 372 },
        "subnet-a": { x: 80, y: 128, w: 268, h: 150 },
        "subnet-b": { x: 404, y: 128, w: 268, h: 150 },
        "fn-worker": { x: 96, y: 176, w: 112, h: 84 },
        "nat-a": { x: 224, y: 176, w: 112, h: 84 },
        "sg-worker": { x: 64, y: 476, w: 112, h: 84 },
        "queue-jobs": { x: 1300, y: 40, w: 112, h: 84 },
      },
    },
  };
}

/** The canvas zoom, from an icon's drawn width (icons are 112 units wide). */
async function zoomOf(designer: Designer): Promise<number> {
  return (await designer.shapeOf(designer.node("fn-worker"))).width / 112;
}

/** Presses on an icon's centre and moves the pointer to `to` without releasing it. */
async function carry(page: Page, designer: Designer, id: string, to: PagePoint) {
  const from = await designer.pointIn(designer.node(id));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
}

/** A stored resource by ID. */
function resource(stored: any, id: string): any {
  return stored.resources.find((r: any) => r.id === id);
}

test("a Lambda function dragged into another subnet runs there, in one undo step", async ({ page, request }) => {
  const designer = new Designer(page);
  await designer.openStored(request, design());
  const zoom = await zoomOf(designer);
  const start = await designer.pointIn(designer.node("fn-worker"));

  // 320 units to the right: the function's centre is over subnet "b".
  await carry(page, designer, "fn-worker", { x: start.x + 320 * zoom, y: start.y });
  await expect(page.getByTestId("drag-layer")).toBeVisible();
  await expect(designer.canvas.locator("g.node.drop-target")).toHaveAttribute("data-testid", "node-subnet-b");
  await page.mouse.up();
  await expect(designer.canvas.locator("g.node.drop-target")).toHaveCount(0);

  const moved = await designer.stored(request);
  expect(resource(moved, "fn-worker").vpc_config).toEqual({
    subnets: ["subnet-b"],
    security_groups: ["sg-worker"],
  });
  expect(moved.layout.positions["fn-worker"]).toEqual({ x: 416, y: 176, w: 112, h: 84 });
  // Drawn in the subnet it runs in: no membership chip is left in "a".
  await expect(page.getByTestId("member-fn-worker")).toHaveCount(0);
  // Nothing else changed.
  expect(resource(moved, "nat-a").subnet).toBe("subnet-a");

  // One undo step restores both the membership and the drawing.
  await designer.undo();
  const undone = await designer.stored(request);
  expect(resource(undone, "fn-worker").vpc_config.subnets).toEqual(["subnet-a"]);
  expect(undone.layout.positions["fn-worker"]).toEqual({ x: 96, y: 176, w: 112, h: 84 });
});

test("a NAT gateway dropped on the open canvas is refused and stays in its subnet", async ({ page, request }) => {
  const designer = new Designer(page);
  await designer.openStored(request, design());
  const before = await designer.shapeOf(designer.node("nat-a"));

  await carry(page, designer, "nat-a", await designer.emptyCanvasPoint());
  await expect(page.getByTestId("drag-layer")).toBeVisible();
  // Nothing on the open canvas is marked as a place it could go.
  await expect(designer.canvas.locator("g.node.drop-target")).toHaveCount(0);
  await page.mouse.up();
  await expect(designer.toast).toHaveText("A NAT gateway must be placed inside a subnet");
  await expect(page.getByTestId("drag-layer")).toHaveCount(0);
  expect(await designer.shapeOf(designer.node("nat-a"))).toEqual(before);
  await page.getByRole("button", { name: "Dismiss" }).click();

  // A regional queue dropped in a subnet is refused the same way.
  const queue = await designer.shapeOf(designer.node("queue-jobs"));
  await carry(page, designer, "queue-jobs", await designer.pointIn(designer.node("subnet-b")));
  await page.mouse.up();
  await expect(designer.toast).toHaveText("An SQS queue is regional, not part of a VPC: place it outside every VPC");
  expect(await designer.shapeOf(designer.node("queue-jobs"))).toEqual(queue);

  // The server holds the design as it was stored.
  await expect(designer.saveStatus).toHaveText(SAVED);
  const stored = await designer.stored(request);
  expect(resource(stored, "nat-a").subnet).toBe("subnet-a");
  expect(stored.layout.positions["nat-a"]).toEqual(design().layout.positions["nat-a"]);
  expect(stored.layout.positions["queue-jobs"]).toEqual(design().layout.positions["queue-jobs"]);
});
