// Page object of the CIDR planner in the inspector of a selected VPC: the
// address-space bar, "next free /N" with its "add subnet" button, and
// "split into K".
import { expect, type Locator, type Page } from "@playwright/test";

export class CidrPlanner {
  readonly root: Locator;
  readonly used: Locator;
  readonly free: Locator;
  readonly next: Locator;
  readonly parts: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("cidr-planner");
    this.used = this.root.getByTestId("cidr-used");
    this.free = this.root.getByTestId("cidr-free");
    this.next = this.root.getByTestId("planner-next");
    this.parts = this.root.getByTestId("planner-part");
  }

  async nextFree(prefix: number) {
    await this.root.getByTestId("planner-prefix").fill(String(prefix));
  }

  /** Adds a subnet at the next free block in the zone with this label ("Zone b"). */
  async addSubnet(zone: string) {
    await this.root.getByTestId("planner-az").selectOption({ label: zone });
    await this.root.getByTestId("planner-add").click();
  }

  /** Picks a block on the bar by its CIDR. */
  async pick(cidr: string) {
    await this.root.locator(`.cidr-bar [data-cidr="${cidr}"]`).click();
    await expect(this.root.getByTestId("planner-split-block")).toHaveText(cidr);
  }

  /** Adds a subnet at one part of the split, in the chosen zone. */
  async addPart(cidr: string) {
    const part = this.root.locator("li", { has: this.page.getByTestId("planner-part").getByText(cidr, { exact: true }) });
    await part.getByTestId("planner-part-add").click();
  }

  async splitInto(parts: number) {
    await this.root.getByTestId("planner-parts").selectOption(String(parts));
  }
}
