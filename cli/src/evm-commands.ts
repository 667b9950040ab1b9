/**
 * Chain-neutral commands of the `calctra` CLI: tasks, providers, balances and governance on EVM (`--rpc`,
 * `--deployment`, key in `CALCTRA_PRIVATE_KEY`), Solana (keypair file in `CALCTRA_SOLANA_KEYPAIR`) and TON
 * (toncenter-compatible endpoint, 24-word wallet v4 mnemonic in `CALCTRA_TON_MNEMONIC`). The clients come from a
 * context factory per chain, so tests drive the same commands against embedded chains.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { createPublicClient, createWalletClient, http, type Account, type Chain, type PublicClient, type Transport, type WalletClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { readFileSync as readText } from "node:fs";
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { Connection, Keypair } from "@solana/web3.js";
import type { Sender } from "@ton/core";
import { mnemonicToPrivateKey, mnemonicValidate } from "@ton/crypto";
import { TonClient, WalletContractV4 } from "@ton/ton";
import { CAL, ProposalState, formatCal, parseCal, taskStatusName, type GovernanceClient, type MarketplaceClient, type StakingClient, type Task, type TokenClient } from "@calctra/core";
import {
  SolanaGovernanceClient, SolanaMarketplaceClient, SolanaStakingClient, SolanaTokenClient, parseSolanaDeployment, type SolanaClientParameters,
} from "@calctra/sdk/solana";
import {
  TonGovernanceClient, TonMarketplaceClient, TonStakingClient, TonTokenClient, createTonTracer, parseTonDeployment, type TonClientParameters,
} from "@calctra/sdk/ton";
import { encodeFunctionData, type Address, type Hex } from "viem";
import { EvmGovernanceClient, EvmMarketplaceClient, EvmStakingClient, EvmTokenClient, marketplaceAbi, stakingAbi, type EvmDeployment, type EvmProposalActions } from "@calctra/sdk/evm";

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
  const targets: Address[] = []; const calldatas: Hex[] = [];
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

/** What every EVM command needs. */
export interface EvmCommandContext {
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  readonly deployment: EvmDeployment;
}
/** Options every EVM command accepts. */
export interface EvmConnectionOptions {
  readonly rpc: string;
  readonly deployment: string;
}
/** Creates the context of a command from its options. */
export type EvmContextFactory = (options: EvmConnectionOptions) => Promise<EvmCommandContext>;
/** Creates the Solana clients' parameters (connection, signing wallet, deployment) from a command's options. */
export type SolanaContextFactory = (options: EvmConnectionOptions) => Promise<SolanaClientParameters>;
/** Creates the TON clients' parameters (opener, signing wallet's sender, deployment, trace) from a command's options. */
export type TonContextFactory = (options: EvmConnectionOptions) => Promise<TonClientParameters>;
/** The chains the task, provider, token and vote commands run on (`--chain`). */
export interface ChainContextFactories {
  readonly evm: EvmContextFactory;
  readonly solana?: SolanaContextFactory;
  readonly ton?: TonContextFactory;
}

/** The chain-neutral clients a command works with, whichever chain `--chain` picked. */
interface ChainClients {
  readonly marketplace: MarketplaceClient;
  readonly staking: StakingClient;
  readonly token: TokenClient;
  readonly governance: GovernanceClient;
  /** The signing account, in the chain's own address format. */
  readonly self: string;
  /** The chain's clock (unix seconds). */
  now(): Promise<bigint>;
}

/**
 * The default Solana factory: a JSON-RPC URL, a deployment file written by `deploySolana` and the keypair file
 * (solana-keygen JSON) named by `CALCTRA_SOLANA_KEYPAIR`.
 *
 * @example
 * ```ts
 * const params = await rpcSolanaContextFactory({ rpc: "http://127.0.0.1:8899", deployment: "deployments/solana-local.json" });
 * ```
 */
export const rpcSolanaContextFactory: SolanaContextFactory = async ({ rpc, deployment }) => {
  const path = process.env.CALCTRA_SOLANA_KEYPAIR;
  if (!path) throw new Error("set CALCTRA_SOLANA_KEYPAIR to the keypair file (solana-keygen JSON) that signs");
  const secret = z.array(z.number().int().min(0).max(255)).length(64).parse(JSON.parse(readText(path, "utf8")));
  const provider = new AnchorProvider(new Connection(rpc, "confirmed"), new Wallet(Keypair.fromSecretKey(Uint8Array.from(secret))), { commitment: "confirmed" });
  return { provider, deployment: parseSolanaDeployment(JSON.parse(readText(deployment, "utf8")) as unknown) };
};
/**
 * The default TON factory: a toncenter-compatible HTTP API endpoint (`@ton/ton`'s `TonClient`; an API key from
 * `CALCTRA_TON_API_KEY` when set), a deployment file `deployments/ton-<network>.json` and the wallet (v4, workchain 0)
 * of the 24-word mnemonic in `CALCTRA_TON_MNEMONIC`. Sends are traced on the network (`createTonTracer`), so the
 * commands report each call's TON gas and decode refusals to their canonical names.
 *
 * @example
 * ```ts
 * const params = await rpcTonContextFactory({ rpc: "https://testnet.toncenter.com/api/v2/jsonRPC", deployment: "deployments/ton-testnet.json" });
 * ```
 */
export const rpcTonContextFactory: TonContextFactory = async ({ rpc, deployment }) => {
  const words = process.env.CALCTRA_TON_MNEMONIC?.trim().split(/\s+/);
  if (!words || words.length !== 24) throw new Error("set CALCTRA_TON_MNEMONIC to the 24-word mnemonic of the TON wallet (v4) that signs");
  if (!(await mnemonicValidate(words))) throw new Error("CALCTRA_TON_MNEMONIC is not a valid TON mnemonic");
  const keys = await mnemonicToPrivateKey(words);
  const apiKey = process.env.CALCTRA_TON_API_KEY;
  const client = new TonClient({ endpoint: rpc, ...(apiKey ? { apiKey } : {}) });
  const wallet = client.open(WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey }));
  // @ton/ton's wallet sender carries no address; the adapters need it (jetton wallet, traces)
  const sender: Sender = { address: wallet.address, send: wallet.sender(keys.secretKey).send };
  return {
    open: (c) => client.open(c), sender, trace: createTonTracer({ source: client }),
    deployment: parseTonDeployment(JSON.parse(readText(deployment, "utf8")) as unknown),
  };
};
/** Where command output goes (stdout in the CLI, a buffer in tests). */
export type Output = (text: string) => void;

const deploymentSchema = z.object({
  network: z.string(),
  chainId: z.number().int().positive(),
  mode: z.enum(["home", "spoke"]),
  contracts: z.object({
    CalToken: z.string().regex(/^0x[0-9a-fA-F]{40}$/), CalTimelock: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
    CalGovernor: z.string().regex(/^0x[0-9a-fA-F]{40}$/), Staking: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
    Marketplace: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  }),
});

/** Reads and validates a deployment file written by contracts-evm/scripts/deploy.ts. */
export function readEvmDeployment(path: string): EvmDeployment {
  return deploymentSchema.parse(JSON.parse(readFileSync(path, "utf8"))) as EvmDeployment;
}

/** The default factory: an HTTP RPC endpoint, a deployment file and `CALCTRA_PRIVATE_KEY`. */
export const rpcContextFactory: EvmContextFactory = async ({ rpc, deployment }) => {
  const key = process.env.CALCTRA_PRIVATE_KEY;
  if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) throw new Error("set CALCTRA_PRIVATE_KEY to the 0x-prefixed private key that signs");
  const dep = readEvmDeployment(deployment);
  const chain = { id: dep.chainId, name: dep.network, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpc] } } } as const;
  const publicClient = createPublicClient({ chain, transport: http(rpc) }) as PublicClient;
  const walletClient = createWalletClient({ chain, transport: http(rpc), account: privateKeyToAccount(key as `0x${string}`) });
  return { publicClient, walletClient, deployment: dep };
};

/** CAL amount parsing and formatting (from the SDK core; re-exported for the CLI's users). */
export { formatCal, parseCal } from "@calctra/core";

const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x), 2);
function showTask(t: Task): Record<string, string | number | null> {
  return {
    id: t.id.toString(), status: taskStatusName(t.status), user: t.user, provider: t.provider, reward: formatCal(t.reward),
    collateral: formatCal(t.collateral), deadline: new Date(Number(t.deadline) * 1000).toISOString(), verifierId: t.verifierId,
    minReputationBps: t.minReputationBps, specHash: `0x${t.specHash.toString(16)}`, resultCommitment: `0x${t.resultCommitment.toString(16)}`,
    modelCreator: t.modelCreator,
  };
}

/**
 * Adds the `task`, `provider`, `token` and `gov` command groups for EVM only (see {@link addChainCommands}).
 *
 * @example
 * ```ts
 * const program = new Command();
 * addEvmCommands(program, rpcContextFactory, (t) => process.stdout.write(t));
 * await program.parseAsync(["node", "calctra", "task", "show", "1", "--rpc", url, "--deployment", "deployments/localhost.json"]);
 * ```
 */
export function addEvmCommands(program: Command, contextFactory: EvmContextFactory, out: Output): void {
  addChainCommands(program, { evm: contextFactory }, out);
}

/** Default endpoint and deployment file per chain (`--rpc`, `--deployment`). */
export const CHAIN_DEFAULTS = {
  evm: { rpc: "http://127.0.0.1:8545", deployment: "deployments/localhost.json" },
  solana: { rpc: "http://127.0.0.1:8899", deployment: "deployments/solana-local.json" },
  ton: { rpc: "https://testnet.toncenter.com/api/v2/jsonRPC", deployment: "deployments/ton-testnet.json" },
} as const;
const UNITS = { evm: "gas", solana: "compute units", ton: "TON gas" } as const;
const DEFAULTS = CHAIN_DEFAULTS;

/**
 * Adds `task`, `provider`, `token` and `gov` command groups to a commander program. Tasks, providers, balances,
 * votes and proposal status run on any chain with a factory (`--chain evm|solana|ton`) through the SDK's
 * chain-neutral clients; `gov propose/queue/execute` take EVM timelock calls; `gov deposit` locks CAL as voting
 * weight on TON (EVM delegates instead). Costs are printed as gas (EVM), compute units (Solana) or TON gas.
 *
 * @example
 * ```ts
 * const program = new Command();
 * addChainCommands(program, { evm: rpcContextFactory, solana: rpcSolanaContextFactory, ton: rpcTonContextFactory }, (t) => process.stdout.write(t));
 * await program.parseAsync(["node", "calctra", "task", "show", "1", "--chain", "solana", "--deployment", "deployments/solana-local.json"]);
 * ```
 */
export function addChainCommands(program: Command, factories: ChainContextFactories, out: Output): void {
  const contextFactory = factories.evm;
  const withConn = (c: Command) =>
    c.option("--chain <name>", "evm, solana or ton", process.env.CALCTRA_CHAIN ?? "evm")
      .option("--rpc <url>", `JSON-RPC endpoint (default ${DEFAULTS.evm.rpc} on EVM, ${DEFAULTS.solana.rpc} on Solana, toncenter API ${DEFAULTS.ton.rpc} on TON)`, process.env.CALCTRA_RPC)
      .option("--deployment <file>", `deployment file written by the deploy script (default ${DEFAULTS.evm.deployment} / ${DEFAULTS.solana.deployment} / ${DEFAULTS.ton.deployment})`, process.env.CALCTRA_DEPLOYMENT)
      .option("--json", "machine-readable output");
  type Opts = { chain: string; rpc?: string; deployment?: string; json?: boolean };
  const conn = (o: Opts, chain: keyof typeof DEFAULTS): EvmConnectionOptions => ({ rpc: o.rpc ?? DEFAULTS[chain].rpc, deployment: o.deployment ?? DEFAULTS[chain].deployment });
  const evmContext = (o: Opts) => {
    if (o.chain !== "evm") throw new Error(`this command runs on EVM only (got --chain ${o.chain})`);
    return contextFactory(conn(o, "evm"));
  };
  const tonParams = async (o: Opts) => {
    if (!factories.ton) throw new Error("TON is not configured in this CLI");
    return factories.ton(conn(o, "ton"));
  };
  const clients = async (o: Opts): Promise<ChainClients> => {
    if (o.chain === "evm") {
      const ctx = await contextFactory(conn(o, "evm"));
      return {
        marketplace: new EvmMarketplaceClient(ctx), staking: new EvmStakingClient(ctx), token: new EvmTokenClient(ctx), governance: new EvmGovernanceClient(ctx),
        self: ctx.walletClient.account.address, now: async () => (await ctx.publicClient.getBlock()).timestamp,
      };
    }
    if (o.chain === "solana") {
      if (!factories.solana) throw new Error("Solana is not configured in this CLI");
      const params = await factories.solana(conn(o, "solana"));
      const marketplace = new SolanaMarketplaceClient(params);
      return {
        marketplace, staking: new SolanaStakingClient(params), token: new SolanaTokenClient(params), governance: new SolanaGovernanceClient(params),
        self: params.provider.wallet.publicKey.toBase58(), now: () => marketplace.chainTime(),
      };
    }
    if (o.chain === "ton") {
      const params = await tonParams(o);
      const self = params.sender.address;
      if (!self) throw new Error("the TON sender has no address");
      return {
        marketplace: new TonMarketplaceClient(params), staking: new TonStakingClient(params), token: new TonTokenClient(params), governance: new TonGovernanceClient(params),
        self: self.toString(), now: async () => BigInt(params.now ? params.now() : Math.floor(Date.now() / 1000)),
      };
    }
    throw new Error(`unknown chain ${o.chain}: evm, solana or ton`);
  };
  const print = (opts: Opts, human: string, machine: unknown) => out(opts.json ? `${json(machine)}\n` : `${human}\n`);
  const unit = (opts: Opts) => UNITS[opts.chain as keyof typeof UNITS] ?? "gas";
  const tx = (opts: Opts, what: string, r: { id: string; cost?: bigint }) => print(opts, `${what}: tx ${r.id} (${unit(opts)} ${r.cost ?? "?"})`, { ok: true, what, tx: r.id, gas: r.cost });

  const task = program.command("task").description("marketplace tasks");
  withConn(task.command("create").description("post a task; the reward moves into escrow")
    .requiredOption("--spec-hash <hex|int>", "hash committing to the model and input (< 2^248)")
    .requiredOption("--reward <CAL>", "reward in CAL").requiredOption("--collateral <CAL>", "collateral the provider locks, CAL")
    .option("--deadline-in <seconds>", "deadline from now", "3600").option("--verifier <id>", "0 = optimistic", "0")
    .option("--creator <address>", "model creator (royalty)").option("--min-reputation <bps>", "minimum provider score", "0"))
    .action(async (o: Opts & { specHash: string; reward: string; collateral: string; deadlineIn: string; verifier: string; creator?: string; minReputation: string }) => {
      const c = await clients(o);
      const now = await c.now();
      const r = await c.marketplace.createTask({
        specHash: BigInt(o.specHash), reward: parseCal(o.reward), collateral: parseCal(o.collateral), deadline: now + BigInt(o.deadlineIn),
        verifierId: Number(o.verifier), minReputationBps: Number(o.minReputation), ...(o.creator ? { modelCreator: o.creator } : {}),
      });
      print(o, `task ${r.taskId} created: tx ${r.id} (${unit(o)} ${r.cost ?? "?"})`, { taskId: r.taskId, tx: r.id, gas: r.cost });
    });
  withConn(task.command("show <taskId>").description("show one task")).action(async (id: string, o: Opts) => {
    const t = await (await clients(o)).marketplace.getTask({ taskId: BigInt(id) });
    const shown = showTask(t);
    print(o, Object.entries(shown).map(([k, v]) => `${k.padEnd(17)} ${v ?? "-"}`).join("\n"), shown);
  });
  withConn(task.command("list").description("list tasks, newest first").option("--limit <n>", "how many", "20")).action(async (o: Opts & { limit: string }) => {
    const market = (await clients(o)).marketplace;
    const count = await market.taskCount();
    const rows: Task[] = [];
    for (let id = count; id >= 1n && rows.length < Number(o.limit); id--) rows.push(await market.getTask({ taskId: id }));
    print(o, rows.length === 0 ? "no tasks" : rows.map((t) => `#${t.id} ${taskStatusName(t.status).padEnd(9)} reward ${formatCal(t.reward)} CAL, collateral ${formatCal(t.collateral)} CAL`).join("\n"), rows.map(showTask));
  });
  for (const [name, desc] of [["accept", "take an Open task (locks collateral)"], ["cancel", "cancel your Open task (refund)"], ["finalize", "complete a Submitted task after the challenge window"],
    ["dispute", "dispute a Submitted task inside the challenge window"], ["expire", "refund an Assigned task past its deadline and slash its provider"]] as const) {
    withConn(task.command(`${name} <taskId>`).description(desc)).action(async (id: string, o: Opts) => {
      const m = (await clients(o)).marketplace;
      const taskId = BigInt(id);
      const r = name === "accept" ? await m.acceptTask({ taskId }) : name === "cancel" ? await m.cancelTask({ taskId })
        : name === "finalize" ? await m.finalize({ taskId }) : name === "dispute" ? await m.dispute({ taskId }) : await m.expire({ taskId });
      tx(o, `${name} task ${id}`, r);
    });
  }
  withConn(task.command("submit <taskId>").description("submit a result (with --proof for verified tasks)")
    .requiredOption("--commitment <hex|int>", "result commitment").option("--proof <hex>", "chain-encoded Groth16 proof (encodeProofEvm / encodeProofSolana; on TON the BoC of encodeProofTon)"))
    .action(async (id: string, o: Opts & { commitment: string; proof?: string }) => {
      const proof = o.proof ? Uint8Array.from(Buffer.from(o.proof.replace(/^0x/, ""), "hex")) : undefined;
      const r = await (await clients(o)).marketplace.submitResult({ taskId: BigInt(id), resultCommitment: BigInt(o.commitment), ...(proof ? { proof } : {}) });
      tx(o, `submit task ${id}`, r);
    });

  const provider = program.command("provider").description("provider registration, stake and reputation");
  withConn(provider.command("register").requiredOption("--metadata-hash <hex>", "32-byte hash of the hardware / attestation document"))
    .action(async (o: Opts & { metadataHash: string }) => tx(o, "register", await (await clients(o)).staking.register({ metadataHash: o.metadataHash as `0x${string}` })));
  withConn(provider.command("stake <CAL>")).action(async (amount: string, o: Opts) => tx(o, `stake ${amount} CAL`, await (await clients(o)).staking.stake({ amount: parseCal(amount) })));
  withConn(provider.command("unstake <CAL>").description("start unbonding")).action(async (amount: string, o: Opts) =>
    tx(o, `request unstake ${amount} CAL`, await (await clients(o)).staking.requestUnstake({ amount: parseCal(amount) })));
  withConn(provider.command("withdraw").description("withdraw unbonded stake")).action(async (o: Opts) => tx(o, "withdraw", await (await clients(o)).staking.withdraw()));
  withConn(provider.command("show [address]").description("stake and reputation (default: your own)")).action(async (address: string | undefined, o: Opts) => {
    const c = await clients(o);
    const info = await c.staking.getProvider({ provider: address ?? c.self });
    print(o, [`provider     ${info.provider}`, `registered   ${info.registered}`, `staked       ${formatCal(info.staked)} CAL (locked ${formatCal(info.locked)})`,
      `unbonding    ${formatCal(info.pendingUnstake)} CAL`, `completed    ${info.completed}`, `failed       ${info.failed}`, `score        ${info.scoreBps} bps`].join("\n"), info);
  });

  const token = program.command("token").description("the CAL token");
  withConn(token.command("balance [address]")).action(async (address: string | undefined, o: Opts) => {
    const c = await clients(o);
    const b = await c.token.balanceOf({ owner: address ?? c.self });
    print(o, `${formatCal(b)} CAL`, { balance: b });
  });

  const gov = program.command("gov").description("governance");
  withConn(gov.command("status <proposalId>")).action(async (id: string, o: Opts) => {
    const p = await (await clients(o)).governance.getProposal({ proposalId: BigInt(id) });
    const state = Object.entries(ProposalState).find(([, v]) => v === p.state)?.[0] ?? String(p.state);
    print(o, `${state}: for ${formatCal(p.forVotes)} / against ${formatCal(p.againstVotes)} / abstain ${formatCal(p.abstainVotes)} CAL; voting ${p.voteStart}..${p.voteEnd}`, { ...p, stateName: state });
  });
  const withActions = (c: Command) => withConn(c.requiredOption("--action <name:args...>", `repeatable: ${Object.keys(GOV_ACTIONS).join(", ")}`, (v: string, prev: string[]) => [...prev, v], [] as string[])
    .requiredOption("--description <text>", "proposal description (queue and execute need the same text)"));
  withActions(gov.command("propose").description("propose typed parameter changes (EVM timelock calls)")).action(async (o: Opts & { action: string[]; description: string }) => {
    const ctx = await evmContext(o);
    const r = await new EvmGovernanceClient(ctx).propose(encodeGovActions(ctx.deployment, o.action, o.description));
    print(o, `proposal ${r.proposalId} created: tx ${r.id} (gas ${r.cost})`, { proposalId: r.proposalId, tx: r.id, gas: r.cost });
  });
  for (const verb of ["queue", "execute"] as const) {
    withActions(gov.command(verb).description(`${verb} a proposal (same actions and description as proposed)`)).action(async (o: Opts & { action: string[]; description: string }) => {
      const ctx = await evmContext(o);
      const g = new EvmGovernanceClient(ctx);
      const actions = encodeGovActions(ctx.deployment, o.action, o.description);
      tx(o, verb, verb === "queue" ? await g.queue(actions) : await g.execute(actions));
    });
  }
  withConn(gov.command("deposit <CAL>").description("TON: lock CAL in governance as voting weight (EVM delegates its balance instead)"))
    .action(async (amount: string, o: Opts) => {
      if (o.chain !== "ton") throw new Error(`gov deposit runs on TON only (got --chain ${o.chain}); on EVM, voting weight is the delegated CAL balance`);
      tx(o, `deposit ${amount} CAL of votes`, await new TonGovernanceClient(await tonParams(o)).depositVotes({ amount: parseCal(amount) }));
    });
  withConn(gov.command("vote <proposalId> <for|against|abstain>")).action(async (id: string, choice: string, o: Opts) => {
    const support = ({ against: 0, for: 1, abstain: 2 } as const)[choice as "for"];
    if (support === undefined) throw new Error("vote must be for, against or abstain");
    tx(o, `vote ${choice}`, await (await clients(o)).governance.castVote({ proposalId: BigInt(id), support }));
  });
}
