/**
 * The governance app's browser-test harness: Debian's Chromium through playwright-core, checked pages (console and
 * page errors, requests to other hosts), axe-core, screenshots, a static server, esbuild bundles, and test wallets on
 * every chain backed by devnet keys held in Node.
 *
 * @example
 * const browser = await launchBrowser();
 * const checked = await newCheckedPage(browser, { viewport: "phone" });
 * const wallets = await installTestWallets(checked.page, { evm: { privateKey, chains: [{ chainId, rpcUrl }] } });
 * await checked.page.goto(appUrl);
 * expect(await axeViolations(checked.page)).to.deep.equal([]);
 * await saveScreenshot(checked.page, "proposals-phone");
 * checked.assertNoProblems();
 */
export {
  type AxeViolation,
  axeViolations,
  type CheckedPage,
  type CheckedPageOptions,
  chromiumPath,
  launchBrowser,
  newCheckedPage,
  SCREENSHOT_DIR,
  saveScreenshot,
  VIEWPORTS,
  type ViewportName,
} from "./browser.js";
export { bundleForBrowser } from "./bundle.js";
export { type StaticRoute, type StaticServer, serveStatic } from "./server.js";
export * from "./wallets/index.js";
