/**
 * Headless Chromium for the app's browser tests: Debian's `chromium` package driven by playwright-core (which never
 * downloads a browser), pages that record console and page errors, an axe-core check and screenshots.
 */
import { AssertionError } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import type { Result as AxeResult } from "axe-core";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** The repository's root (app/test/support → ../../..). */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Where {@link saveScreenshot} writes: `reports/app/` at the repository's root. */
export const SCREENSHOT_DIR = resolve(root, "reports/app");

/** The two screens every page is checked on. */
export const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const;

/** A viewport name of {@link VIEWPORTS}. */
export type ViewportName = keyof typeof VIEWPORTS;

/**
 * The Chromium binary: `$CALCTRA_CHROMIUM`, else `chromium` (or `chromium-browser`) on the PATH, as Debian's package
 * installs it (scripts/install-chromium.sh). Throws, naming the package, when there is none.
 */
export function chromiumPath(): string {
  const configured = process.env.CALCTRA_CHROMIUM;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CALCTRA_CHROMIUM=${configured} does not exist`);
    return configured;
  }
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const found = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
      if (found) return found;
    } catch {
      // not this name
    }
  }
  throw new Error("no Chromium: install Debian's 'chromium' package (bash scripts/install-chromium.sh) or set CALCTRA_CHROMIUM");
}

/**
 * Launches headless Chromium through playwright-core (`--no-sandbox` only when running as root, where Chromium's
 * sandbox refuses to start).
 */
export async function launchBrowser(options: { readonly headless?: boolean } = {}): Promise<Browser> {
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    args: asRoot ? ["--no-sandbox"] : [],
  });
}

/** A page that records what went wrong in it. */
export interface CheckedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors, uncaught page errors and refused requests, in order. */
  readonly problems: string[];
  /** Requests to other hosts than the loopback ones (refused: the tests never reach the internet). */
  readonly externalRequests: string[];
  /** Fails (AssertionError) with every recorded problem's text, if any. */
  assertNoProblems(): void;
  /** Closes the page and its context. */
  close(): Promise<void>;
}

/** Options of {@link newCheckedPage}. */
export interface CheckedPageOptions {
  /** `desktop` (1280x800, the default) or `phone` (390x844, touch). */
  readonly viewport?: ViewportName;
  /** Hosts a request may go to besides 127.0.0.1, localhost and [::1]. */
  readonly allowedHosts?: readonly string[];
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * A new page in its own context (own storage), on a desktop or a phone viewport, that records console errors and
 * page errors, and refuses requests to non-loopback hosts (recording them as problems too).
 */
export async function newCheckedPage(browser: Browser, options: CheckedPageOptions = {}): Promise<CheckedPage> {
  const context = await browser.newContext({ ...VIEWPORTS[options.viewport ?? "desktop"] });
  const page = await context.newPage();
  const problems: string[] = [];
  const externalRequests: string[] = [];
  const allowed = new Set([...LOOPBACK, ...(options.allowedHosts ?? [])]);
  await context.route(
    (url) =>
      (url.protocol === "http:" || url.protocol === "https:" || url.protocol === "ws:" || url.protocol === "wss:") &&
      !allowed.has(url.hostname),
    async (route) => {
      externalRequests.push(route.request().url());
      problems.push(`request to another host refused: ${route.request().method()} ${route.request().url()}`);
      await route.abort("blockedbyclient");
    },
  );
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = message.location();
    problems.push(`console error: ${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ""}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.stack ?? error.message}`));
  return {
    page,
    context,
    problems,
    externalRequests,
    assertNoProblems() {
      if (problems.length > 0)
        throw new AssertionError({
          message: `the page had ${problems.length} problem(s):\n${problems.join("\n")}`,
          actual: problems,
          expected: [],
        });
    },
    close: () => context.close(),
  };
}

/** An axe-core violation, trimmed to what a failing test should show. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly helpUrl: string;
  /** CSS selectors of the offending nodes. */
  readonly targets: readonly string[];
}

/**
 * Runs axe-core on the page (or the part `include` selects) and returns its violations of the given impacts (default
 * serious and critical): an accessible page gives `[]`.
 */
export async function axeViolations(
  page: Page,
  options: { readonly include?: string; readonly exclude?: string; readonly impacts?: readonly string[] } = {},
): Promise<AxeViolation[]> {
  let builder = new AxeBuilder({ page });
  if (options.include) builder = builder.include(options.include);
  if (options.exclude) builder = builder.exclude(options.exclude);
  const impacts = new Set(options.impacts ?? ["serious", "critical"]);
  const results = await builder.analyze();
  return results.violations
    .filter((v: AxeResult) => v.impact && impacts.has(v.impact))
    .map((v: AxeResult) => ({
      id: v.id,
      impact: v.impact ?? "",
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
}

/**
 * Saves a PNG of the page to `reports/app/<name>.png` (or `<directory>/<name>.png`; full page by default) and returns
 * its path.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { readonly fullPage?: boolean; readonly directory?: string } = {},
): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new RangeError(`screenshot name ${JSON.stringify(name)}: letters, digits, '.', '-' and '_' only`);
  const directory = options.directory ?? SCREENSHOT_DIR;
  mkdirSync(directory, { recursive: true });
  const path = resolve(directory, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}
