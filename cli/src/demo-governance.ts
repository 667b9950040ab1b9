/**
 * The governance part of the end-to-end story (called from demo.ts), DESIGN §7: one proposal on the hub changes
 * `challengePeriod` on all four chains (EVM home, EVM spoke, Solana, TON). Holders bridge CAL to the spokes and
 * deposit it in each spoke's vault; votes are cast on the hub, the EVM spoke, Solana and TON; the bridge's
 * validators and relayer carry ProposalOpened, each spoke's VoteTally and the GovernanceActions lists; each spoke's
 * executor applies the change after its delay.
 */
import type { Address, PublicClient } from "viem";
import {
  CAL,
  DOMAINS,
  describeGovernanceAction,
  domainName,
  formatCal,
  setParameter,
  universalFromEvm,
  type Domain,
  type GovernanceAction,
  type SpokeGovernanceClient,
} from "@calctra/core";
import { EvmBridgeClient, EvmTokenClient, calSpokeTokenAbi, marketplaceAbi } from "@calctra/sdk/evm";
import { SolanaGovernanceClient, SolanaMarketplaceClient, solanaUniversalAddress } from "@calctra/sdk/solana";
import { tonUniversalAddress } from "@calctra/sdk/ton";
import { LOCAL_EVM_GOVERNANCE } from "@calctra/devnet/evm-bridge";
import { startGovernanceWorld } from "@calctra/devnet/governance-world";
import type { DemoStepFunction } from "./demo-ton.js";

/** Parameters of {@link runGovernanceStory}. */
export interface RunGovernanceStoryParameters {
  readonly step: DemoStepFunction;
}

/** challengePeriod (seconds) on one chain, before and after. */
type Change = readonly [bigint, bigint];

/** What the governance story established. */
export interface RunGovernanceStoryReturnType {
  /** challengePeriod on each chain's marketplace, before and after. */
  readonly challengePeriod: { readonly home: Change; readonly spoke: Change; readonly solana: Change; readonly ton: Change };
  /** Each spoke's tally as the hub counted it (For votes on the EVM spoke and Solana, Abstain on TON). */
  readonly counted: { readonly spoke: bigint; readonly solana: bigint; readonly tonAbstain: bigint };
  /** The proposal across chains in one sentence, at the end. */
  readonly status: string;
}

const EXECUTION_DELAY = 3600n;
const SPOKE = DOMAINS.localEvmSpoke;
const SPOKES = [SPOKE, DOMAINS.solana, DOMAINS.ton] as const;

/**
 * Runs the governance story on a fresh four-chain world (hub, EVM spoke, Solana, TON).
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
    "hub (EVM home: Governor, timelock, GovernanceHub); vault + executor on the EVM spoke, Solana and TON; 3 validators, relayer",
    () => startGovernanceWorld({ executionDelay: EXECUTION_DELAY, spokes: ["solana", "ton"] }),
    (x) => `hub ${x.hub.slice(0, 10)}…, spokes ${SPOKES.map(domainName).join(", ")}`,
  );
  try {
    const { home, spoke, vault } = w;
    const solana = w.solana!;
    const ton = w.ton!;
    const [deployer, alice] = home.wallets;
    const base = { publicClient: home.publicClient, deployment: home.deployment };
    const token = (i: number) => new EvmTokenClient({ ...base, walletClient: home.wallets[i]! });
    const spokeAlice = spoke.wallets[1]!;
    const solAlice = await solana.newWallet({ sol: 10n });
    const tonAlice = await ton.treasury("alice");
    const voters = {
      [SPOKE]: w.spokeGovernance(1),
      [DOMAINS.solana]: new SolanaGovernanceClient(solAlice.params),
      [DOMAINS.ton]: ton.governance(tonAlice),
    } as const;
    const evmChallenge = (client: PublicClient, address: Address) =>
      client.readContract({ address, abi: marketplaceAbi, functionName: "challengePeriod" }) as Promise<bigint>;
    const solanaMarket = new SolanaMarketplaceClient(solAlice.params);
    const challengePeriods = async () => ({
      home: await evmChallenge(home.publicClient, home.deployment.contracts.Marketplace),
      spoke: await evmChallenge(spoke.publicClient, spoke.contracts.marketplace.address),
      solana: (await solanaMarket.parameters()).challengePeriod,
      ton: await ton.challengePeriod(),
    });
    const before = await challengePeriods();

    await token(0).transfer({ to: alice!.account.address, amount: 1_000n * CAL });
    await token(1).approve({ spender: vault, amount: 900n * CAL });
    const shares = [
      [SPOKE, universalFromEvm(spokeAlice.account.address), 400n * CAL],
      [DOMAINS.solana, solanaUniversalAddress(solAlice.publicKey), 300n * CAL],
      [DOMAINS.ton, tonUniversalAddress(tonAlice.address), 200n * CAL],
    ] as const;
    await step(
      "governance",
      "a holder bridges 400 CAL to the EVM spoke, 300 to Solana and 200 to TON (validators sign, the relayer mints)",
      async () => {
        const bridge = new EvmBridgeClient({ publicClient: home.publicClient, walletClient: alice!, bridge: vault });
        const sent = [];
        for (const [dstDomain, recipient, amount] of shares) sent.push(await bridge.transfer({ dstDomain, recipient, amount }));
        await w.relay();
        return sent;
      },
      (r) => r.map((m) => w.status(m.messageId)).join(", "),
    );
    await step(
      "governance",
      "she deposits them in each spoke's governance vault",
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
        for (const [domain, , amount] of shares) await voters[domain].deposit({ amount });
      },
      () => shares.map(([d, , a]) => `${formatCal(a)} CAL on ${domainName(d)}`).join(", "),
    );
    await token(0).delegate({ delegatee: deployer!.account.address });
    await w.advance(1n);

    const change = setParameter("challengePeriod", 7200n);
    // The SDK's cross-chain client: the deployer's, with keepers on the spokes; Alice's votes from her spoke wallets.
    const gov = w.governance();
    const aliceGov = w.governance({
      homeWallet: 1,
      spokes: new Map<Domain, SpokeGovernanceClient>(Object.entries(voters).map(([d, c]) => [Number(d), c])),
    });
    const proposal = {
      home: [change],
      remote: new Map<Domain, GovernanceAction[]>(SPOKES.map((d) => [d, [change]])),
      description: "Two-hour challenge window on every chain",
    };
    const { proposalId } = await step(
      "governance",
      "propose once on the hub: a home action and a remote action list for each spoke",
      () => gov.propose(proposal),
      () => describeGovernanceAction(change, "every chain"),
    );
    await w.advance(LOCAL_EVM_GOVERNANCE.votingDelay + 1n);
    await step(
      "governance",
      "anyone announces it to the three spokes (ProposalOpened through the bridge)",
      async () => {
        const sent = await gov.announce({ proposalId });
        await w.relay();
        return { cost: sent.reduce((a, x) => a + (x.cost ?? 0n), 0n), proposal: await voters[DOMAINS.ton].getProposal({ proposalId }) };
      },
      (r) => `snapshot ${r.proposal.snapshot}, vote end ${r.proposal.voteEnd} on every spoke`,
    );
    await w.advance(1n);
    await step(
      "governance",
      "spoke holders vote from their vaults, weighted at the snapshot: For on the EVM spoke and Solana, Abstain on TON",
      async () => {
        await aliceGov.castVote({ proposalId, support: 1, domain: SPOKE });
        await aliceGov.castVote({ proposalId, support: 1, domain: DOMAINS.solana });
        await aliceGov.castVote({ proposalId, support: 2, domain: DOMAINS.ton });
      },
      () => "400 For (EVM 31338), 300 For (Solana), 200 Abstain (TON)",
    );
    const counted = await step(
      "governance",
      "anyone sends each spoke's tally; the hub counts them as fractional votes",
      async () => {
        for (const domain of SPOKES) await gov.sendTally({ proposalId, domain });
        await w.relay();
        const { tallies } = await gov.status({ proposalId });
        const of = (d: Domain) => tallies.find((t) => t.domain === d && t.counted);
        return {
          spoke: of(SPOKE)?.forVotes ?? 0n,
          solana: of(DOMAINS.solana)?.forVotes ?? 0n,
          tonAbstain: of(DOMAINS.ton)?.abstainVotes ?? 0n,
        };
      },
      (r) =>
        `For ${formatCal(r.spoke + r.solana, { withUnit: true })}, Abstain ${formatCal(r.tonAbstain, { withUnit: true })} counted on the hub`,
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
      () => gov.queue(proposal),
      () => "Queued",
    );
    await w.advance(LOCAL_EVM_GOVERNANCE.timelockDelay + 1n);
    await step(
      "governance",
      "execute on the hub: the home change applies, the three action lists are dispatched",
      () => gov.execute(proposal),
      () => "Executed on the hub",
    );
    await w.relay();
    const midway = await gov.describe({ proposalId });
    await step(
      "governance",
      "each spoke's executor holds its list for the delay (a Guardian could veto)",
      async () => midway.status.executions,
      () => midway.text,
    );
    await w.advance(EXECUTION_DELAY + 1n);
    await step(
      "governance",
      "anyone executes the lists on the EVM spoke, Solana and TON",
      async () => {
        for (const e of midway.status.executions) await gov.executeRemote({ domain: e.domain, sequence: e.sequence! });
      },
      () => "Executed on the spokes",
    );
    const after = await challengePeriods();
    for (const [chain, value] of Object.entries(after))
      if (value !== 7200n) throw new Error(`challengePeriod on ${chain} is ${value}, expected 7200`);
    const { text: status } = await gov.describe({ proposalId });
    await step(
      "governance",
      "one decision, four chains",
      async () => ({}),
      () => `${status}: challengePeriod ${before.home} → ${after.home} s`,
    );
    return {
      challengePeriod: {
        home: [before.home, after.home],
        spoke: [before.spoke, after.spoke],
        solana: [before.solana, after.solana],
        ton: [before.ton, after.ton],
      },
      counted,
      status,
    };
  } finally {
    await w.close();
  }
}
