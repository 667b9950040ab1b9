/**
 * `calctra gov …`: status and vote on any chain; propose, queue and execute EVM timelock calls; deposit voting weight
 * on TON and Solana; on Solana (a spoke vault + executor) send a proposal's tally to the hub, run or veto a received
 * action list.
 */
import type { Command } from "commander";
import { encodeFunctionData, type Address, type Hex } from "viem";
import { ProposalState, formatCal, parseCal } from "@calctra/core";
import { EvmGovernanceClient, marketplaceAbi, stakingAbi, type EvmDeployment, type EvmProposalActions } from "@calctra/sdk/evm";
import { TonGovernanceClient } from "@calctra/sdk/ton";
import { SolanaGovernanceClient } from "@calctra/sdk/solana";
import type { ChainOptions as Opts, CommandKit } from "../context.js";

/** Governance actions the CLI can propose: `name:arg1,arg2`. */
const GOV_ACTIONS = {
  setChallengePeriod: { target: "Marketplace", abi: marketplaceAbi, args: ["uint"] },
  setSlashBps: { target: "Marketplace", abi: marketplaceAbi, args: ["uint"] },
  setFeeSplit: { target: "Marketplace", abi: marketplaceAbi, args: ["uint", "uint", "uint"] },
  setArbiter: { target: "Marketplace", abi: marketplaceAbi, args: ["address"] },
  setTreasury: { target: "Marketplace", abi: marketplaceAbi, args: ["address"] },
  registerVerifier: { target: "Marketplace", abi: marketplaceAbi, args: ["uint", "address"] },
  unpause: { target: "Marketplace", abi: marketplaceAbi, args: [] },
  setMinStake: { target: "Staking", abi: stakingAbi, args: ["uint"] },
  setUnbondingPeriod: { target: "Staking", abi: stakingAbi, args: ["uint"] },
} as const;

/**
 * Encodes `name:arg,arg` governance actions into the timelock's calls.
 *
 * @example
 * ```ts
 * encodeGovActions(deployment, ["setChallengePeriod:7200"], "Shorter challenge window");
 * ```
 */
export function encodeGovActions(deployment: EvmDeployment, actions: readonly string[], description: string): EvmProposalActions {
  const targets: Address[] = [];
  const calldatas: Hex[] = [];
  for (const a of actions) {
    const [name, rawArgs = ""] = a.split(":");
    const spec = GOV_ACTIONS[name as keyof typeof GOV_ACTIONS];
    if (!spec) throw new Error(`unknown action ${name}; known: ${Object.keys(GOV_ACTIONS).join(", ")}`);
    const parts = rawArgs === "" ? [] : rawArgs.split(",");
    if (parts.length !== spec.args.length) throw new Error(`${name} takes ${spec.args.length} argument(s)`);
    const args: Array<string | bigint | number> = parts.map((v, i) => (spec.args[i] === "uint" ? BigInt(v) : v));
    if (name === "registerVerifier") args[0] = Number(args[0]); // uint16 verifier id
    targets.push(deployment.contracts[spec.target]);
    calldatas.push(encodeFunctionData({ abi: spec.abi, functionName: name, args } as never));
  }
  return { targets, values: targets.map(() => 0n), calldatas, description };
}

/**
 * Adds the `gov` command group.
 *
 * @example
 * ```ts
 * addGovCommands(program, commandKit({ evm: rpcContextFactory }, (t) => process.stdout.write(t)));
 * ```
 */
export function addGovCommands(program: Command, kit: CommandKit): void {
  const { withConn, clients, print, tx, evmContext, tonParams } = kit;
  const gov = program.command("gov").description("governance");
  withConn(gov.command("status <proposalId>")).action(async (id: string, o: Opts) => {
    const p = await (await clients(o)).governance.getProposal({ proposalId: BigInt(id) });
    const state = Object.entries(ProposalState).find(([, v]) => v === p.state)?.[0] ?? String(p.state);
    print(
      o,
      `${state}: for ${formatCal(p.forVotes)} / against ${formatCal(p.againstVotes)} / abstain ${formatCal(p.abstainVotes)} CAL; voting ${p.voteStart}..${p.voteEnd}`,
      { ...p, stateName: state },
    );
  });
  const withActions = (c: Command) =>
    withConn(
      c
        .requiredOption(
          "--action <name:args...>",
          `repeatable: ${Object.keys(GOV_ACTIONS).join(", ")}`,
          (v: string, prev: string[]) => [...prev, v],
          [] as string[],
        )
        .requiredOption("--description <text>", "proposal description (queue and execute need the same text)"),
    );
  withActions(gov.command("propose").description("propose typed parameter changes (EVM timelock calls)")).action(
    async (o: Opts & { action: string[]; description: string }) => {
      const ctx = await evmContext(o);
      const r = await new EvmGovernanceClient(ctx).propose(encodeGovActions(ctx.deployment, o.action, o.description));
      print(o, `proposal ${r.proposalId} created: tx ${r.id} (gas ${r.cost})`, { proposalId: r.proposalId, tx: r.id, gas: r.cost });
    },
  );
  for (const verb of ["queue", "execute"] as const) {
    withActions(gov.command(verb).description(`${verb} a proposal (same actions and description as proposed)`)).action(
      async (o: Opts & { action: string[]; description: string }) => {
        const ctx = await evmContext(o);
        const g = new EvmGovernanceClient(ctx);
        const actions = encodeGovActions(ctx.deployment, o.action, o.description);
        tx(o, verb, verb === "queue" ? await g.queue(actions) : await g.execute(actions));
      },
    );
  }
  /** The Solana governance client of the connection (Solana-only commands). */
  const solanaGov = async (o: Opts): Promise<SolanaGovernanceClient> => {
    const g = o.chain === "solana" ? (await clients(o)).governance : undefined;
    if (!(g instanceof SolanaGovernanceClient)) throw new Error(`this command runs on Solana only (got --chain ${o.chain})`);
    return g;
  };
  withConn(
    gov.command("deposit <CAL>").description("TON, Solana: deposit CAL in governance as voting weight (EVM delegates its balance instead)"),
  ).action(async (amount: string, o: Opts) => {
    if (o.chain === "solana") {
      tx(o, `deposit ${amount} CAL in the vault`, await (await solanaGov(o)).deposit({ amount: parseCal(amount) }));
      return;
    }
    if (o.chain !== "ton")
      throw new Error(
        `gov deposit runs on TON and Solana only (got --chain ${o.chain}); on EVM, voting weight is the delegated CAL balance`,
      );
    tx(o, `deposit ${amount} CAL of votes`, await new TonGovernanceClient(await tonParams(o)).depositVotes({ amount: parseCal(amount) }));
  });
  withConn(gov.command("tally <proposalId>").description("Solana: send this spoke's cumulative tally to the hub")).action(
    async (id: string, o: Opts) => {
      tx(o, `tally of ${id} sent to the hub`, await (await solanaGov(o)).sendTally({ proposalId: BigInt(id) }));
    },
  );
  withConn(gov.command("run <sequence>").description("Solana: execute a received action list once its delay is over")).action(
    async (sequence: string, o: Opts) => {
      tx(o, `action list ${sequence}`, await (await solanaGov(o)).execute({ sequence: BigInt(sequence) }));
    },
  );
  withConn(gov.command("veto <sequence>").description("Solana: the guardian vetoes a pending action list")).action(
    async (sequence: string, o: Opts) => {
      tx(o, `veto of action list ${sequence}`, await (await solanaGov(o)).veto({ sequence: BigInt(sequence) }));
    },
  );
  withConn(gov.command("vote <proposalId> <for|against|abstain>")).action(async (id: string, choice: string, o: Opts) => {
    const support = ({ against: 0, for: 1, abstain: 2 } as const)[choice as "for"];
    if (support === undefined) throw new Error("vote must be for, against or abstain");
    tx(o, `vote ${choice}`, await (await clients(o)).governance.castVote({ proposalId: BigInt(id), support }));
  });
}
