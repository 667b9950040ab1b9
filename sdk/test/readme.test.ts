import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const root = new URL("../../", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8");
const examples = [...readme.matchAll(/<!-- example: (\S+) -->\n```ts\n([\s\S]*?)\n```/g)].map((m) => ({ path: m[1]!, code: m[2]! }));

describe("README examples", function () {
  this.timeout(300_000);
  it("shows at least the dApp quick start and error handling examples", () => {
    expect(examples.map((e) => e.path)).to.include.members(["sdk/examples/dapp-quickstart.ts", "sdk/examples/handle-errors.ts"]);
  });
  for (const { path, code } of examples) {
    it(`shows ${path} verbatim and the example runs`, () => {
      expect(code).to.equal(readFileSync(new URL(path, root), "utf8").trimEnd());
      const out = execFileSync("npx", ["tsx", path], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      expect(out.trim().length).to.be.greaterThan(0);
      if (path.endsWith("handle-errors.ts"))
        expect(out).to.contain("evm: MarketplaceTaskNotFound").and.to.contain("sdk: MarketplaceZeroReward");
      if (path.endsWith("dapp-quickstart.ts")) expect(out).to.match(/task 1: Assigned/);
      if (path.endsWith("offers-and-replicas.ts"))
        expect(out)
          .to.match(/price now: \d+(\.\d+)? CAL/)
          .and.to.match(/: Completed; locked /);
      if (path.endsWith("solana-quickstart.ts"))
        expect(out).to.contain("task 1: Assigned").and.to.contain("solana: MarketplaceTaskNotOpen");
    });
  }
});
