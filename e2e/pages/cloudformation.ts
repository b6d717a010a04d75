// Page object of the CloudFormation dialogs: "Export to CloudFormation"
// (findings first, then the download) and "Import template" (a file or
// pasted text becomes a new design).
import { expect, type Locator, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { reveal } from "./topbar";

export class CloudFormation {
  readonly exportDialog: Locator;
  readonly importDialog: Locator;

  constructor(readonly page: Page) {
    this.exportDialog = page.getByTestId("export-dialog");
    this.importDialog = page.getByTestId("import-dialog");
  }

  async openExport() {
    await (await reveal(this.page, "export-cfn")).click();
    await expect(this.exportDialog).toBeVisible();
  }

  /** Downloads the template from the open export dialog: its file name, path and text. */
  async download(format: "yaml" | "json" = "yaml") {
    await this.page.getByTestId(`export-format-${format}`).check();
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByTestId("export-download").click(),
    ]);
    const path = (await download.path())!;
    await expect(this.page.getByTestId("export-result")).toBeVisible();
    return { name: download.suggestedFilename(), path, text: readFileSync(path, "utf8") };
  }

  async closeExport() {
    await this.exportDialog.getByRole("button", { name: "Close" }).first().click();
    await expect(this.exportDialog).toHaveCount(0);
  }

  async openImport() {
    await (await reveal(this.page, "import-menu")).click();
    await this.page.getByTestId("import-template").click();
    await expect(this.importDialog).toBeVisible();
  }

  /** Picks a template file in the import dialog and imports it. */
  async importFile(path: string, name = path.split("/").pop()!) {
    await this.openImport();
    await this.page.getByTestId("import-file").setInputFiles({ name, mimeType: "text/plain", buffer: readFileSync(path) });
    await expect(this.page.getByTestId("import-file-name")).toHaveText(name);
    await this.page.getByTestId("import-submit").click();
  }

  /** Picks several files at once (a parent and its nested stacks' templates) and imports them. */
  async importFiles(paths: string[]) {
    await this.openImport();
    await this.page.getByTestId("import-file").setInputFiles(
      paths.map((path) => ({ name: path.split("/").pop()!, mimeType: "text/plain", buffer: readFileSync(path) })),
    );
    await expect(this.page.getByTestId("import-file-name")).toContainText("nested stack template");
    await this.page.getByTestId("import-submit").click();
  }

  /** Pastes template text in the import dialog and imports it. */
  async importText(text: string) {
    await this.openImport();
    await this.page.getByTestId("import-text").fill(text);
    await this.page.getByTestId("import-submit").click();
  }

  /** Closes the import dialog after a successful import. */
  async done() {
    await this.page.getByTestId("import-done").click();
    await expect(this.importDialog).toHaveCount(0);
  }

  /** The resource count the design summary shows (nothing selected). */
  async resourceCount(): Promise<number> {
    return Number(await this.page.getByTestId("summary-resources").textContent());
  }
}
