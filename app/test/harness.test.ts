/**
 * The browser harness itself, on small pages of its own: Debian's Chromium through playwright-core, the checked page's
 * records, the two viewports, axe-core and screenshots.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import type { Browser } from "playwright-core";
import { axeViolations, launchBrowser, newCheckedPage, type StaticServer, saveScreenshot, serveStatic } from "./support/index.js";

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>harness</title><link rel="icon" href="data:,"></head><body>${body}</body></html>`;

describe("browser harness", () => {
  let browser: Browser;
  let server: StaticServer;
  let directory: string;

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), "calctra-app-harness-"));
    browser = await launchBrowser();
    server = await serveStatic({
      "/clean": { type: "text/html", body: page("<main><h1>Clean</h1><p>Nothing goes wrong here.</p></main>") },
      "/faulty": {
        type: "text/html",
        body: page(`<main><h1>Faulty</h1></main><script>
          console.error("the app logged an error");
          setTimeout(() => { throw new Error("an uncaught error"); }, 0);
          fetch("https://example.com/telemetry").catch(() => {});
        </script>`),
      },
      "/inaccessible": {
        type: "text/html",
        body: page('<main><h1>Form</h1><input type="text"><button></button><p style="color:#eee;background:#fff">faint</p></main>'),
      },
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("runs Debian's Chromium headless through playwright-core", async () => {
    expect(browser.version()).to.match(/^\d+\./);
    expect(browser.browserType().name()).to.equal("chromium");
  });

  it("finds no problem on a clean page, on the desktop and on a phone", async () => {
    for (const viewport of ["desktop", "phone"] as const) {
      const checked = await newCheckedPage(browser, { viewport });
      await checked.page.goto(`${server.url}/clean`);
      const width = await checked.page.evaluate(() => (globalThis as unknown as { innerWidth: number }).innerWidth);
      expect(width).to.equal(viewport === "phone" ? 390 : 1280);
      expect(await axeViolations(checked.page)).to.deep.equal([]);
      checked.assertNoProblems();
      await checked.close();
    }
  });

  it("records console errors, uncaught errors and refused requests to other hosts, and fails with their text", async () => {
    const checked = await newCheckedPage(browser);
    const uncaught = checked.page.waitForEvent("pageerror");
    const refused = checked.page.waitForEvent("requestfailed");
    await checked.page.goto(`${server.url}/faulty`);
    await Promise.all([uncaught, refused]);
    expect(checked.externalRequests).to.deep.equal(["https://example.com/telemetry"]);
    expect(() => checked.assertNoProblems())
      .to.throw(/the page had \d+ problem/)
      .with.property("message")
      .that.includes("console error: the app logged an error")
      .and.includes("an uncaught error")
      .and.includes("request to another host refused: GET https://example.com/telemetry");
    await checked.close();
  });

  it("reports an unlabelled field, an empty button and faint text as serious axe violations", async () => {
    const checked = await newCheckedPage(browser);
    await checked.page.goto(`${server.url}/inaccessible`);
    const ids = (await axeViolations(checked.page)).map((v) => v.id).sort();
    expect(ids).to.deep.equal(["button-name", "color-contrast", "label"]);
    await checked.close();
  });

  it("writes a PNG screenshot under the given name", async () => {
    const checked = await newCheckedPage(browser, { viewport: "phone" });
    await checked.page.goto(`${server.url}/clean`);
    const path = await saveScreenshot(checked.page, "harness-clean-phone", { directory });
    expect(path).to.equal(join(directory, "harness-clean-phone.png"));
    expect(readFileSync(path).subarray(1, 4).toString()).to.equal("PNG");
    await checked.close();
  });
});
