import { Blockchain } from "@ton/sandbox";
import { type Address, beginCell, type Cell, toNano } from "@ton/core";
import { CAL, DAY, deployCalctra, type CalctraSandbox, type Actor } from "../scripts/sandbox";
import { stakePayload } from "../wrappers/Staking";
import { createTaskPayload, type CreateTaskArgs } from "../wrappers/Marketplace";

export type Env = CalctraSandbox & { user: Actor; provider: Actor; creator: Actor; anyone: Actor };

export async function setup(): Promise<Env> {
  const blockchain = await Blockchain.create();
  blockchain.now = 1_800_000_000;
  const env = await deployCalctra(blockchain);
  const user = await blockchain.treasury("user");
  const provider = await blockchain.treasury("provider");
  const creator = await blockchain.treasury("creator");
  const anyone = await blockchain.treasury("anyone");
  await env.mint(user.address, 1_000_000n * CAL);
  await env.mint(provider.address, 1_000_000n * CAL);
  return { ...env, user, provider, creator, anyone };
}

export async function transferWithPayload(
  env: CalctraSandbox,
  from: Actor,
  to: Address,
  amount: bigint,
  payload: Cell | null,
  forwardTonAmount = toNano("0.1"),
) {
  const w = await env.walletOf(from.address);
  return w.sendTransfer(from.getSender(), amount, to, { forwardTonAmount, forwardPayload: payload, responseAddress: from.address });
}

export async function registerAndStake(env: Env, who: Actor, amount: bigint) {
  await env.staking.sendRegister(who.getSender(), 0x1234n);
  return transferWithPayload(env, who, env.staking.address, amount, stakePayload());
}

export function taskArgs(env: Env, over: Partial<CreateTaskArgs> = {}): CreateTaskArgs {
  return { specHash: 42n, collateral: 50n * CAL, deadline: env.blockchain.now! + DAY, ...over };
}

export async function createTask(env: Env, reward: bigint, over: Partial<CreateTaskArgs> = {}, from: Actor = env.user) {
  return transferWithPayload(env, from, env.marketplace.address, reward, createTaskPayload(taskArgs(env, over)));
}

/** Open -> Assigned for task `id`. */
export async function createAndAccept(env: Env, reward: bigint, over: Partial<CreateTaskArgs> = {}) {
  const id = (await env.marketplace.getData()).nextTaskId;
  await createTask(env, reward, over);
  await env.marketplace.sendAcceptTask(env.provider.getSender(), id);
  return id;
}
export { CAL, DAY };

/** Overwrites the CAL balance of `owner`'s jetton wallet in the sandbox (to force a real bounce). */
export async function setJettonBalance(env: CalctraSandbox, owner: Address, balance: bigint) {
  const jw = await env.minter.getWalletAddress(owner);
  const sc = await env.blockchain.getContract(jw);
  const acc = sc.account;
  const st = acc.account!.storage.state;
  if (st.type !== "active") throw new Error("wallet not active");
  st.state.data = beginCell().storeCoins(balance).storeAddress(owner).storeAddress(env.minter.address).endCell();
  sc.account = acc;
}
