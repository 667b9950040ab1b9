import { network } from "hardhat";
import { encodeAbiParameters, stringToHex, type Address, type Hex } from "viem";

/** One Hardhat network connection per test file, shared by its fixtures. */
export const connection = await network.create();
export const { viem, networkHelpers } = connection;

export const CAL = 1_000_000_000n;
export const DAY = 86_400n;
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** TaskStatus numbering from CONVENTIONS.md. */
export const Status = {
  None: 0,
  Open: 1,
  Assigned: 2,
  Submitted: 3,
  Disputed: 4,
  Completed: 5,
  Cancelled: 6,
  Refunded: 7,
} as const;

/** A bytes32 parameter name, as the contracts emit it. */
export const name32 = (s: string): Hex => stringToHex(s, { size: 32 });

/** The `feeSplit` parameter value (id 5): `providerBps << 32 | treasuryBps << 16 | creatorBps`. */
export const packFeeSplit = (providerBps: bigint, treasuryBps: bigint, creatorBps: bigint): bigint =>
  (providerBps << 32n) | (treasuryBps << 16n) | creatorBps;

/** A MockVerifier "proof": it accepts exactly these public inputs. */
export const mockProof = (inputs: readonly [bigint, bigint, bigint, bigint]): Hex =>
  encodeAbiParameters([{ type: "uint256[4]" }], [inputs]);

/** The whole EVM suite wired without governance: the deployer holds the admin rights. */
export async function deploySuite() {
  const [deployer, user, provider, provider2, treasury, arbiter, pauser, creator, stranger] = await viem.getWalletClients();
  const publicClient = await viem.getPublicClient();
  const token = await viem.deployContract("CalToken", [deployer.account.address, deployer.account.address, true]);
  const staking = await viem.deployContract("Staking", [token.address, deployer.account.address]);
  const marketplace = await viem.deployContract("Marketplace", [
    token.address,
    staking.address,
    deployer.account.address,
    pauser.account.address,
    treasury.account.address,
    arbiter.account.address,
  ]);
  await staking.write.setMarketplace([marketplace.address]);
  const verifier = await viem.deployContract("MockVerifier", [true]);
  await marketplace.write.registerVerifier([1, verifier.address]);

  for (const w of [user, provider, provider2, stranger]) {
    await token.write.transfer([w.account.address, 1_000_000n * CAL]);
    await token.write.approve([marketplace.address, 2n ** 255n], { account: w.account });
    await token.write.approve([staking.address, 2n ** 255n], { account: w.account });
  }
  return {
    deployer,
    user,
    provider,
    provider2,
    treasury,
    arbiter,
    pauser,
    creator,
    stranger,
    publicClient,
    token,
    staking,
    marketplace,
    verifier,
  };
}

export type Suite = Awaited<ReturnType<typeof deploySuite>>;

/** The suite plus one registered provider staking 1000 CAL. */
export async function deployWithProvider() {
  const s = await deploySuite();
  await s.staking.write.register([name32("gpu:a100")], { account: s.provider.account });
  await s.staking.write.stake([1000n * CAL], { account: s.provider.account });
  return s;
}

export interface TaskOptions {
  specHash?: bigint;
  reward?: bigint;
  collateral?: bigint;
  deadlineIn?: bigint;
  verifierId?: number;
  modelCreator?: Address;
  minReputationBps?: number;
}

export const ZERO: Address = "0x0000000000000000000000000000000000000000";

export async function taskParams(o: TaskOptions = {}) {
  const now = BigInt(await networkHelpers.time.latest());
  return {
    specHash: o.specHash ?? 123456789n,
    reward: o.reward ?? 1000n * CAL,
    collateral: o.collateral ?? 200n * CAL,
    deadline: now + (o.deadlineIn ?? DAY),
    verifierId: o.verifierId ?? 0,
    modelCreator: o.modelCreator ?? ZERO,
    minReputationBps: o.minReputationBps ?? 0,
  };
}

/** Creates a task as `s.user` and returns its id. */
export async function createTask(s: Suite, o: TaskOptions = {}): Promise<bigint> {
  await s.marketplace.write.createTask([await taskParams(o)], { account: s.user.account });
  return s.marketplace.read.taskCount();
}

/** Creates and accepts a task (as `s.provider`). */
export async function assignedTask(s: Suite, o: TaskOptions = {}): Promise<bigint> {
  const id = await createTask(s, o);
  await s.marketplace.write.acceptTask([id], { account: s.provider.account });
  return id;
}

/** Creates, accepts and optimistically submits a task. */
export async function submittedTask(s: Suite, o: TaskOptions = {}, commitment = 42n): Promise<bigint> {
  const id = await assignedTask(s, o);
  await s.marketplace.write.submitResult([id, commitment, "0x"], { account: s.provider.account });
  return id;
}

/** The name of a custom error the marketplace can revert with (from its ABI), for assertions driven by data. */
export type MarketplaceErrorName = Extract<Suite["marketplace"]["abi"][number], { type: "error" }>["name"];
/** Expected error arguments from a data table; the assertion checks them against the ABI at run time. */
export type MarketplaceErrorArgs = readonly unknown[];

/**
 * Asserts that `tx` reverts with the marketplace's custom error `error` (and `args` when given) — for refusals listed in
 * tables, where the error's argument types are only known at run time.
 */
export async function expectMarketplaceError(tx: Promise<unknown>, s: Suite, error: MarketplaceErrorName, args?: MarketplaceErrorArgs) {
  // The tuple type of an error's arguments depends on its name, which a table only knows at run time.
  if (args) await viem.assertions.revertWithCustomErrorWithArgs(tx, s.marketplace, error, args as unknown as []);
  else await viem.assertions.revertWithCustomError(tx, s.marketplace, error);
}
