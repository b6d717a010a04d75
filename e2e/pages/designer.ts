// Page object of the designer: palette drags, canvas nodes, inspector,
// findings and saving, all through real mouse and keyboard input.
import { expect, type Locator, type Page } from "@playwright/test";

export class Designer {
  readonly canvas: Locator;
  readonly findings: Locator;
  readonly saveStatus: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId("canvas");
    this.findings = page.getByTestId("findings");
    this.saveStatus = page.getByTestId("save-status");
  }

  async open(path = "/") {
    await this.page.goto(path);
    await expect(this.canvas).toBeVisible();
  }

  /** Drags a palette item to a point of the canvas (canvas-relative pixels). */
  async dragFromPalette(type: string, x: number, y: number) {
    const item = this.page.getByTestId(`palette-${type}`);
    await item.scrollIntoViewIfNeeded();
    const from = await item.boundingBox();
    const canvas = await this.canvas.boundingBox();
    if (!from || !canvas) throw new Error(`palette-${type} or the canvas is not visible`);
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(canvas.x + x, canvas.y + y, { steps: 12 });
    await this.page.mouse.up();
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
    await this.page.getByTestId("new-from-template").click();
    await this.page.getByTestId(`template-${key}`).click();
    await expect(this.page.getByTestId("templates-dialog")).toHaveCount(0);
  }

  /** Waits until autosave has stored every change. */
  async waitSaved() {
    await expect(this.saveStatus).toHaveText("Saved", { timeout: 15_000 });
  }

  async setTheme(dark: boolean) {
    const isDark = (await this.page.locator("html").getAttribute("data-theme")) === "dark";
    if (isDark !== dark) await this.page.getByTestId("theme").click();
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

  finding(rule: string): Locator {
    return this.findings.locator(`[data-testid="finding"][data-rule="${rule}"]`);
  }

  async save() {
    await this.page.getByTestId("save").click();
    await expect(this.saveStatus).toHaveText(/Saved/);
  }

  /** The design ID from a `/d/{id}` URL. */
  designId(): string {
    const match = new URL(this.page.url()).pathname.match(/^\/d\/([^/]+)$/);
    if (!match) throw new Error(`not a design URL: ${this.page.url()}`);
    return match[1];
  }
}
