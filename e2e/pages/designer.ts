// Page object of the designer: palette drags, canvas nodes, inspector,
// findings and saving, all through real mouse and keyboard input.
import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { ORIGIN } from "../accounts";
import { reveal } from "./topbar";

/**
 * The save status once everything is stored: "Saved" after a REST save, or
 * "Live" in the design's room, which stores every edit as it is made.
 */
export const SAVED = /^(Saved|Live)$/;

/** The save status while the design's room holds the design (the Save button is off then). */
const IN_ROOM = /^(Live|Sending…|Reconnecting…|Offline – edits kept)$/;

/** A point of the page, in CSS pixels. */
export type PagePoint = { x: number; y: number };

/** A rectangle of the page, in CSS pixels. */
export type Box = { x: number; y: number; width: number; height: number };

/** True when `inner` lies inside `outer` (to a pixel). */
export function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}

/** True when two rectangles share some area. */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export class Designer {
  readonly canvas: Locator;
  readonly findings: Locator;
  readonly saveStatus: Locator;
  /** The item under the pointer while a palette item is dragged. */
  readonly ghost: Locator;
  /** The text of the toast, without its close button. */
  readonly toast: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId("canvas");
    this.findings = page.getByTestId("findings");
    this.saveStatus = page.getByTestId("save-status");
    this.ghost = page.getByTestId("drag-ghost");
    this.toast = page.getByTestId("toast").locator(".toast-message");
  }

  async open(path = "/") {
    await this.page.goto(path);
    await expect(this.canvas).toBeVisible();
  }

  /** Stores a design through the API, opens it and waits until it is fitted to the canvas. */
  async openStored(request: APIRequestContext, design: object): Promise<string> {
    // A write with the session cookie carries the page's Origin, as a browser's does.
    const created = await request.post("/api/designs", { data: design, headers: { Origin: ORIGIN } });
    expect(created.ok(), await created.text()).toBeTruthy();
    const { id } = await created.json();
    await this.open(`/d/${id}`);
    await expect(this.canvas.locator("g.node").first()).toBeVisible();
    await this.settle();
    return id;
  }

  /** Waits until the drawing stops moving (the fit to the canvas after loading). */
  async settle() {
    let last = "";
    await expect
      .poll(
        async () => {
          const box = JSON.stringify(await this.canvas.locator("g.node").first().boundingBox());
          const same = box === last;
          last = box;
          return same;
        },
        { intervals: [100] },
      )
      .toBe(true);
  }

  /** The design as the server holds it, once autosave has stored every change. */
  async stored(request: APIRequestContext): Promise<any> {
    await this.waitSaved();
    const response = await request.get(`/api/designs/${this.designId()}`);
    expect(response.ok(), await response.text()).toBeTruthy();
    return (await response.json()).design;
  }

  /** Presses on a palette item and moves to a point of the page without releasing it. */
  async dragPaletteItem(type: string, to: PagePoint) {
    const item = this.page.getByTestId(`palette-${type}`);
    await item.scrollIntoViewIfNeeded();
    const from = await item.boundingBox();
    if (!from) throw new Error(`palette-${type} is not visible`);
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x, to.y, { steps: 12 });
  }

  /** Drags a palette item to a point of the canvas (canvas-relative pixels). */
  async dragFromPalette(type: string, x: number, y: number) {
    const canvas = await this.canvas.boundingBox();
    if (!canvas) throw new Error("the canvas is not visible");
    await this.dragPaletteItem(type, { x: canvas.x + x, y: canvas.y + y });
    await this.page.mouse.up();
  }

  /** A resource's node on the canvas, by resource ID. */
  node(id: string): Locator {
    return this.canvas.getByTestId(`node-${id}`);
  }

  /** Every node on the canvas. */
  allNodes(): Locator {
    return this.canvas.locator('g[data-testid^="node-"]');
  }

  /** Where a node is drawn: a container's box or an icon's area, without outlines and markers. */
  async shapeOf(node: Locator): Promise<Box> {
    const box = await node.locator(":scope > rect.box, :scope > rect.hit").first().boundingBox();
    if (!box) throw new Error("node not visible");
    return box;
  }

  /** A point of the page inside a node, at fractions of its width and height. */
  async pointIn(node: Locator, fx = 0.5, fy = 0.5): Promise<PagePoint> {
    const box = await this.shapeOf(node);
    return { x: box.x + box.width * fx, y: box.y + box.height * fy };
  }

  /** A point of the open canvas, halfway between the drawing and the canvas's bottom edge. */
  async emptyCanvasPoint(): Promise<PagePoint> {
    const canvas = (await this.canvas.boundingBox())!;
    let bottom = canvas.y;
    for (const node of await this.allNodes().all()) {
      const box = await this.shapeOf(node);
      bottom = Math.max(bottom, box.y + box.height);
    }
    const free = canvas.y + canvas.height - bottom;
    expect(free, "room below the drawing").toBeGreaterThan(80);
    return { x: canvas.x + canvas.width / 2, y: bottom + free / 2 };
  }

  /** Drags from a node's centre by an offset. */
  async dragNode(node: Locator, dx: number, dy: number) {
    const box = await node.boundingBox();
    if (!box) throw new Error("node not visible");
    const x = box.x + Math.min(30, box.width / 2);
    const y = box.y + Math.min(14, box.height / 2);
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx, y + dy, { steps: 10 });
    await this.page.mouse.up();
  }

  nodes(kind: string): Locator {
    return this.canvas.locator(`g[data-kind="${kind}"]`);
  }

  /** Clicks near the top-left corner of a node, where its label is. */
  async select(node: Locator) {
    const box = await node.boundingBox();
    if (!box) throw new Error("node not visible");
    await this.page.mouse.click(box.x + Math.min(20, box.width / 2), box.y + Math.min(10, box.height / 2));
  }

  /** The resource ID of a node on the canvas. */
  async idOf(node: Locator): Promise<string> {
    const testid = await node.getAttribute("data-testid");
    if (!testid?.startsWith("node-")) throw new Error(`not a node: ${testid}`);
    return testid.slice("node-".length);
  }

  /** Drags from a node's connect handle to another node: "source calls target". */
  async connect(source: Locator, target: Locator) {
    const sourceBox = (await source.boundingBox())!;
    await this.page.mouse.move(sourceBox.x + sourceBox.width / 2, sourceBox.y + 20);
    const handle = this.page.getByTestId(`handle-${await this.idOf(source)}`);
    const from = (await handle.boundingBox())!;
    const to = (await target.boundingBox())!;
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x + to.width / 2, to.y + 24, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Every flow arrow on the canvas. */
  flows(): Locator {
    return this.canvas.locator('g[data-testid^="flow-"]');
  }

  /** Drops a resource into the middle of a container node. */
  async dropInto(type: string, container: Locator, dy = 0) {
    const box = (await container.boundingBox())!;
    const canvas = (await this.canvas.boundingBox())!;
    await this.dragFromPalette(type, box.x - canvas.x + box.width / 2, box.y - canvas.y + box.height / 2 + dy);
  }

  /** Drops a resource at a free spot of the canvas, right of everything. */
  async dropOutside(type: string, x: number, y: number) {
    await this.dragFromPalette(type, x, y);
  }

  /** Opens a starter template from the "New from template" dialog. */
  async openTemplate(key: string) {
    await (await reveal(this.page, "new-from-template")).click();
    await this.page.getByTestId(`template-${key}`).click();
    await expect(this.page.getByTestId("templates-dialog")).toHaveCount(0);
  }

  /** Waits until autosave (or the design's room) has stored every change. */
  async waitSaved() {
    await expect(this.saveStatus).toHaveText(SAVED, { timeout: 15_000 });
  }

  async setTheme(dark: boolean) {
    const isDark = (await this.page.locator("html").getAttribute("data-theme")) === "dark";
    if (isDark !== dark) await (await reveal(this.page, "theme")).click();
    await expect(this.page.locator("html")).toHaveAttribute("data-theme", dark ? "dark" : "light");
  }

  async undo() {
    await this.page.keyboard.press("Control+z");
  }

  async redo() {
    await this.page.keyboard.press("Control+Shift+z");
  }

  prop(field: string): Locator {
    return this.page.getByTestId(`prop-${field}`);
  }

  /** The findings panel's section of a severity ("error", "warning" or "info"). */
  section(severity: string): Locator {
    return this.findings.getByTestId(`findings-${severity}`);
  }

  /** The heading button that folds a severity's section, with its title and count. */
  sectionToggle(severity: string): Locator {
    return this.findings.getByTestId(`toggle-${severity}`);
  }

  finding(rule: string): Locator {
    return this.findings.locator(`[data-testid="finding"][data-rule="${rule}"]`);
  }

  /** Saves now; in the design's room, where every edit is stored as it is made, waits for the acknowledgements. */
  async save() {
    if (!IN_ROOM.test((await this.saveStatus.textContent()) ?? "")) {
      await this.page.getByTestId("save").click();
    }
    await expect(this.saveStatus).toHaveText(SAVED);
  }

  /** The design ID from a `/d/{id}` URL. */
  designId(): string {
    const match = new URL(this.page.url()).pathname.match(/^\/d\/([^/]+)$/);
    if (!match) throw new Error(`not a design URL: ${this.page.url()}`);
    return match[1];
  }
}
