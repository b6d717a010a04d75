// The geometry of what the canvas draws, and the problems a person would
// see in it (overlapping icons or texts, flows through icons or names they
// do not connect): shared by the template and the import-scale checks.
import type { Page } from "@playwright/test";

export type Box = { x: number; y: number; w: number; h: number };
export type Drawing = {
  /** Icon nodes: the whole node, its icon and its name. */
  nodes: { id: string; hit: Box; icon: Box; label: Box }[];
  /** Replicas of spanning resources: their icon and name. */
  replicas: { id: string; icon: Box; label: Box }[];
  /** Every text drawn (names, titles, captions, chips, flow labels), with
   * what it says and which of those it is. */
  texts: { text: string; kind: string; box: Box }[];
  /** Flows: sampled points of each route and the box of its label (none
   * where the canvas found no free spot for it). */
  flows: { id: string; points: { x: number; y: number }[]; label: Box | null }[];
};

/**
 * The geometry of what the canvas draws, in screen pixels. Flows are sampled
 * every `step` pixels along their route; `flows: false` leaves them out,
 * which a drawing of thousands of resources needs (sampling every route
 * there takes the page's renderer past its memory).
 */
export async function drawing(page: Page, options: { flows?: boolean; step?: number } = {}): Promise<Drawing> {
  const { flows: withFlows = true, step = 2 } = options;
  return page.evaluate(({ withFlows, step }) => {
    const box = (e: Element | null): Box => {
      if (!e) throw new Error("missing element");
      const b = e.getBoundingClientRect();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    };
    const canvas = document.querySelector('[data-testid="canvas"]')!;
    const nodes = [...canvas.querySelectorAll("g.node.icon-node")].map((g) => ({
      id: g.getAttribute("data-testid") ?? "",
      hit: box(g.querySelector(".hit")),
      icon: box(g.querySelector(".icon")),
      label: box(g.querySelector("text.label")),
    }));
    const replicas = [...canvas.querySelectorAll("g.replica")].map((g) => ({
      id: g.getAttribute("data-testid") ?? "",
      icon: box(g.querySelector(".replica-icon")),
      label: box(g.querySelector("text.replica-label")),
    }));
    const texts = [
      ...canvas.querySelectorAll("g.node text:not(.marker text), g.replica text, .membership-chip, .flow-label"),
    ]
      .map((e) => {
        // A chip's own text, not its tooltip's.
        const shown = e.matches(".membership-chip") ? e.querySelector(".membership-label") : e;
        const kind = e.matches(".membership-chip") ? "chip" : e.matches(".flow-label") ? "flow label" : "name";
        return { text: (shown?.textContent ?? "").trim(), kind, box: box(e) };
      })
      .filter((t) => t.text !== "");
    const flows = [...(withFlows ? canvas.querySelectorAll("g.flow") : [])].map((g) => {
      const path = g.querySelector("path.flow-line") as SVGPathElement;
      const ctm = path.getScreenCTM()!;
      const total = path.getTotalLength();
      const points = [];
      for (let at = 0; at <= total; at += step) {
        const p = path.getPointAtLength(at);
        points.push({ x: ctm.a * p.x + ctm.c * p.y + ctm.e, y: ctm.b * p.x + ctm.d * p.y + ctm.f });
      }
      const label = g.querySelector(".flow-label rect");
      return { id: g.getAttribute("data-testid") ?? "", points, label: label ? box(label) : null };
    });
    return { nodes, replicas, texts, flows };
  }, { withFlows, step });
}

/** True when two boxes share more than `e` pixels each way. */
export function overlap(a: Box, b: Box, e = 0.5): boolean {
  return a.x < b.x + b.w - e && b.x < a.x + a.w - e && a.y < b.y + b.h - e && b.y < a.y + a.h - e;
}

/** True when a point lies inside a box shrunk by `e` pixels. */
function inside(p: { x: number; y: number }, b: Box, e = 1): boolean {
  return p.x > b.x + e && p.x < b.x + b.w - e && p.y > b.y + e && p.y < b.y + b.h - e;
}

/** The problems a person would see in the drawing. */
export function problems(d: Drawing): string[] {
  const found: string[] = [];
  for (let i = 0; i < d.nodes.length; i++)
    for (let j = i + 1; j < d.nodes.length; j++)
      if (overlap(d.nodes[i].hit, d.nodes[j].hit)) found.push(`${d.nodes[i].id} overlaps ${d.nodes[j].id}`);
  for (let i = 0; i < d.texts.length; i++)
    for (let j = i + 1; j < d.texts.length; j++)
      if (overlap(d.texts[i].box, d.texts[j].box))
        found.push(`${d.texts[i].kind} "${d.texts[i].text}" overlaps ${d.texts[j].kind} "${d.texts[j].text}"`);
  const drawn = [
    ...d.nodes.map((n) => ({ id: n.id, hit: n.hit, parts: [n.icon, n.label] })),
    ...d.replicas.map((r) => ({ id: r.id, hit: undefined, parts: [r.icon, r.label] })),
  ];
  for (const flow of d.flows) {
    const [first, last] = [flow.points[0], flow.points[flow.points.length - 1]];
    const grown = (b: Box) => ({ x: b.x - 3, y: b.y - 3, w: b.w + 6, h: b.h + 6 });
    // A flow's ends are the nodes its route starts and stops at.
    const ends = new Set(
      d.nodes.filter((n) => inside(first, grown(n.hit), 0) || inside(last, grown(n.hit), 0)).map((n) => n.id),
    );
    if (ends.size !== 2) found.push(`${flow.id} does not join two icons (${[...ends].join(", ")})`);
    for (const node of drawn) {
      if (ends.has(node.id)) continue;
      for (const part of node.parts)
        if (flow.points.some((p) => inside(p, part))) {
          found.push(`${flow.id} passes through ${node.id}`);
          break;
        }
    }
    const label = flow.label;
    if (label)
      for (const node of drawn)
        if (node.parts.some((part) => overlap(label, part)))
          found.push(`the label of ${flow.id} covers ${node.id}`);
  }
  return found;
}
