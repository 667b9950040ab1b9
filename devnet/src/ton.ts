/**
 * An embedded TON chain (@ton/sandbox, in process) with the Calctra stack deployed by the TON
 * engineer's sandbox script (contracts-ton/scripts/sandbox.ts `deployCalctra`), governance holding
 * the admin rights of staking and the marketplace (the production shape). Used by the demo and tests.
 */
import { Blockchain, type SandboxContract, type TreasuryContract } from "@ton/sandbox";
import type { Address, Contract } from "@ton/core";
import type { TonClientParameters } from "@calctra/sdk/ton";
import { parseTonDeployment, tonSnapshotEmulator, type TonDeployment } from "@calctra/sdk/ton";

/** A funded sandbox wallet. */
export type TonActor = SandboxContract<TreasuryContract>;

/** What `deployCalctra` returns (the part used here). */
interface DeployedStack {
  readonly codes: Record<string, { hash(): Buffer }>;
  readonly deployer: TonActor;
  readonly pauser: TonActor;
  readonly arbiter: TonActor;
  readonly treasury: TonActor;
  readonly minter: { readonly address: Address; getWalletAddress(owner: Address): Promise<Address> };
  readonly staking: { readonly address: Address };
  readonly marketplace: { readonly address: Address };
  readonly governance: { readonly address: Address };
}
interface SandboxScript {
  deployCalctra(blockchain: Blockchain, opts?: { handOver?: boolean }): Promise<DeployedStack>;
  readonly GOV_TIMING: {
    readonly votingDelay: number;
    readonly votingPeriod: number;
    readonly timelockDelay: number;
    readonly gracePeriod: number;
  };
  readonly GOV_QUORUM: bigint;
  readonly GOV_THRESHOLD: bigint;
}

/** A running sandbox with the stack deployed. */
export interface LocalTon {
  readonly blockchain: Blockchain;
  readonly deployment: TonDeployment;
  /** deployer (CAL minter admin), pauser, arbiter, treasury, and fresh funded actors. */
  readonly actors: {
    readonly deployer: TonActor;
    readonly pauser: TonActor;
    readonly arbiter: TonActor;
    readonly treasury: TonActor;
    readonly user: TonActor;
    readonly providers: readonly [TonActor, TonActor, TonActor];
    readonly creator: TonActor;
    readonly voter: TonActor;
    readonly anyone: TonActor;
  };
  /** Governance timing of the sandbox deployment (seconds) and its quorum / proposal threshold (CAL base units). */
  readonly governance: SandboxScript["GOV_TIMING"] & { readonly quorum: bigint; readonly proposalThreshold: bigint };
  /** Client parameters acting as `actor` (`simulateX` emulates on a snapshot of the sandbox, restored after). */
  connect(actor: TonActor): TonClientParameters;
  /** Chain time, unix seconds. */
  now(): number;
  /** Moves the sandbox clock forward (`blockchain.now`). */
  increaseTime(seconds: number | bigint): void;
}

/** Parameters of {@link startLocalTon}. */
export interface StartLocalTonParameters {
  /** Initial chain time (unix seconds); defaults to the local clock. */
  readonly now?: number;
  /** Governance as admin of staking and marketplace (default true), or the deployer (admin paths). */
  readonly handOver?: boolean;
}

const fmt = (a: Address) => a.toString({ bounceable: true, testOnly: false });

/**
 * Starts an embedded TON sandbox and deploys the stack.
 *
 * @example
 * ```ts
 * const ton = await startLocalTon();
 * const market = new TonMarketplaceClient(ton.connect(ton.actors.user));
 * ton.increaseTime(3600);
 * ```
 */
export async function startLocalTon(parameters: StartLocalTonParameters = {}): Promise<LocalTon> {
  // loaded at run time: the TON engineer's scripts are compiled under their own tsconfig
  const script = (await import(new URL("../../contracts-ton/scripts/sandbox.ts", import.meta.url).href)) as SandboxScript;
  const blockchain = await Blockchain.create();
  blockchain.now = parameters.now ?? Math.floor(Date.now() / 1000);
  const env = await script.deployCalctra(blockchain, { handOver: parameters.handOver ?? true });
  const jw = async (a: Address) => fmt(await env.minter.getWalletAddress(a));
  const deployment = parseTonDeployment({
    chain: "ton",
    network: "sandbox",
    domain: 0x544f4e00,
    contracts: {
      calJettonMinter: fmt(env.minter.address),
      staking: fmt(env.staking.address),
      marketplace: fmt(env.marketplace.address),
      governance: fmt(env.governance.address),
    },
    jettonWallets: {
      staking: await jw(env.staking.address),
      marketplace: await jw(env.marketplace.address),
      governance: await jw(env.governance.address),
    },
    roles: {
      deployer: fmt(env.deployer.address),
      pauser: fmt(env.pauser.address),
      arbiter: fmt(env.arbiter.address),
      treasury: fmt(env.treasury.address),
      admin: fmt((parameters.handOver ?? true) ? env.governance.address : env.deployer.address),
    },
    codeHashes: Object.fromEntries(Object.entries(env.codes).map(([k, c]) => [k, c.hash().toString("hex")])),
    deployedAt: new Date(blockchain.now * 1000).toISOString(),
  });
  const t = (seed: string) => blockchain.treasury(seed);
  const actors = {
    deployer: env.deployer,
    pauser: env.pauser,
    arbiter: env.arbiter,
    treasury: env.treasury,
    user: await t("user"),
    providers: [await t("provider-1"), await t("provider-2"), await t("provider-3")] as const,
    creator: await t("model-creator"),
    voter: await t("voter"),
    anyone: await t("anyone"),
  };
  const now = () => blockchain.now ?? Math.floor(Date.now() / 1000);
  const open = (c: Contract) => blockchain.openContract(c);
  return {
    blockchain,
    deployment,
    actors,
    governance: { ...script.GOV_TIMING, quorum: script.GOV_QUORUM, proposalThreshold: script.GOV_THRESHOLD },
    connect: (actor) => ({
      open,
      sender: actor.getSender(),
      deployment,
      now,
      emulate: tonSnapshotEmulator({ chain: blockchain, open, sender: actor.getSender() }),
    }),
    now,
    increaseTime: (seconds) => {
      blockchain.now = now() + Number(seconds);
    },
  };
}
