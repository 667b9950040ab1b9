import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileTolk, CONTRACTS_DIR } from "../wrappers/compile";

const entries: Record<string, string> = {
  CalJettonMinter: "jetton/minter.tolk",
  CalJettonWallet: "jetton/wallet.tolk",
  Staking: "staking/staking.tolk",
  Marketplace: "marketplace/marketplace.tolk",
  Executor: "executor/executor.tolk",
  Bridge: "bridge/bridge.tolk",
};
const out = join(CONTRACTS_DIR, "..", "build");
mkdirSync(out, { recursive: true });
for (const [name, entry] of Object.entries(entries)) {
  const code = await compileTolk(entry);
  writeFileSync(
    join(out, `${name}.json`),
    `${JSON.stringify({ hash: code.hash().toString("hex"), hex: code.toBoc().toString("hex") }, null, 2)}\n`,
  );
  console.log(`${name}: ${code.hash().toString("hex")}`);
}
