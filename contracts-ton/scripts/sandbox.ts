// Deploys the whole Calctra TON stack into a @ton/sandbox Blockchain (tests, bench, demo).
import type { Blockchain, SandboxContract, TreasuryContract } from "@ton/sandbox";
import { type Address, toNano } from "@ton/core";
import { DOMAINS, type UniversalAddress } from "@calctra/core";
import { compileTolk } from "../wrappers/compile";
import { CalJettonMinter, offchainContent } from "../wrappers/CalJettonMinter";
import { CalJettonWallet } from "../wrappers/CalJettonWallet";
import { Staking } from "../wrappers/Staking";
import { Marketplace, ROLE } from "../wrappers/Marketplace";
import { Bridge, type DomainLimits } from "../wrappers/Bridge";
import { Executor } from "../wrappers/Executor";

export const CAL = 1_000_000_000n;
export const DAY = 86400;

export async function compileAll() {
  return {
    minter: await compileTolk("jetton/minter.tolk"),
    wallet: await compileTolk("jetton/wallet.tolk"),
    staking: await compileTolk("staking/staking.tolk"),
    marketplace: await compileTolk("marketplace/marketplace.tolk"),
  };
}

/** The hub governance's universal address in the vectors (an EVM address on the local home chain). */
export const HUB = "0x000000000000000000000000a513e6e4b8f2a923d98304ec87f64353c4d5c853" as UniversalAddress;
/** Seconds the executor holds a hub action list by default (the lower bound, 1 hour). */
export const EXECUTION_DELAY = 3600;

export type CalctraBridgeSandbox = Awaited<ReturnType<typeof deployCalctraWithBridge>>;

export type BridgeDeployOptions = {
  /** initial validator set (EVM addresses, any order), installed by the deployer before the hand-over */
  validators?: string[];
  /** M of the initial set (default: a majority) */
  threshold?: number;
  /** seconds the previous validator set stays valid after a rotation (default 0) */
  retention?: number;
  /** remote domains enabled at deployment, with their rate limits */
  domains?: { domain: number; limits: DomainLimits }[];
  /** the hub's domain the executor obeys (default the local EVM home, DOMAINS.localEvmHome) */
  hubDomain?: number;
  /** the hub governance's universal address the executor obeys (default the vectors' {@link HUB}) */
  hub?: UniversalAddress;
  /** seconds the executor holds an action list (default {@link EXECUTION_DELAY}) */
  executionDelay?: number;
  /** the guardian who may veto a pending list (default none; a hub setRole(guardian) appoints one) */
  guardian?: Address;
  /** hand the CAL minter's admin to the bridge (default true, production); false keeps the deployer minting (local demos) */
  handOverMinter?: boolean;
};

/**
 * deployCalctra plus the TON bridge and the spoke governance (contracts/executor: vault + executor), the
 * production shape (DESIGN §7):
 *  1. the bridge is deployed (deployer = temporary admin), discovers its CAL wallet and gets the optional initial
 *     validators and domains; the minter's admin is handed to the bridge (change_admin + BridgeAcceptMinterAdmin;
 *     `handOverMinter: false` keeps the deployer as the minter's admin, for local demos that mint directly);
 *  2. the executor is deployed obeying the hub (`hubDomain`, `hub`), linked to the bridge, marketplace and staking;
 *     the deployer records its CAL wallet (the vault) once;
 *  3. the executor becomes the admin of the marketplace and staking, the bridge's governance sender, and the bridge's
 *     admin (BridgeTransferAdmin, then ExecClaimBridgeAdmin: the executor claims it).
 * From then on only the hub's action lists (delivered by the bridge, held for `executionDelay`) change anything.
 */
export async function deployCalctraWithBridge(blockchain: Blockchain, opts: BridgeDeployOptions = {}) {
  const env = await deployCalctra(blockchain);
  const { deployer, minter } = env;
  const via = deployer.getSender();
  const bridgeCode = await compileTolk("bridge/bridge.tolk");
  const executorCode = await compileTolk("executor/executor.tolk");
  const bridge = blockchain.openContract(
    Bridge.createFromConfig({ admin: deployer.address, pauser: env.pauser.address, minter: minter.address }, bridgeCode),
  );
  await bridge.sendDeploy(via, toNano("1"));
  await bridge.sendRaw(via, Bridge.simpleBody("BridgeDiscoverWallet"));
  if (opts.validators && opts.validators.length > 0) {
    const sorted = [...opts.validators].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    await bridge.sendRaw(via, Bridge.setValidatorsBody(sorted, opts.threshold ?? Math.floor(sorted.length / 2) + 1, opts.retention ?? 0));
  }
  for (const d of opts.domains ?? []) await bridge.sendRaw(via, Bridge.setDomainBody(d.domain, d.limits));
  if (opts.handOverMinter ?? true) {
    await minter.sendChangeAdmin(via, bridge.address);
    await bridge.sendRaw(via, Bridge.simpleBody("BridgeAcceptMinterAdmin"));
  }

  const executor = blockchain.openContract(
    Executor.createFromConfig(
      {
        bridge: bridge.address,
        marketplace: env.marketplace.address,
        staking: env.staking.address,
        hubDomain: opts.hubDomain ?? DOMAINS.localEvmHome,
        hubAddress: BigInt(opts.hub ?? HUB),
        guardian: opts.guardian ?? null,
        deployer: deployer.address,
        executionDelay: opts.executionDelay ?? EXECUTION_DELAY,
      },
      executorCode,
    ),
  );
  await executor.sendDeploy(via);
  await executor.sendRaw(
    via,
    Executor.body("ExecSetVaultWallet")
      .storeAddress(await minter.getWalletAddress(executor.address))
      .endCell(),
  );
  await env.marketplace.sendRaw(via, Marketplace.setRoleBody(ROLE.admin, executor.address));
  await env.staking.sendSetLinks(via, executor.address, env.marketplace.address, await minter.getWalletAddress(env.staking.address));
  await bridge.sendRaw(via, Bridge.setGovernanceBody(executor.address));
  await bridge.sendRaw(via, Bridge.addressBody("BridgeTransferAdmin", executor.address));
  await executor.sendRaw(via, Executor.body("ExecClaimBridgeAdmin").endCell());
  const data = await bridge.getBridgeData();
  if (!data.admin.equals(executor.address) || !(await env.marketplace.getRoles()).admin.equals(executor.address)) {
    throw new Error("the executor did not become the admin of the bridge and the marketplace");
  }

  const bridgeWallet = await minter.getWalletAddress(bridge.address);
  return { ...env, bridge, bridgeWallet, executor, codes: { ...env.codes, bridge: bridgeCode, executor: executorCode } };
}

export type CalctraSandbox = Awaited<ReturnType<typeof deployCalctra>>;

/**
 * Deploys jetton, staking and marketplace; the deployer stays their admin and the CAL minter's admin (unit tests of
 * the admin paths). {@link deployCalctraWithBridge} is the production shape (the executor administers them).
 */
export async function deployCalctra(blockchain: Blockchain) {
  const codes = await compileAll();
  const deployer = await blockchain.treasury("deployer");
  const pauser = await blockchain.treasury("pauser");
  const arbiter = await blockchain.treasury("arbiter");
  const treasury = await blockchain.treasury("treasury");

  const minter = blockchain.openContract(
    CalJettonMinter.createFromConfig(
      {
        admin: deployer.address,
        walletCode: codes.wallet,
        content: offchainContent("https://calctra.io/cal.json"),
      },
      codes.minter,
    ),
  );
  await minter.sendDeploy(deployer.getSender(), toNano("0.1"));

  const staking = blockchain.openContract(
    Staking.createFromConfig(
      {
        admin: deployer.address,
        minStake: 100n * CAL,
        unbondingPeriod: 7 * DAY,
        treasury: treasury.address,
      },
      codes.staking,
    ),
  );
  await staking.sendDeploy(deployer.getSender(), toNano("1"));

  const marketplace = blockchain.openContract(
    Marketplace.createFromConfig(
      {
        admin: deployer.address,
        pauser: pauser.address,
        arbiter: arbiter.address,
        treasury: treasury.address,
        staking: staking.address,
      },
      codes.marketplace,
    ),
  );
  await marketplace.sendDeploy(deployer.getSender(), toNano("1"));

  const stakingJw = await minter.getWalletAddress(staking.address);
  const marketJw = await minter.getWalletAddress(marketplace.address);
  await staking.sendSetLinks(deployer.getSender(), deployer.address, marketplace.address, stakingJw);
  await marketplace.sendSetLinks(deployer.getSender(), marketJw);

  const walletOf = (owner: Address) =>
    minter.getWalletAddress(owner).then((a) => blockchain.openContract(CalJettonWallet.createFromAddress(a)));
  const mint = async (to: Address, amount: bigint) =>
    minter.sendMint(deployer.getSender(), to, amount, { responseAddress: deployer.address });
  const balanceOf = async (owner: Address) => (await walletOf(owner)).getBalance();

  return { blockchain, codes, deployer, pauser, arbiter, treasury, minter, staking, marketplace, walletOf, mint, balanceOf };
}

export type Actor = SandboxContract<TreasuryContract>;
