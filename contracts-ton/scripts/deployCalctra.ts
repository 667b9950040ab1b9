// blueprint run deployCalctra [--testnet|--mainnet|--custom ...]
// Deploys the Calctra TON stack in its production shape and writes deployments/ton-<network>.json for the SDK:
// CAL minter, staking, marketplace, the bridge (which becomes the CAL minter's admin) and the spoke governance
// (contracts/executor: vault + executor), which obeys the hub governance only and becomes the admin of staking, the
// marketplace and the bridge, and the bridge's governance sender. The deployment file's `governance` is the executor.
// Environment:
//   CALCTRA_PAUSER, CALCTRA_ARBITER, CALCTRA_TREASURY   roles (default: the deployer)
//   CALCTRA_BRIDGE_VALIDATORS  comma-separated EVM addresses of the validators (required)
//   CALCTRA_BRIDGE_THRESHOLD   M (default: a majority)
//   CALCTRA_BRIDGE_RETENTION   seconds the previous validator set stays valid after a rotation (default 86400)
//   CALCTRA_BRIDGE_DOMAINS     remote domains "domain:capacity:ratePerSecond,..." in CAL base units (required)
//   CALCTRA_HUB_DOMAIN         the hub's domain (default the local EVM home, 31337)
//   CALCTRA_HUB_ADDRESS        the hub governance's universal address (0x + 64 hex; default the vectors' hub)
//   CALCTRA_EXECUTION_DELAY    seconds the executor holds the hub's action lists (3600..1209600, default 86400)
//   CALCTRA_GUARDIAN           the guardian who may veto a pending list (default none: the hub appoints one)
import { Address, toNano } from "@ton/core";
import type { NetworkProvider } from "@ton/blueprint";
import { DOMAINS, type UniversalAddress } from "@calctra/core";
import { compileTolk } from "../wrappers/compile";
import { Bridge } from "../wrappers/Bridge";
import { CalJettonMinter, offchainContent } from "../wrappers/CalJettonMinter";
import { Executor } from "../wrappers/Executor";
import { Staking } from "../wrappers/Staking";
import { Marketplace, ROLE } from "../wrappers/Marketplace";
import { bridgeEntry, fmt, writeDeployment } from "./deployment-file";
import { HUB } from "./sandbox";

const CAL = 1_000_000_000n;
const DAY = 86400;

function bridgeSettings() {
  const validators = (process.env.CALCTRA_BRIDGE_VALIDATORS ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  if (validators.length === 0) throw new Error("CALCTRA_BRIDGE_VALIDATORS is required");
  const domains = (process.env.CALCTRA_BRIDGE_DOMAINS ?? "")
    .split(",")
    .filter(Boolean)
    .map((d) => {
      const [domain, cap, rate] = d.split(":");
      return { domain: Number(domain), cap: BigInt(cap!), rate: BigInt(rate!) };
    });
  if (domains.length === 0) throw new Error("CALCTRA_BRIDGE_DOMAINS is required");
  return {
    validators,
    domains,
    threshold: Number(process.env.CALCTRA_BRIDGE_THRESHOLD ?? Math.floor(validators.length / 2) + 1),
    retention: Number(process.env.CALCTRA_BRIDGE_RETENTION ?? DAY),
  };
}

export async function run(provider: NetworkProvider) {
  const deployer = provider.sender().address;
  if (!deployer) throw new Error("the deployer wallet has no address");
  const via = provider.sender();
  const env = (name: string) => (process.env[name] ? Address.parse(process.env[name]!) : deployer);
  const settings = bridgeSettings();
  const hubDomain = Number(process.env.CALCTRA_HUB_DOMAIN ?? DOMAINS.localEvmHome);
  const hubAddress = (process.env.CALCTRA_HUB_ADDRESS ?? HUB) as UniversalAddress;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hubAddress)) throw new Error("CALCTRA_HUB_ADDRESS must be 0x + 64 hex digits");
  const executionDelay = Number(process.env.CALCTRA_EXECUTION_DELAY ?? DAY);
  if (executionDelay < 3600 || executionDelay > 14 * DAY) throw new Error("CALCTRA_EXECUTION_DELAY must be within 3600..1209600");
  const codes = {
    minter: await compileTolk("jetton/minter.tolk"),
    wallet: await compileTolk("jetton/wallet.tolk"),
    staking: await compileTolk("staking/staking.tolk"),
    marketplace: await compileTolk("marketplace/marketplace.tolk"),
    bridge: await compileTolk("bridge/bridge.tolk"),
    executor: await compileTolk("executor/executor.tolk"),
  };
  const minter = provider.open(
    CalJettonMinter.createFromConfig(
      {
        admin: deployer,
        walletCode: codes.wallet,
        content: offchainContent(process.env.CALCTRA_JETTON_URI ?? "https://calctra.io/cal.json"),
      },
      codes.minter,
    ),
  );
  const staking = provider.open(
    Staking.createFromConfig(
      { admin: deployer, minStake: 100n * CAL, unbondingPeriod: 7 * DAY, treasury: env("CALCTRA_TREASURY") },
      codes.staking,
    ),
  );
  const marketplace = provider.open(
    Marketplace.createFromConfig(
      {
        admin: deployer,
        pauser: env("CALCTRA_PAUSER"),
        arbiter: env("CALCTRA_ARBITER"),
        treasury: env("CALCTRA_TREASURY"),
        staking: staking.address,
      },
      codes.marketplace,
    ),
  );
  const bridge = provider.open(
    Bridge.createFromConfig({ admin: deployer, pauser: env("CALCTRA_PAUSER"), minter: minter.address }, codes.bridge),
  );
  const executor = provider.open(
    Executor.createFromConfig(
      {
        bridge: bridge.address,
        marketplace: marketplace.address,
        staking: staking.address,
        hubDomain,
        hubAddress: BigInt(hubAddress),
        guardian: process.env.CALCTRA_GUARDIAN ? Address.parse(process.env.CALCTRA_GUARDIAN) : null,
        deployer,
        executionDelay,
      },
      codes.executor,
    ),
  );

  await minter.sendDeploy(via, toNano("0.05"));
  await provider.waitForDeploy(minter.address);
  await staking.sendDeploy(via, toNano("0.5"));
  await provider.waitForDeploy(staking.address);
  await marketplace.sendDeploy(via, toNano("0.5"));
  await provider.waitForDeploy(marketplace.address);
  await bridge.sendDeploy(via, toNano("0.5"));
  await provider.waitForDeploy(bridge.address);
  await executor.sendDeploy(via, toNano("0.5"));
  await provider.waitForDeploy(executor.address);

  const stakingJw = await minter.getWalletAddress(staking.address);
  const marketJw = await minter.getWalletAddress(marketplace.address);
  const execJw = await minter.getWalletAddress(executor.address);
  await marketplace.sendSetLinks(via, marketJw);
  await executor.sendRaw(via, Executor.body("ExecSetVaultWallet").storeAddress(execJw).endCell());
  // the bridge: its CAL wallet, validators, remote domains, then the CAL minter
  await bridge.sendRaw(via, Bridge.simpleBody("BridgeDiscoverWallet"));
  await bridge.sendRaw(via, Bridge.setValidatorsBody(settings.validators, settings.threshold, settings.retention));
  for (const d of settings.domains) {
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
  // hand-over: the executor administers staking, the marketplace and the bridge, and sends the bridge's tallies
  await staking.sendSetLinks(via, executor.address, marketplace.address, stakingJw);
  await marketplace.sendRaw(via, Marketplace.setRoleBody(ROLE.admin, executor.address));
  await bridge.sendRaw(via, Bridge.setGovernanceBody(executor.address));
  await bridge.sendRaw(via, Bridge.addressBody("BridgeTransferAdmin", executor.address));
  await executor.sendRaw(via, Executor.body("ExecClaimBridgeAdmin").endCell());

  const file = writeDeployment(provider.network(), {
    contracts: {
      calJettonMinter: fmt(minter.address),
      staking: fmt(staking.address),
      marketplace: fmt(marketplace.address),
      governance: fmt(executor.address),
    },
    jettonWallets: { staking: fmt(stakingJw), marketplace: fmt(marketJw), governance: fmt(execJw) },
    roles: {
      deployer: fmt(deployer),
      pauser: fmt(env("CALCTRA_PAUSER")),
      arbiter: fmt(env("CALCTRA_ARBITER")),
      treasury: fmt(env("CALCTRA_TREASURY")),
      admin: fmt(executor.address),
    },
    codeHashes: Object.fromEntries(Object.entries(codes).map(([k, c]) => [k, c.hash().toString("hex")])),
    bridge: bridgeEntry(bridge.address, await minter.getWalletAddress(bridge.address), executor.address),
  });
  provider
    .ui()
    .write(
      `Calctra TON deployed; the executor ${fmt(executor.address)} obeys hub ${hubAddress} on domain ${hubDomain}; addresses written to ${file}`,
    );
}
