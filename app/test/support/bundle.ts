/** esbuild bundles of browser-side TypeScript (the wallets' page script, test fixtures), built once per process. */
import { build } from "esbuild";

const cache = new Map<string, Promise<string>>();

/**
 * Bundles `entry` (a TypeScript file) for the browser as one IIFE script and returns its text. Node built-ins are
 * not polyfilled: page code must not need them.
 */
export function bundleForBrowser(entry: string): Promise<string> {
  let text = cache.get(entry);
  if (!text) {
    text = build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "iife",
      platform: "browser",
      target: "chrome120",
      sourcemap: "inline",
      logLevel: "silent",
      define: { "process.env.NODE_ENV": '"production"', global: "globalThis" },
    }).then((r) => r.outputFiles[0].text);
    cache.set(entry, text);
  }
  return text;
}
