// Every kind of the palette, dragged with the mouse: dropped where AWS
// allows it, it joins the right container in the stored design and is drawn
// inside it; dropped where AWS forbids it, the drag shows why, the drop is
// refused with the same message and nothing is added.
import { expect, test } from "@playwright/test";
import { twoVpcs } from "../fixtures/designs";
import { Designer, inside, overlaps, type PagePoint } from "../pages/designer";

/**
 * Places of the design `twoVpcs()`: the open canvas; the VPCs "main" (in its
 * empty zone b, outside every subnet) and "spare"; and main's subnets.
 */
type Spot = "canvas" | "main" | "spare" | "public-a" | "private-a";

const ids: Record<Exclude<Spot, "canvas">, string> = {
  main: "vpc-main",
  spare: "vpc-spare",
  "public-a": "subnet-public-a",
  "private-a": "subnet-private-a",
};

/** Where a dropped resource must end up. */
interface Landing {
  /** The container it is drawn inside, or null for the open canvas. */
  drawnIn: string | null;
  /** The container highlighted while dragging over the drop point. */
  target: string | null;
  /** The references it must hold: `vpc`, `az`, or the subnets it is placed in. */
  refs: { vpc?: string; az?: string; subnets?: string[] };
}

/** Where a resource dropped on a spot lands, unless its case says otherwise. */
function landing(spot: Spot): Landing {
  switch (spot) {
    case "canvas":
      return { drawnIn: null, target: null, refs: {} };
    case "main":
    case "spare":
      return { drawnIn: ids[spot], target: ids[spot], refs: { vpc: ids[spot] } };
    default:
      return { drawnIn: ids[spot], target: ids[spot], refs: { subnets: [ids[spot]] } };
  }
}

interface Placement {
  on: Spot;
  lands?: Landing;
  /** Kind-specific properties of the stored resource. */
  check?: (resource: any) => void;
}

interface Case {
  kind: string;
  /** Resources the kind needs in the design before it is dropped. */
  needs?: any[];
  placed: Placement[];
  refused: { on: Spot; message: string }[];
}

const regional = (what: string) => `${what} is regional, not part of a VPC: place it outside every VPC`;

/** A regional kind: placed on the open canvas, refused on a spot inside a VPC. */
const regionalCase = (kind: string, refusedOn: Spot, what: string): Case => ({
  kind,
  placed: [{ on: "canvas" }],
  refused: [{ on: refusedOn, message: regional(what) }],
});

const cases: Case[] = [
  {
    kind: "vpc",
    placed: [{ on: "canvas" }],
    refused: [{ on: "main", message: "VPCs cannot be nested: drop the VPC on an empty part of the canvas" }],
  },
  {
    kind: "availability_zone",
    placed: [{ on: "main", check: (az) => expect(az.zone).toBe("c") }],
    refused: [{ on: "canvas", message: "An availability zone must be placed inside a VPC" }],
  },
  {
    kind: "subnet",
    placed: [{ on: "main", lands: { drawnIn: "az-main-b", target: "az-main-b", refs: { az: "az-main-b" } } }],
    refused: [{ on: "canvas", message: "A subnet must be placed inside a VPC's availability zone" }],
  },
  {
    kind: "internet_gateway",
    placed: [{ on: "spare" }],
    refused: [
      { on: "canvas", message: "An internet gateway must be placed inside a VPC" },
      { on: "main", message: 'VPC "main" already has internet gateway "igw": a VPC takes only one' },
    ],
  },
  {
    kind: "egress_only_internet_gateway",
    placed: [{ on: "main" }, { on: "spare" }],
    refused: [{ on: "canvas", message: "An egress-only internet gateway must be placed inside a VPC" }],
  },
  {
    kind: "transit_gateway",
    placed: [{ on: "canvas" }],
    refused: [{ on: "main", message: regional("A transit gateway") }],
  },
  {
    kind: "transit_gateway_attachment",
    needs: [{ id: "tgw-core", name: "core", type: "transit_gateway" }],
    placed: [
      {
        on: "private-a",
        check: (a) => expect([a.transit_gateway, a.vpc]).toEqual(["tgw-core", ids.main]),
      },
    ],
    refused: [{ on: "main", message: "A transit gateway attachment must be placed inside a subnet" }],
  },
  {
    kind: "vpn_gateway",
    placed: [{ on: "spare" }],
    refused: [{ on: "canvas", message: "A virtual private gateway must be placed inside a VPC" }],
  },
  {
    kind: "customer_gateway",
    placed: [{ on: "canvas" }],
    refused: [{ on: "main", message: regional("A customer gateway") }],
  },
  {
    kind: "vpn_connection",
    needs: [
      { id: "cgw-office", name: "office", type: "customer_gateway", ip_address: "203.0.113.10", bgp_asn: 65000 },
      { id: "vgw-main", name: "vgw", type: "vpn_gateway", vpc: "vpc-main" },
    ],
    placed: [
      {
        on: "canvas",
        check: (c) => expect([c.customer_gateway, c.vpn_gateway]).toEqual(["cgw-office", "vgw-main"]),
      },
    ],
    refused: [{ on: "main", message: regional("A VPN connection") }],
  },
  {
    kind: "flow_log",
    needs: [{ id: "logs-flow", name: "flow-logs", type: "log_group" }],
    placed: [
      {
        on: "main",
        lands: { drawnIn: ids.main, target: ids.main, refs: {} },
        check: (f) => expect([f.resource, f.destination, f.traffic_type]).toEqual([ids.main, "logs-flow", "all"]),
      },
    ],
    refused: [{ on: "canvas", message: "A VPC flow log must be placed inside a VPC" }],
  },
  {
    kind: "network_interface",
    placed: [{ on: "private-a" }],
    refused: [{ on: "main", message: "A network interface must be placed inside a subnet" }],
  },
  {
    kind: "nat_gateway",
    placed: [{ on: "public-a" }],
    refused: [{ on: "main", message: "A NAT gateway must be placed inside a subnet" }],
  },
  {
    kind: "elastic_ip",
    placed: [{ on: "canvas" }],
    refused: [{ on: "main", message: regional("An Elastic IP") }],
  },
  {
    kind: "route_table",
    // Dropped on a subnet: associated with it, drawn with the VPC's own resources.
    placed: [
      {
        on: "private-a",
        lands: { drawnIn: ids.main, target: ids["private-a"], refs: { vpc: ids.main } },
        check: (rt) => expect(rt.associations).toEqual([ids["private-a"]]),
      },
    ],
    refused: [
      { on: "canvas", message: "A route table must be placed inside a VPC" },
      {
        on: "public-a",
        message:
          'Subnet "public-a" already uses route table "public-rt": ' +
          "drop the new route table on the VPC outside its subnets",
      },
    ],
  },
  {
    kind: "network_acl",
    placed: [{ on: "main" }],
    refused: [{ on: "canvas", message: "A network ACL must be placed inside a VPC" }],
  },
  {
    kind: "security_group",
    // Dropped on a subnet, it belongs to the subnet's VPC and is drawn there.
    placed: [{ on: "public-a", lands: landing("main") }],
    refused: [{ on: "canvas", message: "A security group must be placed inside a VPC" }],
  },
  {
    kind: "vpc_endpoint",
    placed: [
      {
        on: "private-a",
        check: (ep) => expect([ep.endpoint_type, ep.vpc, ep.private_dns]).toEqual(["interface", ids.main, true]),
      },
      {
        on: "main",
        // A gateway endpoint, added to the VPC's route tables.
        check: (ep) =>
          expect([ep.endpoint_type, ep.service, ep.subnets, ep.route_tables]).toEqual([
            "gateway",
            "s3",
            undefined,
            ["rtb-public"],
          ]),
      },
    ],
    refused: [{ on: "canvas", message: "A VPC endpoint must be placed inside a VPC" }],
  },
  {
    kind: "vpc_peering",
    placed: [
      {
        on: "canvas",
        check: (pcx) => expect([pcx.requester, pcx.accepter].sort()).toEqual([ids.main, ids.spare]),
      },
    ],
    refused: [{ on: "main", message: "A VPC peering connection joins two VPCs: drop it on the canvas between them" }],
  },
  {
    kind: "load_balancer",
    placed: [{ on: "public-a" }],
    refused: [{ on: "main", message: "A load balancer must be placed inside a subnet" }],
  },
  {
    // A target group may go anywhere AWS has one: on a VPC for ip targets,
    // outside every VPC for a Lambda target.
    kind: "target_group",
    placed: [
      { on: "main", check: (tg) => expect(tg.target_type).toBe("ip") },
      { on: "canvas", check: (tg) => expect([tg.target_type, tg.vpc]).toEqual(["lambda", null]) },
    ],
    refused: [],
  },
  {
    kind: "lambda_function",
    placed: [
      { on: "private-a" },
      { on: "canvas", check: (fn) => expect(fn.vpc_config).toBeUndefined() },
    ],
    refused: [
      { on: "main", message: "A Lambda function in a VPC must be placed inside a subnet (or outside every VPC)" },
    ],
  },
  {
    kind: "ecs_service",
    placed: [{ on: "private-a" }],
    refused: [{ on: "canvas", message: "An ECS service must be placed inside a subnet" }],
  },
  {
    kind: "ec2_instance",
    placed: [{ on: "public-a", check: (i) => expect(i.subnet).toBe(ids["public-a"]) }],
    refused: [{ on: "main", message: "An EC2 instance must be placed inside a subnet" }],
  },
  {
    kind: "auto_scaling_group",
    placed: [{ on: "private-a", check: (g) => expect([g.min_size, g.max_size]).toEqual([1, 1]) }],
    refused: [{ on: "canvas", message: "An Auto Scaling group must be placed inside a subnet" }],
  },
  // An EKS cluster spans the subnets of its control plane; a node group
  // joins the cluster of the VPC it is dropped in.
  {
    kind: "eks_cluster",
    placed: [
      {
        on: "private-a",
        check: (c) => expect([c.endpoint_public, c.endpoint_private]).toEqual([true, false]),
      },
    ],
    refused: [{ on: "main", message: "An EKS cluster must be placed inside a subnet" }],
  },
  {
    kind: "eks_node_group",
    needs: [{ id: "eks-platform", name: "platform", type: "eks_cluster", subnets: ["subnet-private-a"] }],
    placed: [
      {
        on: "private-a",
        check: (g) =>
          expect([g.cluster, g.min_size, g.max_size, g.desired_size]).toEqual(["eks-platform", 1, 2, 2]),
      },
    ],
    refused: [{ on: "canvas", message: "An EKS node group must be placed inside a subnet" }],
  },
  // Databases, caches and file systems span the subnets of their subnet
  // group (mount targets): dropped in a subnet, they start in that one.
  {
    kind: "rds_instance",
    placed: [
      {
        on: "private-a",
        check: (db) =>
          expect([db.engine, db.subnets, db.publicly_accessible]).toEqual(["postgres", [ids["private-a"]], undefined]),
      },
    ],
    refused: [{ on: "main", message: "An RDS database must be placed inside a subnet" }],
  },
  {
    kind: "db_cluster",
    placed: [{ on: "private-a", check: (db) => expect([db.engine, db.instances]).toEqual(["aurora-postgresql", 2]) }],
    refused: [{ on: "canvas", message: "An Aurora cluster must be placed inside a subnet" }],
  },
  {
    kind: "cache_cluster",
    placed: [{ on: "private-a", check: (c) => expect([c.engine, c.nodes]).toEqual(["redis", 1]) }],
    refused: [{ on: "main", message: "An ElastiCache cluster must be placed inside a subnet" }],
  },
  {
    kind: "efs_file_system",
    placed: [{ on: "private-a", check: (fs) => expect([fs.encrypted, fs.subnets]).toEqual([true, [ids["private-a"]]]) }],
    refused: [{ on: "canvas", message: "An EFS file system must be placed inside a subnet" }],
  },
  // Regional services: outside every VPC, never in a VPC or a subnet.
  regionalCase("launch_template", "main", "A launch template"),
  regionalCase("api_gateway", "public-a", "An API Gateway API"),
  regionalCase("sqs_queue", "main", "An SQS queue"),
  regionalCase("log_group", "private-a", "A CloudWatch log group"),
  regionalCase("nested_stack", "main", "A nested stack"),
  regionalCase("s3_bucket", "main", "An S3 bucket"),
  regionalCase("dynamodb_table", "spare", "A DynamoDB table"),
  regionalCase("aws_service", "public-a", "An AWS service"),
];

/** The page point of a spot; inside a VPC it is in an empty zone, below any subnet. */
async function pointOf(designer: Designer, spot: Spot): Promise<PagePoint> {
  switch (spot) {
    case "canvas":
      return designer.emptyCanvasPoint();
    case "main":
      return designer.pointIn(designer.node("az-main-b"), 0.5, 0.75);
    case "spare":
      return designer.pointIn(designer.node("az-spare-b"), 0.5, 0.75);
    default:
      return designer.pointIn(designer.node(ids[spot]), 0.5, 0.6);
  }
}

/** The references that place a stored resource: its VPC, zone and subnets. */
function refsOf(r: any) {
  return {
    vpc: r.vpc ?? null,
    az: r.az ?? null,
    subnets: r.subnets ?? r.vpc_config?.subnets ?? r.network?.subnets ?? (r.subnet ? [r.subnet] : []),
  };
}

test("the palette offers exactly the kinds tested here", async ({ page }) => {
  const designer = new Designer(page);
  await designer.open();
  const items = page.locator('.palette [data-testid^="palette-"]:not([data-testid="palette-search"])');
  const offered = await items.evaluateAll((els) =>
    els.map((e) => e.getAttribute("data-testid")!.slice("palette-".length)),
  );
  expect(offered.sort()).toEqual(cases.map((c) => c.kind).sort());
});

for (const c of cases) {
  test(`${c.kind}: dropped where AWS allows it, refused elsewhere`, async ({ page, request }) => {
    const designer = new Designer(page);
    const design = twoVpcs();
    design.resources.push(...(c.needs ?? []));
    await designer.openStored(request, design);
    const before = new Set<string>((await designer.stored(request)).resources.map((r: any) => r.id));

    for (const placement of c.placed) {
      const lands = placement.lands ?? landing(placement.on);
      const count = await designer.nodes(c.kind).count();
      await designer.dragPaletteItem(c.kind, await pointOf(designer, placement.on));
      await expect(designer.ghost).toBeVisible();
      await expect(designer.ghost).not.toHaveClass(/refused/);
      const target = designer.canvas.locator("g.node.drop-target");
      if (lands.target) await expect(target).toHaveAttribute("data-testid", `node-${lands.target}`);
      else await expect(target).toHaveCount(0);
      await page.mouse.up();
      await expect(designer.nodes(c.kind)).toHaveCount(count + 1);

      const design = await designer.stored(request);
      const added = design.resources.filter((r: any) => r.type === c.kind && !before.has(r.id));
      expect(added, `one new ${c.kind}`).toHaveLength(1);
      const resource = added[0];
      // A new VPC brings its two zones; everything stored now is the baseline.
      for (const r of design.resources) before.add(r.id);
      if (lands.drawnIn) expect(refsOf(resource), `${c.kind} on ${placement.on}`).toMatchObject(lands.refs);
      else expect(refsOf(resource), `${c.kind} on the canvas`).toEqual({ vpc: null, az: null, subnets: [] });
      placement.check?.(resource);

      // Drawn inside its container and clear of the subnets it is not in;
      // on the open canvas, clear of every VPC.
      const shape = await designer.shapeOf(designer.node(resource.id));
      if (lands.drawnIn) {
        const container = await designer.shapeOf(designer.node(lands.drawnIn));
        expect(inside(shape, container), `drawn in ${lands.drawnIn}`).toBe(true);
      }
      for (const subnet of await designer.nodes("subnet").all()) {
        const id = await designer.idOf(subnet);
        if (id === lands.drawnIn || id === resource.id) continue;
        expect(overlaps(shape, await designer.shapeOf(subnet)), "clear of other subnets").toBe(false);
      }
      if (!lands.drawnIn) {
        for (const vpc of await designer.nodes("vpc").all()) {
          if ((await designer.idOf(vpc)) === resource.id) continue;
          expect(overlaps(shape, await designer.shapeOf(vpc)), "clear of every VPC").toBe(false);
        }
      }
    }

    for (const refusal of c.refused) {
      const count = await designer.allNodes().count();
      await designer.dragPaletteItem(c.kind, await pointOf(designer, refusal.on));
      await expect(designer.ghost).toHaveClass(/refused/);
      await expect(designer.ghost.locator(".ghost-reason")).toHaveText(refusal.message);
      await page.mouse.up();
      await expect(designer.toast).toHaveText(refusal.message);
      await expect(designer.allNodes()).toHaveCount(count);
      await page.getByRole("button", { name: "Dismiss" }).click();
      await expect(designer.toast).toHaveCount(0);
    }
    // Nothing refused reached the server.
    const stored = await designer.stored(request);
    expect(stored.resources.map((r: any) => r.id).sort()).toEqual([...before].sort());
  });
}
