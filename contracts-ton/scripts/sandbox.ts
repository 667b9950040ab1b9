// Deploys the whole Calctra TON stack into a @ton/sandbox Blockchain (tests, bench, demo).
import type { Blockchain, SandboxContract, TreasuryContract } from "@ton/sandbox";
import { type Address, toNano } from "@ton/core";
import { compileTolk } from "../wrappers/compile";
import { CalJettonMinter, offchainContent } from "../wrappers/CalJettonMinter";
import { CalJettonWallet } from "../wrappers/CalJettonWallet";
import { Staking } from "../wrappers/Staking";
import { Marketplace, ROLE } from "../wrappers/Marketplace";
import { Governance, GovAction, ProposalState, Support, depositVotesPayload } from "../wrappers/Governance";
import { Bridge, type DomainLimits } from "../wrappers/Bridge";

export const CAL = 1_000_000_000n;
export const DAY = 86400;

export async function compileAll() {
  return {
    minter: await compileTolk("jetton/minter.tolk"),
    wallet: await compileTolk("jetton/wallet.tolk"),
    staking: await compileTolk("staking/staking.tolk"),
    marketplace: await compileTolk("marketplace/marketplace.tolk"),
    governance: await compileTolk("governance/governance.tolk"),
  };
}

export type CalctraBridgeSandbox = Awaited<ReturnType<typeof deployCalctraWithBridge>>;

export type BridgeDeployOptions = {
  /** governance administers staking and marketplace too (default true, as in production) */
  handOver?: boolean;
  /** initial validator set (EVM addresses, any order), installed by the deployer before the hand-over */
  validators?: string[];
  /** M of the initial set (default: a majority) */
  threshold?: number;
  /** remote domains enabled at deployment, with their rate limits */
  domains?: { domain: number; limits: DomainLimits }[];
};

/**
 * deployCalctra plus the TON bridge administered by governance (production shape):
 *  1. the bridge is deployed (deployer = temporary admin), recorded in governance (SetGovBridge, once),
 *     discovers its CAL wallet and gets the optional initial validators/domains;
 *  2. the deployer mints itself the quorum (while still the minter's admin) and locks it in governance;
 *  3. the minter's admin is handed to the bridge (change_admin + BridgeAcceptMinterAdmin);
 *  4. the bridge's admin is handed to governance: BridgeTransferAdmin, then a real governance proposal
 *     (ActBridgeClaimAdmin: propose, vote, queue, timelock, execute) claims it;
 *  5. the deployer withdraws its votes (they stay minted in its wallet).
 * The sandbox clock (blockchain.now) is advanced by the voting delay + period + timelock (about 5 days).
 */
export async function deployCalctraWithBridge(blockchain: Blockchain, opts: BridgeDeployOptions = {}) {
  const env = await deployCalctra(blockchain, { handOver: opts.handOver ?? true });
  const { deployer, minter, governance } = env;
  const via = deployer.getSender();
  const bridgeCode = await compileTolk("bridge/bridge.tolk");
  const bridge = blockchain.openContract(
    Bridge.createFromConfig({ admin: deployer.address, pauser: env.pauser.address, minter: minter.address }, bridgeCode),
  );
  await bridge.sendDeploy(via, toNano("1"));
  await governance.sendSetBridge(via, bridge.address);
  await bridge.sendRaw(via, Bridge.simpleBody("BridgeDiscoverWallet"));
  if (opts.validators && opts.validators.length > 0) {
    const sorted = [...opts.validators].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    await bridge.sendRaw(via, Bridge.setValidatorsBody(sorted, opts.threshold ?? Math.floor(sorted.length / 2) + 1, 0));
  }
  for (const d of opts.domains ?? []) await bridge.sendRaw(via, Bridge.setDomainBody(d.domain, d.limits));

  // voting weight for the hand-over proposal, minted while the deployer is still the minter's admin
  await env.mint(deployer.address, GOV_QUORUM);
  const dw = await env.walletOf(deployer.address);
  await dw.sendTransfer(via, GOV_QUORUM, governance.address, {
    forwardTonAmount: toNano("0.1"),
    forwardPayload: depositVotesPayload(),
    responseAddress: deployer.address,
  });

  await minter.sendChangeAdmin(via, bridge.address);
  await bridge.sendRaw(via, Bridge.simpleBody("BridgeAcceptMinterAdmin"));
  await bridge.sendRaw(via, Bridge.addressBody("BridgeTransferAdmin", governance.address));

  // the claim goes through governance like any other action
  const nextId = 1; // the governance deployed just above has no proposal yet
  const start = blockchain.now ?? Math.floor(Date.now() / 1000);
  await governance.sendPropose(via, GovAction.bridgeClaimAdmin());
  blockchain.now = start + GOV_TIMING.votingDelay;
  await governance.sendCastVote(via, nextId, Support.For);
  blockchain.now = blockchain.now + GOV_TIMING.votingPeriod + 1;
  await governance.sendQueue(via, nextId);
  blockchain.now = blockchain.now + GOV_TIMING.timelockDelay;
  await governance.sendExecute(via, nextId);
  const data = await bridge.getBridgeData();
  if (!data.admin.equals(governance.address) || (await governance.getState(nextId)) !== ProposalState.Executed) {
    throw new Error("governance did not claim the bridge admin role");
  }
  await governance.sendWithdrawVotes(via, GOV_QUORUM);

  const bridgeWallet = await minter.getWalletAddress(bridge.address);
  return { ...env, bridge, bridgeWallet, codes: { ...env.codes, bridge: bridgeCode } };
}

export type CalctraSandbox = Awaited<ReturnType<typeof deployCalctra>>;

export const GOV_TIMING = { votingDelay: 3600, votingPeriod: 3 * DAY, timelockDelay: 2 * DAY, gracePeriod: 14 * DAY };
export const GOV_QUORUM = 1_000n * CAL;
export const GOV_THRESHOLD = 100n * CAL;

/**
 * Deploys jetton, staking, marketplace and governance. With `handOver` the deployer passes the admin
 * rights of staking and marketplace to governance (the production shape); without it the deployer
 * stays admin (unit tests of the admin paths).
 */
export async function deployCalctra(blockchain: Blockchain, opts: { handOver?: boolean } = {}) {
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

  const governance = blockchain.openContract(
    Governance.createFromConfig(
      {
        deployer: deployer.address,
        marketplace: marketplace.address,
        staking: staking.address,
        ...GOV_TIMING,
        quorum: GOV_QUORUM,
        proposalThreshold: GOV_THRESHOLD,
      },
      codes.governance,
    ),
  );
  await governance.sendDeploy(deployer.getSender(), toNano("1"));
  await governance.sendSetWallet(deployer.getSender(), await minter.getWalletAddress(governance.address));
  if (opts.handOver) {
    await staking.sendSetLinks(deployer.getSender(), governance.address, marketplace.address, stakingJw);
    await marketplace.sendRaw(deployer.getSender(), Marketplace.setRoleBody(ROLE.admin, governance.address));
  }

  const walletOf = (owner: Address) =>
    minter.getWalletAddress(owner).then((a) => blockchain.openContract(CalJettonWallet.createFromAddress(a)));
  const mint = async (to: Address, amount: bigint) =>
    minter.sendMint(deployer.getSender(), to, amount, { responseAddress: deployer.address });
  const balanceOf = async (owner: Address) => (await walletOf(owner)).getBalance();

  return { blockchain, codes, deployer, pauser, arbiter, treasury, minter, staking, marketplace, governance, walletOf, mint, balanceOf };
}

export type Actor = SandboxContract<TreasuryContract>;
