import { invalidInput } from "./input.js";

/** A bridge domain id (u32): EVM chain id, or the fixed ids of Solana and TON. */
export type Domain = number;

/** A 32-byte universal address as 0x-prefixed lowercase hex (64 hex digits). */
export type UniversalAddress = `0x${string}`;

/** Task lifecycle, numbered identically on every chain. */
export const TaskStatus = {
  None: 0,
  Open: 1,
  Assigned: 2,
  Submitted: 3,
  Disputed: 4,
  Completed: 5,
  Cancelled: 6,
  Refunded: 7,
} as const;
/** A task status number. */
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];
/** The name of a task status. */
export type TaskStatusName = keyof typeof TaskStatus;

/** Returns the name of a task status number. */
export function taskStatusName(status: number): TaskStatusName {
  const entry = Object.entries(TaskStatus).find(([, v]) => v === status);
  if (!entry) throw invalidInput("InvalidArgument", "status", status, { min: 0, max: 7 });
  return entry[0] as TaskStatusName;
}

/** Governance proposal states (OpenZeppelin numbering, every chain). */
export const ProposalState = {
  Pending: 0,
  Active: 1,
  Canceled: 2,
  Defeated: 3,
  Succeeded: 4,
  Queued: 5,
  Expired: 6,
  Executed: 7,
} as const;
/** A proposal state number. */
export type ProposalState = (typeof ProposalState)[keyof typeof ProposalState];

/** A compute task, chain-neutral. Addresses are universal (32-byte) addresses. */
export interface Task {
  readonly id: bigint;
  readonly user: UniversalAddress;
  readonly specHash: bigint;
  readonly reward: bigint;
  readonly collateral: bigint;
  /** Unix seconds. Once Submitted, chains may report the challenge-window end here. */
  readonly deadline: bigint;
  readonly verifierId: number;
  readonly modelCreator: UniversalAddress | null;
  readonly minReputationBps: number;
  readonly provider: UniversalAddress | null;
  readonly resultCommitment: bigint;
  readonly status: TaskStatus;
}

/** A task's offer terms and replica progress (DESIGN §5.1, §5.2). */
export interface TaskOffer {
  readonly minReward: bigint;
  /** The escrowed reward (the task's `reward`). */
  readonly maxReward: bigint;
  readonly rampStart: bigint;
  readonly rampDuration: bigint;
  readonly lockDeadline: bigint;
  /** 0: classic (one provider, `submitResult`); 1..3: commit–reveal replicas. */
  readonly replicas: number;
  /** A classic task's locked price (0 before it is accepted). Replicas carry their own. */
  readonly price: bigint;
  /** End of the reveal window once all k committed (0 before: the window then ends at deadline + revealPeriod). */
  readonly revealEnd: bigint;
}

/** Where a replica stands (numbered identically on every chain). */
export const ReplicaState = { Accepted: 1, Committed: 2, Revealed: 3 } as const;
/** A replica state number. */
export type ReplicaState = (typeof ReplicaState)[keyof typeof ReplicaState];

/** One replica of a replicated task. */
export interface Replica {
  readonly provider: UniversalAddress;
  /** The price this replica locked at accept; its share is `price / k`. */
  readonly price: bigint;
  readonly state: ReplicaState;
  /** Zero until committed. */
  readonly commit: `0x${string}`;
  /** Zero until revealed. */
  readonly resultHash: `0x${string}`;
}

/** A governance proposal, chain-neutral. */
export interface Proposal {
  readonly id: bigint;
  readonly proposer: UniversalAddress;
  readonly state: ProposalState;
  readonly forVotes: bigint;
  readonly againstVotes: bigint;
  readonly abstainVotes: bigint;
  readonly voteStart: bigint;
  readonly voteEnd: bigint;
  readonly description: string;
}

/** A bridge message (DESIGN §8): 89 bytes on the wire. */
export interface BridgeMessage {
  readonly version: number;
  readonly srcDomain: Domain;
  readonly dstDomain: Domain;
  readonly nonce: bigint;
  readonly sender: UniversalAddress;
  readonly recipient: UniversalAddress;
  readonly amount: bigint;
}
