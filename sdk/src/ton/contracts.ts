/**
 * The TON engineer's blueprint wrappers (contracts-ton/wrappers), loaded at run time.
 *
 * The wrappers are the single source of op codes, exit codes and message layouts (parsed from the
 * Tolk sources by contracts-ton/wrappers/abi.ts); the SDK reuses them and never restates an op code.
 * They are loaded with `require` instead of a static import because the SDK's stricter compiler
 * settings (NodeNext, noUncheckedIndexedAccess) reject those CommonJS sources as written; the types
 * below declare just the part of each wrapper the adapters use, with the wrappers' own signatures.
 */
import { createRequire } from "node:module";
import type { Address, Cell, Contract, ContractProvider, Sender } from "@ton/core";

const load = createRequire(import.meta.url);
const WRAPPERS = "../../../contracts-ton/wrappers/";

/** contracts-ton/wrappers/abi.ts */
export interface TonAbiModule {
  /** error name -> exit code (every `const Name = N` of contracts/**\/errors.tolk) */
  readonly Errors: Readonly<Record<string, number>>;
  /** message name -> op code */
  readonly Op: Readonly<Record<string, number>>;
}

/** `get_provider` of the staking contract. */
export interface TonProviderView {
  registered: boolean; metadataHash: bigint; stake: bigint; locked: bigint; pendingUnstake: bigint;
  unlockAt: number; completed: number; failed: number; slashedTotal: bigint; scoreBps: number;
}
/** `get_task` of the marketplace. */
export interface TonTaskView {
  status: number; user: Address; provider: Address | null; reward: bigint; collateral: bigint; deadline: number;
  submittedAt: number; verifierId: number; minReputationBps: number; specHash: bigint; resultCommitment: bigint;
  modelCreator: Address | null; locking: boolean;
}
/** `get_marketplace_data` of the marketplace. */
export interface TonMarketData {
  paused: boolean; nextTaskId: bigint; escrowed: bigint; providerBps: number; treasuryBps: number; creatorBps: number;
  challengePeriod: number; slashBps: number;
}
/** `get_proposal` of governance. */
export interface TonProposalView {
  state: number; proposer: Address; voteStart: number; voteEnd: number; eta: number;
  forVotes: bigint; againstVotes: bigint; abstainVotes: bigint;
}
/** Jetton transfer options of CalJettonWallet.sendTransfer. */
export interface TonTransferOptions {
  value?: bigint; responseAddress?: Address | null; forwardTonAmount?: bigint; forwardPayload?: Cell | null;
  customPayload?: Cell | null; queryId?: bigint;
}
/** Arguments of the CreateTask forward payload. */
export interface TonCreateTaskArgs {
  specHash: bigint; collateral: bigint; deadline: number; verifierId?: number; minReputationBps?: number;
  modelCreator?: Address | null;
}

type P = ContractProvider;
/** contracts-ton/wrappers/CalJettonMinter.ts */
export interface CalJettonMinterWrapper extends Contract {
  sendMint(p: P, via: Sender, to: Address, amount: bigint, opts?: { value?: bigint; responseAddress?: Address | null; forwardTonAmount?: bigint; forwardPayload?: Cell | null }): Promise<void>;
  getWalletAddress(p: P, owner: Address): Promise<Address>;
  getTotalSupply(p: P): Promise<bigint>;
}
/** contracts-ton/wrappers/CalJettonWallet.ts */
export interface CalJettonWalletWrapper extends Contract {
  sendTransfer(p: P, via: Sender, amount: bigint, to: Address, opts?: TonTransferOptions): Promise<void>;
  getBalance(p: P): Promise<bigint>;
}
/** contracts-ton/wrappers/Staking.ts */
export interface StakingWrapper extends Contract {
  sendRegister(p: P, via: Sender, metadataHash: bigint, value?: bigint): Promise<void>;
  sendRequestUnstake(p: P, via: Sender, amount: bigint, value?: bigint): Promise<void>;
  sendWithdraw(p: P, via: Sender, value?: bigint): Promise<void>;
  getProvider(p: P, who: Address): Promise<TonProviderView>;
  getParams(p: P): Promise<{ minStake: bigint; unbondingPeriod: number; totalStaked: bigint }>;
}
/** contracts-ton/wrappers/Marketplace.ts */
export interface MarketplaceWrapper extends Contract {
  sendCancelTask(p: P, via: Sender, taskId: bigint, value?: bigint): Promise<void>;
  sendAcceptTask(p: P, via: Sender, taskId: bigint, value?: bigint): Promise<void>;
  sendSubmitResult(p: P, via: Sender, taskId: bigint, commitment: bigint, proof?: Cell | null, value?: bigint): Promise<void>;
  sendFinalize(p: P, via: Sender, taskId: bigint, value?: bigint): Promise<void>;
  sendDispute(p: P, via: Sender, taskId: bigint, value?: bigint): Promise<void>;
  sendResolve(p: P, via: Sender, taskId: bigint, providerAtFault: boolean, value?: bigint): Promise<void>;
  sendExpire(p: P, via: Sender, taskId: bigint, value?: bigint): Promise<void>;
  getTask(p: P, taskId: bigint): Promise<TonTaskView>;
  getTaskStatus(p: P, taskId: bigint): Promise<number>;
  getData(p: P): Promise<TonMarketData>;
  getVerifier(p: P, id: number): Promise<Cell | null>;
}
/** contracts-ton/wrappers/Governance.ts */
export interface GovernanceWrapper extends Contract {
  sendPropose(p: P, via: Sender, action: Cell, value?: bigint): Promise<void>;
  sendCastVote(p: P, via: Sender, id: number, support: number, value?: bigint): Promise<void>;
  sendQueue(p: P, via: Sender, id: number, value?: bigint): Promise<void>;
  sendExecute(p: P, via: Sender, id: number, value?: bigint): Promise<void>;
  sendCancel(p: P, via: Sender, id: number, value?: bigint): Promise<void>;
  sendWithdrawVotes(p: P, via: Sender, amount: bigint, value?: bigint): Promise<void>;
  getProposal(p: P, id: number): Promise<TonProposalView>;
  getVoter(p: P, who: Address): Promise<{ amount: bigint; lockedUntil: number }>;
}

/** Typed governance actions (GovAction TL-B), built by the wrappers. */
export interface TonGovActionBuilders {
  setMarketParam(paramId: number, value: bigint): Cell;
  setStakingParam(paramId: number, value: bigint): Cell;
  setFeeSplit(providerBps: number, treasuryBps: number, creatorBps: number): Cell;
  setRole(role: number, who: Address): Cell;
  registerVerifier(id: number, vk: Cell): Cell;
  pause(): Cell;
  unpause(): Cell;
}

interface Factory<W> { createFromAddress(a: Address): W }

/** Everything the adapters take from contracts-ton/wrappers. */
export interface TonWrappers {
  readonly abi: TonAbiModule;
  readonly CalJettonMinter: Factory<CalJettonMinterWrapper>;
  readonly CalJettonWallet: Factory<CalJettonWalletWrapper>;
  readonly Staking: Factory<StakingWrapper>;
  readonly Marketplace: Factory<MarketplaceWrapper>;
  readonly Governance: Factory<GovernanceWrapper>;
  /** Forward payload of a CAL transfer that stakes. */
  stakePayload(): Cell;
  /** Forward payload of a CAL transfer that creates a task (the amount is the reward). */
  createTaskPayload(args: TonCreateTaskArgs): Cell;
  /** Forward payload of a CAL transfer that locks voting weight in governance. */
  depositVotesPayload(): Cell;
  readonly GovAction: TonGovActionBuilders;
  /** Parameter ids of SetMarketParam (`challengePeriod`, `slashBps`). */
  readonly MARKET_PARAM: Readonly<{ challengePeriod: number; slashBps: number }>;
  /** Parameter ids of SetStakingParam (`minStake`, `unbondingPeriod`). */
  readonly STAKING_PARAM: Readonly<{ minStake: number; unbondingPeriod: number }>;
}

let cached: TonWrappers | undefined;

/**
 * Loads the wrappers once.
 *
 * @example
 * ```ts
 * const { abi } = tonWrappers();
 * abi.Errors.MarketplaceTaskNotOpen; // 401
 * ```
 */
export function tonWrappers(): TonWrappers {
  if (cached) return cached;
  const req = (name: string) => load(WRAPPERS + name) as Record<string, unknown>;
  const abi = req("abi") as unknown as TonAbiModule;
  const minter = req("CalJettonMinter");
  const wallet = req("CalJettonWallet");
  const staking = req("Staking");
  const market = req("Marketplace");
  const gov = req("Governance");
  cached = {
    abi,
    CalJettonMinter: minter.CalJettonMinter as Factory<CalJettonMinterWrapper>,
    CalJettonWallet: wallet.CalJettonWallet as Factory<CalJettonWalletWrapper>,
    Staking: staking.Staking as Factory<StakingWrapper>,
    Marketplace: market.Marketplace as Factory<MarketplaceWrapper>,
    Governance: gov.Governance as Factory<GovernanceWrapper>,
    stakePayload: staking.stakePayload as TonWrappers["stakePayload"],
    createTaskPayload: market.createTaskPayload as TonWrappers["createTaskPayload"],
    depositVotesPayload: gov.depositVotesPayload as TonWrappers["depositVotesPayload"],
    GovAction: gov.GovAction as TonGovActionBuilders,
    MARKET_PARAM: market.MARKET_PARAM as TonWrappers["MARKET_PARAM"],
    STAKING_PARAM: staking.STAKING_PARAM as TonWrappers["STAKING_PARAM"],
  };
  for (const [k, v] of Object.entries(cached)) if (v === undefined) throw new Error(`contracts-ton/wrappers: ${k} not found`);
  return cached;
}
