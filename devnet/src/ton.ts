/**
 * An embedded TON chain (@ton/sandbox, in process) with the Calctra stack in its production governance shape
 * (contracts-ton/scripts/executorSandbox.ts): the bridge, and the spoke governance (vault + executor) obeying the
 * local hub, administering staking, the marketplace and the bridge. Governance acts the way the hub makes it act:
 * version-2 messages from the local hub governor (`ProposalOpened`, `GovernanceActions`) signed by the development
 * validators of test/vectors/bridge.json, delivered through the bridge, then the action lists executed after their
 * delay. The deployer stays the CAL minter's admin here (local stories mint directly). Used by the demo and tests.
 */
import { resultCommitmentVerifyingKey } from "./validators.js";
import { Blockchain, type SandboxContract, type TreasuryContract } from "@ton/sandbox";
import type { Address, Contract, Transaction } from "@ton/core";
import { DOMAINS, universalFromEvm, type GovernanceAction, type GovernancePayload, type UniversalAddress } from "@calctra/core";
import { encodeVerifyingKeyTon, type SnarkjsVerificationKey } from "@calctra/core/zk";
import type { TonClientParameters, TonReceipt } from "@calctra/sdk/ton";
import {
  TonPowerClient,
  TonSpokeGovernanceClient,
  parseTonDeployment,
  summarizeTonTrace,
  tonSnapshotEmulator,
  tonUniversalAddress,
  type TonDeployment,
} from "@calctra/sdk/ton";

/** A funded sandbox wallet. */
export type TonActor = SandboxContract<TreasuryContract>;

/** The local hub: the EVM home domain, its governance address (the vectors' hub governor) and the execution delay. */
export const LOCAL_TON_GOVERNANCE = {
  hubDomain: DOMAINS.localEvmHome,
  hubAddress: universalFromEvm("0xa513e6e4b8f2a923d98304ec87f64353c4d5c853"),
  /** Seconds an action list waits before it runs (the lower bound, 1 hour). */
  executionDelay: 3_600n,
} as const;

/** What contracts-ton/scripts/executorSandbox.ts `deployExecutorEnv` returns (the part used here). */
interface ExecutorEnvLike {
  readonly codes: Record<string, { hash(): Buffer }>;
  readonly deployer: TonActor;
  readonly pauser: TonActor;
  readonly arbiter: TonActor;
  readonly treasury: TonActor;
  readonly minter: { readonly address: Address; getWalletAddress(owner: Address): Promise<Address> };
  readonly staking: { readonly address: Address };
  readonly marketplace: { readonly address: Address };
  readonly bridge: { readonly address: Address };
  readonly bridgeWallet: Address;
  readonly exec: { readonly address: Address };
  fromHub(payload: GovernancePayload): Promise<{ readonly transactions: readonly Transaction[] }>;
}
interface ExecutorSandboxModule {
  deployExecutorEnv(
    blockchain: Blockchain,
    executionDelay: number,
    hub: UniversalAddress,
    opts: { readonly guardian?: Address; readonly handOverMinter?: boolean },
  ): Promise<ExecutorEnvLike>;
}

/** Result of {@link LocalTon.hubActions}: the list's sequence, its delivery and its execution. */
export interface TonHubActionsReturnType {
  readonly sequence: bigint;
  readonly receive: TonReceipt;
  readonly execute: TonReceipt;
}

/** A running sandbox with the stack deployed. */
export interface LocalTon {
  readonly blockchain: Blockchain;
  /** The deployment file of the stack (`contracts.governance`: the executor; `bridge`: the bridge it administers). */
  readonly deployment: TonDeployment;
  /** deployer (CAL minter admin), pauser, arbiter, treasury, the executor's guardian, and fresh funded actors. */
  readonly actors: {
    readonly deployer: TonActor;
    readonly pauser: TonActor;
    readonly arbiter: TonActor;
    readonly treasury: TonActor;
    readonly guardian: TonActor;
    readonly user: TonActor;
    readonly providers: readonly [TonActor, TonActor, TonActor];
    readonly creator: TonActor;
    readonly voter: TonActor;
    readonly anyone: TonActor;
  };
  /** The hub this deployment follows and the execution delay at deployment. */
  readonly governance: typeof LOCAL_TON_GOVERNANCE;
  /** The executor (vault + executor): admin of staking, the marketplace and the bridge. */
  readonly executor: Address;
  /** Client parameters acting as `actor` (`simulateX` emulates on a snapshot of the sandbox, restored after). */
  connect(actor: TonActor): TonClientParameters;
  /** The spoke governance client acting as `actor`. */
  spokeGovernance(actor: TonActor): TonSpokeGovernanceClient;
  /**
   * The proof-of-computational-power client acting as `actor`. On TON the power registry is part of the staking
   * contract (deployed with the stack: the parameter table's defaults, the treasury of the actors as the receiver of
   * half of each power slash); its parameters 8..14 change through {@link LocalTon.hubActions}.
   */
  power(actor: TonActor): TonPowerClient;
  /**
   * Delivers a version-2 message from the local hub governor to the executor (signed by 2 of the development
   * validators, through the bridge); throws when the chain refuses it.
   */
  receiveFromHub(payload: GovernancePayload): Promise<TonReceipt>;
  /** The hub announces a proposal (`ProposalOpened`): spoke voters vote on it with their weight at `snapshot`. */
  openProposal(parameters: { readonly proposalId: bigint; readonly snapshot: bigint; readonly voteEnd: bigint }): Promise<TonReceipt>;
  /**
   * Governance acts as the hub makes it act: the next `GovernanceActions` list from the hub, delivered, the execution
   * delay passed, then executed (it may record Failed; read it with `TonSpokeGovernanceClient.remoteExecution`).
   */
  hubActions(parameters: { readonly actions: readonly GovernanceAction[]; readonly proposalId?: bigint }): Promise<TonHubActionsReturnType>;
  /**
   * Registers a Groth16 verifying key as `verifierId` through governance: the key is staged with the executor, then a
   * hub `setVerifier(verifierId, hash of the key cell)` list runs (default id 1, the BLS12-381 result_commitment key
   * of test/vectors); throws unless the list executed.
   */
  registerVerifier(parameters?: {
    readonly verifierId?: number;
    readonly vkey?: SnarkjsVerificationKey;
  }): Promise<TonHubActionsReturnType & { readonly verifierId: number; readonly verifier: UniversalAddress; readonly stage: TonReceipt }>;
  /** Chain time, unix seconds. */
  now(): number;
  /** Moves the sandbox clock forward (`blockchain.now`). */
  increaseTime(seconds: number | bigint): void;
}

/** Parameters of {@link startLocalTon}. */
export interface StartLocalTonParameters {
  /** Initial chain time (unix seconds); defaults to the local clock. */
  readonly now?: number;
  /**
   * The hub governance address the executor obeys (default the vectors' hub governor, {@link LOCAL_TON_GOVERNANCE}):
   * a world with a real hub passes its GovernanceHub. `receiveFromHub` and `hubActions` sign as that address.
   */
  readonly hubAddress?: UniversalAddress;
  /** Seconds the executor holds an action list (default 1 hour, the lower bound). */
  readonly executionDelay?: bigint;
  /**
   * Whether the bridge becomes the CAL minter's admin, so that bridged CAL is minted on TON (default false: the
   * deployer keeps the minter, and local stories mint directly).
   */
  readonly bridgeMints?: boolean;
}

const fmt = (a: Address) => a.toString({ bounceable: true, testOnly: false });

/**
 * Starts an embedded TON sandbox and deploys the stack.
 *
 * @example
 * ```ts
 * const ton = await startLocalTon();
 * await ton.registerVerifier(); // verifier 1 = result_commitment (BLS12-381), through the hub's setVerifier
 * await ton.hubActions({ actions: [setParameter("challengePeriod", 7200n)] });
 * const market = new TonMarketplaceClient(ton.connect(ton.actors.user));
 * ```
 */
export async function startLocalTon(parameters: StartLocalTonParameters = {}): Promise<LocalTon> {
  // loaded at run time: the TON engineer's scripts are compiled under their own tsconfig
  const script = (await import(new URL("../../contracts-ton/scripts/executorSandbox.ts", import.meta.url).href)) as ExecutorSandboxModule;
  const governance = {
    ...LOCAL_TON_GOVERNANCE,
    hubAddress: parameters.hubAddress ?? LOCAL_TON_GOVERNANCE.hubAddress,
    executionDelay: parameters.executionDelay ?? LOCAL_TON_GOVERNANCE.executionDelay,
  } as typeof LOCAL_TON_GOVERNANCE;
  const blockchain = await Blockchain.create();
  blockchain.now = parameters.now ?? Math.floor(Date.now() / 1000);
  const guardian = await blockchain.treasury("guardian");
  const env = await script.deployExecutorEnv(blockchain, Number(governance.executionDelay), governance.hubAddress, {
    guardian: guardian.address,
    handOverMinter: parameters.bridgeMints ?? false,
  });
  const jw = async (a: Address) => fmt(await env.minter.getWalletAddress(a));
  const deployment = parseTonDeployment({
    chain: "ton",
    network: "sandbox",
    domain: DOMAINS.ton,
    contracts: {
      calJettonMinter: fmt(env.minter.address),
      staking: fmt(env.staking.address),
      marketplace: fmt(env.marketplace.address),
      governance: fmt(env.exec.address),
    },
    jettonWallets: {
      staking: await jw(env.staking.address),
      marketplace: await jw(env.marketplace.address),
      governance: await jw(env.exec.address),
    },
    roles: {
      deployer: fmt(env.deployer.address),
      pauser: fmt(env.pauser.address),
      arbiter: fmt(env.arbiter.address),
      treasury: fmt(env.treasury.address),
      admin: fmt(env.exec.address),
    },
    codeHashes: Object.fromEntries(Object.entries(env.codes).map(([k, c]) => [k, c.hash().toString("hex")])),
    bridge: {
      address: fmt(env.bridge.address),
      jettonWallet: fmt(env.bridgeWallet),
      universalAddress: tonUniversalAddress(env.bridge.address),
      admin: fmt(env.exec.address),
    },
    deployedAt: new Date(blockchain.now * 1000).toISOString(),
  });
  const t = (seed: string) => blockchain.treasury(seed);
  const actors = {
    deployer: env.deployer,
    pauser: env.pauser,
    arbiter: env.arbiter,
    treasury: env.treasury,
    guardian,
    user: await t("user"),
    providers: [await t("provider-1"), await t("provider-2"), await t("provider-3")] as const,
    creator: await t("model-creator"),
    voter: await t("voter"),
    anyone: await t("anyone"),
  };
  const now = () => blockchain.now ?? Math.floor(Date.now() / 1000);
  const open = (c: Contract) => blockchain.openContract(c);
  const connect = (actor: TonActor): TonClientParameters => ({
    open,
    sender: actor.getSender(),
    deployment,
    now,
    emulate: tonSnapshotEmulator({ chain: blockchain, open, sender: actor.getSender() }),
  });
  const spokeGovernance = (actor: TonActor) => new TonSpokeGovernanceClient(connect(actor));
  const power = (actor: TonActor) => new TonPowerClient(connect(actor));
  const increaseTime = (seconds: number | bigint) => {
    blockchain.now = now() + Number(seconds);
  };
  const receiveFromHub = async (payload: GovernancePayload): Promise<TonReceipt> =>
    summarizeTonTrace({ transactions: (await env.fromHub(payload)).transactions });
  const executor = spokeGovernance(actors.anyone);
  const hubActions = async ({
    actions,
    proposalId = 1n,
  }: {
    readonly actions: readonly GovernanceAction[];
    readonly proposalId?: bigint;
  }) => {
    // the next list in order (lists received but not yet run are not expected here)
    const sequence = (await executor.status()).nextSequence;
    const receive = await receiveFromHub({ kind: "GovernanceActions", sequence, proposalId, actions });
    increaseTime((await executor.status()).executionDelay);
    const execute = await executor.execute({ sequence });
    return { sequence, receive, execute };
  };
  const registerVerifier = async ({
    verifierId = 1,
    vkey,
  }: {
    readonly verifierId?: number;
    readonly vkey?: SnarkjsVerificationKey;
  } = {}) => {
    const key = vkey ?? resultCommitmentVerifyingKey("bls12381");
    const { verifier, ...stage } = await executor.stageVerifier({ vk: encodeVerifyingKeyTon({ vkey: key }) });
    const result = await hubActions({ actions: [{ kind: "setVerifier", verifierId, verifier }] });
    const state = (await executor.remoteExecution({ sequence: result.sequence })).state;
    if (state !== "Executed") throw new Error(`registering verifier ${verifierId}: action list ${result.sequence} is ${state}`);
    return { ...result, verifierId, verifier, stage };
  };
  return {
    blockchain,
    deployment,
    actors,
    governance,
    executor: env.exec.address,
    connect,
    spokeGovernance,
    power,
    receiveFromHub,
    openProposal: ({ proposalId, snapshot, voteEnd }) => receiveFromHub({ kind: "ProposalOpened", proposalId, snapshot, voteEnd }),
    hubActions,
    registerVerifier,
    now,
    increaseTime,
  };
}
