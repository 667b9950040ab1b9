/**
 * The governance part of the end-to-end story (called from demo.ts), DESIGN §7: one proposal on the hub changes
 * `challengePeriod` on the EVM home and on the EVM spoke. A spoke holder votes from the spoke's vault; the bridge's
 * validators and relayer carry ProposalOpened, the spoke's VoteTally and the GovernanceActions; the spoke's executor
 * applies the change after its delay. Solana's and TON's vaults and executors are not in this story yet.
 */
import type { Address, PublicClient } from "viem";
import {
  CAL,
  ProposalState,
  describeGovernanceAction,
  describeProposalStatus,
  formatCal,
  setParameter,
  universalFromEvm,
  type Domain,
} from "@calctra/core";
import {
  EvmBridgeClient,
  EvmGovernanceClient,
  EvmTokenClient,
  calSpokeTokenAbi,
  evmProposalActions,
  governanceHubAbi,
  marketplaceAbi,
} from "@calctra/sdk/evm";
import { LOCAL_EVM_GOVERNANCE } from "@calctra/devnet/evm-bridge";
import { startGovernanceWorld } from "@calctra/devnet/governance-world";
import type { DemoStepFunction } from "./demo-ton.js";

/** Parameters of {@link runGovernanceStory}. */
export interface RunGovernanceStoryParameters {
  readonly step: DemoStepFunction;
}

/** What the governance story established. */
export interface RunGovernanceStoryReturnType {
  /** challengePeriod (seconds) on the home and the spoke marketplace, before and after. */
  readonly challengePeriod: { readonly home: readonly [bigint, bigint]; readonly spoke: readonly [bigint, bigint] };
  /** The spoke's tally as the hub counted it. */
  readonly spokeForVotes: bigint;
  /** The proposal across chains in one sentence, at the end. */
  readonly status: string;
}

const EXECUTION_DELAY = 3600n;

/**
 * Runs the governance story on a fresh hub + EVM spoke world.
 *
 * @example
 * ```ts
 * const { steps, step } = recordingStep();
 * const r = await runGovernanceStory({ step });
 * ```
 */
export async function runGovernanceStory({ step }: RunGovernanceStoryParameters): Promise<RunGovernanceStoryReturnType> {
  const w = await step(
    "governance",
    "hub (EVM home: Governor, timelock, GovernanceHub) and an EVM spoke (vault + executor), 3 validators, relayer",
    () => startGovernanceWorld({ executionDelay: EXECUTION_DELAY }),
    (x) => `hub ${x.hub.slice(0, 10)}…, spoke ${x.spokeDomain}`,
  );
  try {
    const { home, spoke, hub, vault, spokeDomain } = w;
    const [deployer, alice] = home.wallets;
    const base = { publicClient: home.publicClient, deployment: home.deployment };
    const token = (i: number) => new EvmTokenClient({ ...base, walletClient: home.wallets[i]! });
    const gov = new EvmGovernanceClient({ ...base, walletClient: deployer! });
    const spokeAlice = spoke.wallets[1]!;
    const spokeGov = w.spokeGovernance(1);
    const challengePeriod = (client: PublicClient, address: Address) =>
      client.readContract({ address, abi: marketplaceAbi, functionName: "challengePeriod" }) as Promise<bigint>;
    const before = {
      home: await challengePeriod(home.publicClient, home.deployment.contracts.Marketplace),
      spoke: await challengePeriod(spoke.publicClient, spoke.contracts.marketplace.address),
    };

    await token(0).transfer({ to: alice!.account.address, amount: 1_000n * CAL });
    await token(1).approve({ spender: vault, amount: 400n * CAL });
    await step(
      "governance",
      "a holder bridges 400 CAL to the spoke (validators sign, the relayer mints)",
      async () => {
        const sent = await new EvmBridgeClient({ publicClient: home.publicClient, walletClient: alice!, bridge: vault }).transfer({
          dstDomain: spokeDomain,
          recipient: universalFromEvm(spokeAlice.account.address),
          amount: 400n * CAL,
        });
        await w.relay();
        return sent;
      },
      (r) => `${w.status(r.messageId)}`,
    );
    await step(
      "governance",
      "she deposits them in the spoke's governance vault",
      async () => {
        const hash = await spokeAlice.writeContract({
          address: spoke.contracts.token.address,
          abi: calSpokeTokenAbi,
          functionName: "approve",
          args: [spoke.contracts.vault.address, 400n * CAL],
          chain: spokeAlice.chain,
          account: spokeAlice.account,
        });
        await spoke.publicClient.waitForTransactionReceipt({ hash });
        return spokeGov.deposit({ amount: 400n * CAL });
      },
      () => formatCal(400n * CAL, { withUnit: true }),
    );
    await token(0).delegate({ delegatee: deployer!.account.address });
    await w.advance(1n);

    const change = setParameter("challengePeriod", 7200n);
    const actions = evmProposalActions({
      home: [change],
      remote: new Map<Domain, (typeof change)[]>([[spokeDomain, [change]]]),
      targets: home.deployment.contracts,
      hub,
      description: "Two-hour challenge window on every chain",
    });
    const { proposalId } = await step(
      "governance",
      "propose once on the hub: a home action and a remote action list for the spoke",
      () => gov.propose(actions),
      () => describeGovernanceAction(change, "every chain"),
    );
    await w.advance(LOCAL_EVM_GOVERNANCE.votingDelay + 1n);
    await step(
      "governance",
      "anyone announces it to the spoke (ProposalOpened through the bridge)",
      async () => {
        const hash = await deployer!.writeContract({
          address: hub,
          abi: governanceHubAbi,
          functionName: "announce",
          args: [proposalId, spokeDomain],
          chain: deployer!.chain,
          account: deployer!.account,
        });
        const receipt = await home.publicClient.waitForTransactionReceipt({ hash });
        await w.relay();
        return { cost: receipt.gasUsed, proposal: await spokeGov.getProposal({ proposalId }) };
      },
      (r) => `snapshot ${r.proposal.snapshot}, vote end ${r.proposal.voteEnd}`,
    );
    await step(
      "governance",
      "the spoke holder votes For from the spoke's vault, weighted at the snapshot",
      () => spokeGov.castVote({ proposalId, support: 1 }),
      () => formatCal(400n * CAL, { withUnit: true }),
    );
    const tally = await step(
      "governance",
      "anyone sends the spoke's tally; the hub counts it as fractional votes",
      async () => {
        const sent = await spokeGov.sendTally({ proposalId });
        await w.relay();
        const counted = await home.publicClient.readContract({
          address: hub,
          abi: governanceHubAbi,
          functionName: "tallyOf",
          args: [proposalId, spokeDomain],
        });
        return { cost: sent.cost, counted };
      },
      (r) => `For ${formatCal(r.counted.forVotes, { withUnit: true })} counted on the hub`,
    );
    await step(
      "governance",
      "a home holder votes For on the hub",
      () => gov.castVote({ proposalId, support: 1 }),
      () => "For",
    );
    await w.advance(LOCAL_EVM_GOVERNANCE.votingPeriod + LOCAL_EVM_GOVERNANCE.lateQuorumExtension);
    await step(
      "governance",
      "queue in the timelock",
      () => gov.queue(actions),
      () => "Queued",
    );
    await w.advance(LOCAL_EVM_GOVERNANCE.timelockDelay + 1n);
    await step(
      "governance",
      "execute on the hub: the home change applies, the spoke's action list is dispatched",
      () => gov.execute(actions),
      () => "Executed on the hub",
    );
    await w.relay();
    const pending = await spokeGov.remoteExecution({ sequence: 1n });
    const now = (await spoke.publicClient.getBlock()).timestamp;
    const midway = describeProposalStatus(
      {
        proposalId,
        hubDomain: home.deployment.chainId,
        hubState: ProposalState.Executed,
        tallies: [],
        executions: [{ ...pending, domain: spokeDomain }],
      },
      now,
    );
    await step(
      "governance",
      "the spoke's executor holds the list for its delay (a Guardian could veto)",
      async () => pending,
      () => midway,
    );
    await w.advance(EXECUTION_DELAY + 1n);
    await step(
      "governance",
      "anyone executes it on the spoke",
      () => w.spokeGovernance(2).execute({ sequence: 1n }),
      () => "Executed on the spoke",
    );
    const after = {
      home: await challengePeriod(home.publicClient, home.deployment.contracts.Marketplace),
      spoke: await challengePeriod(spoke.publicClient, spoke.contracts.marketplace.address),
    };
    if (after.home !== 7200n || after.spoke !== 7200n) throw new Error(`challengePeriod is ${after.home} / ${after.spoke}, expected 7200`);
    const executed = await spokeGov.remoteExecution({ sequence: 1n });
    const status = describeProposalStatus(
      {
        proposalId,
        hubDomain: home.deployment.chainId,
        hubState: ProposalState.Executed,
        tallies: [],
        executions: [{ ...executed, domain: spokeDomain }],
      },
      (await spoke.publicClient.getBlock()).timestamp,
    );
    await step(
      "governance",
      "one decision, two chains",
      async () => ({}),
      () => `${status}: challengePeriod ${before.home} → ${after.home} s`,
    );
    return {
      challengePeriod: { home: [before.home, after.home], spoke: [before.spoke, after.spoke] },
      spokeForVotes: tally.counted.forVotes,
      status,
    };
  } finally {
    await w.close();
  }
}
