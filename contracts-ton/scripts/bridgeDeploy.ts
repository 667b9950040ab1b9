// blueprint run bridgeDeploy [--testnet|--mainnet|--custom ...]
// Deploys the TON bridge next to an existing Calctra TON deployment (deployments/ton-<network>.json,
// written by deployCalctra), makes it the CAL minter's admin, records it in governance (SetGovBridge) and writes
// deployments/ton-<network>-bridge.json plus the `bridge` entry of deployments/ton-<network>.json.
// Environment:
//   CALCTRA_BRIDGE_VALIDATORS  comma-separated EVM addresses of the validators (required)
//   CALCTRA_BRIDGE_THRESHOLD   M (default: a majority)
//   CALCTRA_BRIDGE_DOMAINS     remote domains "domain:capacity:ratePerSecond,..." in CAL base units (required)
//   CALCTRA_BRIDGE_ADMIN       final admin (default: governance from the deployment file; it completes the
//                              hand-over with BridgeClaimAdmin — until then the deployer stays admin)
// The deployer must be the minter's admin (deployCalctra's default) for the minter hand-over.
import { Address, toNano } from "@ton/core";
import type { NetworkProvider } from "@ton/blueprint";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileTolk, CONTRACTS_DIR } from "../wrappers/compile";
import { Bridge, TON_DOMAIN } from "../wrappers/Bridge";
import { CalJettonMinter } from "../wrappers/CalJettonMinter";
import { Governance, GovAction } from "../wrappers/Governance";
import { bridgeEntry } from "./deployment-file";

const RETENTION = 86400;

export async function run(provider: NetworkProvider) {
  const deployer = provider.sender().address;
  if (!deployer) throw new Error("the deployer wallet has no address");
  const network = provider.network();
  const depFile = join(CONTRACTS_DIR, "..", "..", "deployments", `ton-${network}.json`);
  const dep = JSON.parse(readFileSync(depFile, "utf-8")) as {
    contracts: { calJettonMinter: string; governance: string };
    roles: { pauser: string };
  };
  const validators = (process.env.CALCTRA_BRIDGE_VALIDATORS ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  if (validators.length === 0) throw new Error("CALCTRA_BRIDGE_VALIDATORS is required");
  const threshold = Number(process.env.CALCTRA_BRIDGE_THRESHOLD ?? Math.floor(validators.length / 2) + 1);
  const domains = (process.env.CALCTRA_BRIDGE_DOMAINS ?? "")
    .split(",")
    .filter(Boolean)
    .map((d) => {
      const [domain, cap, rate] = d.split(":");
      return { domain: Number(domain), cap: BigInt(cap!), rate: BigInt(rate!) };
    });
  if (domains.length === 0) throw new Error("CALCTRA_BRIDGE_DOMAINS is required");

  const minterAddress = Address.parse(dep.contracts.calJettonMinter);
  const minter = provider.open(CalJettonMinter.createFromAddress(minterAddress));
  const code = await compileTolk("bridge/bridge.tolk");
  const bridge = provider.open(
    Bridge.createFromConfig({ admin: deployer, pauser: Address.parse(dep.roles.pauser), minter: minterAddress }, code),
  );
  await bridge.sendDeploy(provider.sender(), toNano("0.5"));
  await provider.waitForDeploy(bridge.address);

  const via = provider.sender();
  await bridge.sendRaw(via, Bridge.simpleBody("BridgeDiscoverWallet"));
  await bridge.sendRaw(via, Bridge.setValidatorsBody(validators, threshold, RETENTION));
  for (const d of domains) {
    await bridge.sendRaw(
      via,
      Bridge.setDomainBody(d.domain, {
        enabled: true,
        inCapacity: d.cap,
        inRatePerSecond: d.rate,
        outCapacity: d.cap,
        outRatePerSecond: d.rate,
      }),
    );
  }
  await minter.sendChangeAdmin(via, bridge.address);
  await bridge.sendRaw(via, Bridge.simpleBody("BridgeAcceptMinterAdmin"));
  const finalAdmin = process.env.CALCTRA_BRIDGE_ADMIN
    ? Address.parse(process.env.CALCTRA_BRIDGE_ADMIN)
    : Address.parse(dep.contracts.governance);
  await bridge.sendRaw(via, Bridge.addressBody("BridgeTransferAdmin", finalAdmin));
  const governanceAddress = Address.parse(dep.contracts.governance);
  if (finalAdmin.equals(governanceAddress)) {
    // record the bridge in governance (deployer, once); governance then claims the admin role with a
    // proposal whose action is GovAction.bridgeClaimAdmin() (act_bridge_claim_admin#0e)
    await provider.open(Governance.createFromAddress(governanceAddress)).sendSetBridge(via, bridge.address);
    provider.ui().write(`next: propose ${GovAction.bridgeClaimAdmin().toBoc().toString("base64")} (act_bridge_claim_admin) in governance`);
  }

  const fmt = (a: Address) => a.toString({ bounceable: true, testOnly: false });
  const out = join(CONTRACTS_DIR, "..", "..", "deployments", `ton-${network}-bridge.json`);
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        chain: "ton",
        network,
        domain: TON_DOMAIN,
        bridge: fmt(bridge.address),
        bridgeJettonWallet: fmt(await minter.getWalletAddress(bridge.address)),
        universalAddress: `0x${bridge.address.hash.toString("hex")}`,
        validators,
        threshold,
        pendingAdmin: fmt(finalAdmin),
        domains: domains.map((d) => ({ domain: d.domain, capacity: d.cap.toString(), ratePerSecond: d.rate.toString() })),
        codeHash: code.hash().toString("hex"),
        deployedAt: new Date().toISOString(),
      },
      null,
      2,
    )}\n`,
  );
  // the optional `bridge` entry of deployments/ton-<network>.json (admin: governance once it has claimed the role)
  const full = JSON.parse(readFileSync(depFile, "utf-8")) as Record<string, unknown>;
  full.bridge = bridgeEntry(bridge.address, await minter.getWalletAddress(bridge.address), finalAdmin);
  writeFileSync(depFile, `${JSON.stringify(full, null, 2)}\n`);
  provider.ui().write(`Calctra TON bridge deployed at ${fmt(bridge.address)}; written to ${out}`);
}
