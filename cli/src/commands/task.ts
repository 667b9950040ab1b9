/**
 * `calctra task …`: create (a fixed reward or an offer, with replicas), list, show, quote, accept, submit, commit,
 * reveal, settle, cancel, finalize, dispute, expire, resolve-replicas — on any chain.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { IpfsHttpStore, waitForResult } from "@calctra/sdk/delivery";
import { LocalContentStore } from "@calctra/sdk/node";
import {
  formatCal,
  formatDuration,
  parseCal,
  parseDuration,
  replicaCommit,
  taskStatusName,
  type OfferTermsParameters,
  type Task,
} from "@calctra/core";
import { showTask } from "../context.js";
import type { ChainOptions as Opts, CommandKit } from "../context.js";

/**
 * Adds the `task` command group.
 *
 * @example
 * ```ts
 * addTaskCommands(program, commandKit({ evm: rpcContextFactory }, (t) => process.stdout.write(t)));
 * ```
 */
export function addTaskCommands(program: Command, kit: CommandKit): void {
  const { withConn, clients, print, tx, unit } = kit;
  const task = program.command("task").description("marketplace tasks");
  withConn(
    task
      .command("create")
      .description("post a task; the reward moves into escrow")
      .requiredOption("--spec-hash <hex|int>", "hash committing to the model and input (< 2^248)")
      .option("--reward <CAL>", "fixed reward in CAL (or --max with --min for an offer)")
      .option("--max <CAL>", "an offer's maximum reward, CAL (what the escrow takes)")
      .option("--min <CAL>", "an offer's starting reward, CAL (the price ramps from it to --max)")
      .option("--ramp <duration>", "how long the price takes from --min to --max (7200, 90m, 2h)", "0")
      .option("--ramp-start-in <duration>", "when the ramp starts, from now", "0")
      .option("--lock-deadline <duration>", "accepting is refused after this long from now (default: the deadline)")
      .option("--replicas <k>", "run on k providers (1..3) by commit-reveal; 0 = one provider with submit", "0")
      .requiredOption("--collateral <CAL>", "collateral each provider locks, CAL")
      .option("--deadline-in <seconds>", "deadline from now", "3600")
      .option("--verifier <id>", "0 = optimistic", "0")
      .option("--creator <address>", "model creator (royalty)")
      .option("--min-reputation <bps>", "minimum provider score", "0"),
  ).action(
    async (
      o: Opts & {
        specHash: string;
        reward?: string;
        max?: string;
        min?: string;
        ramp: string;
        rampStartIn: string;
        lockDeadline?: string;
        replicas: string;
        collateral: string;
        deadlineIn: string;
        verifier: string;
        creator?: string;
        minReputation: string;
      },
    ) => {
      if ((o.reward === undefined) === (o.max === undefined)) throw new Error("give either --reward or --max");
      const reward = parseCal((o.reward ?? o.max) as string);
      const replicas = z.coerce.number().int().min(0).max(3).parse(o.replicas) as 0 | 1 | 2 | 3;
      const c = await clients(o);
      const now = await c.now();
      const deadline = now + BigInt(o.deadlineIn);
      const isOffer = o.min !== undefined || o.lockDeadline !== undefined || replicas > 0 || o.ramp !== "0";
      const offer: OfferTermsParameters | undefined = isOffer
        ? {
            minReward: o.min === undefined ? reward : parseCal(o.min),
            rampStart: now + parseDuration(o.rampStartIn),
            rampDuration: parseDuration(o.ramp),
            lockDeadline: o.lockDeadline === undefined ? deadline : now + parseDuration(o.lockDeadline),
            replicas,
          }
        : undefined;
      const r = await c.marketplace.createTask({
        specHash: BigInt(o.specHash),
        reward,
        collateral: parseCal(o.collateral),
        deadline,
        verifierId: Number(o.verifier),
        minReputationBps: Number(o.minReputation),
        ...(o.creator ? { modelCreator: o.creator } : {}),
        ...(offer ? { offer } : {}),
      });
      const terms = offer
        ? `, offer ${formatCal(offer.minReward)} → ${formatCal(reward)} CAL over ${formatDuration(offer.rampDuration)}${replicas > 0 ? `, ${replicas} replica${replicas === 1 ? "" : "s"}` : ""}`
        : "";
      print(o, `task ${r.taskId} created${terms}: tx ${r.id} (${unit(o)} ${r.cost ?? "?"})`, { taskId: r.taskId, tx: r.id, gas: r.cost });
    },
  );
  withConn(task.command("show <taskId>").description("show one task")).action(async (id: string, o: Opts) => {
    const t = await (await clients(o)).marketplace.getTask({ taskId: BigInt(id) });
    const shown = showTask(t);
    print(
      o,
      Object.entries(shown)
        .map(([k, v]) => `${k.padEnd(17)} ${v ?? "-"}`)
        .join("\n"),
      shown,
    );
  });
  withConn(task.command("list").description("list tasks, newest first").option("--limit <n>", "how many", "20")).action(
    async (o: Opts & { limit: string }) => {
      const market = (await clients(o)).marketplace;
      const count = await market.taskCount();
      const rows: Task[] = [];
      for (let id = count; id >= 1n && rows.length < Number(o.limit); id--) rows.push(await market.getTask({ taskId: id }));
      print(
        o,
        rows.length === 0
          ? "no tasks"
          : rows
              .map(
                (t) =>
                  `#${t.id} ${taskStatusName(t.status).padEnd(9)} reward ${formatCal(t.reward)} CAL, collateral ${formatCal(t.collateral)} CAL`,
              )
              .join("\n"),
        rows.map(showTask),
      );
    },
  );
  withConn(
    task.command("quote <taskId>").description("the price accepting would lock now (offers ramp from their minimum to their maximum)"),
  ).action(async (id: string, o: Opts) => {
    const m = (await clients(o)).marketplace;
    const taskId = BigInt(id);
    const [q, offer, replicas] = await Promise.all([m.quoteTask({ taskId }), m.getOffer({ taskId }), m.getReplicas({ taskId })]);
    const lines = [
      `price now        ${formatCal(q.price)} CAL${q.acceptable ? "" : " (not acceptable now)"}`,
      `range            ${formatCal(offer.minReward)} → ${formatCal(offer.maxReward)} CAL`,
      `lock deadline    ${q.lockDeadline}${q.lockDeadline >= q.at ? ` (in ${formatDuration(q.lockDeadline - q.at)})` : " (passed)"}`,
      ...(offer.replicas > 0 ? [`replicas         ${replicas.length} of ${offer.replicas}`] : []),
    ];
    print(o, lines.join("\n"), { ...q, offer, replicas });
  });
  withConn(
    task
      .command("commit <taskId>")
      .description("commit a replica's result: keccak256(resultHash | salt | you); the salt is kept in --salt-file for the reveal")
      .requiredOption("--result-hash <hex>", "32-byte hash of the result")
      .option("--salt <hex>", "32-byte salt (default: random, written to --salt-file)")
      .option("--salt-file <path>", "where the reveal data is kept (default .calctra/commits/<chain>-<taskId>.json)"),
  ).action(async (id: string, o: Opts & { resultHash: string; salt?: string; saltFile?: string }) => {
    const c = await clients(o);
    const resultHash = hex32("--result-hash", o.resultHash);
    const salt = o.salt ? hex32("--salt", o.salt) : (`0x${randomBytes(32).toString("hex")}` as const);
    const commit = replicaCommit(resultHash, salt, c.selfUniversal);
    const file = o.saltFile ?? defaultSaltFile(o.chain, id);
    // Written before the commit is sent: losing the salt would make the reveal impossible (and the replica slashed).
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ taskId: id, provider: c.selfUniversal, resultHash, salt, commit }, null, 2)}\n`, {
      mode: 0o600,
    });
    const r = await c.marketplace.commitResult({ taskId: BigInt(id), commit });
    tx(o, `commit task ${id} (${commit}; reveal data in ${file})`, r);
  });
  withConn(
    task
      .command("reveal <taskId>")
      .description("reveal a committed replica result (reads --salt-file unless --result-hash and --salt are given)")
      .option("--result-hash <hex>", "the committed result hash")
      .option("--salt <hex>", "the committed salt")
      .option("--salt-file <path>", "the file `task commit` wrote (default .calctra/commits/<chain>-<taskId>.json)"),
  ).action(async (id: string, o: Opts & { resultHash?: string; salt?: string; saltFile?: string }) => {
    const saved =
      o.resultHash && o.salt
        ? { resultHash: o.resultHash, salt: o.salt }
        : z
            .object({ resultHash: z.string(), salt: z.string() })
            .parse(JSON.parse(readFileSync(o.saltFile ?? defaultSaltFile(o.chain, id), "utf8")) as unknown);
    const r = await (await clients(o)).marketplace.revealResult({
      taskId: BigInt(id),
      resultHash: hex32("--result-hash", saved.resultHash),
      salt: hex32("--salt", saved.salt),
    });
    tx(o, `reveal task ${id}`, r);
  });
  withConn(
    task
      .command("result <taskId>")
      .description("wait for a task's result, fetch the sealed result its provider recorded, decrypt it and check it against the chain")
      .requiredOption("--secret-key-file <path>", "file holding your X25519 secret key (0x + 64 hex), the pair of the spec's resultKey")
      .option("--store <dir|url>", "content store: a folder, or an IPFS API (http…)", ".calctra/store")
      .option("--timeout <duration>", "give up after this long", "10m"),
  ).action(async (id: string, o: Opts & { secretKeyFile: string; store: string; timeout: string }) => {
    const secretKey = hex32("the secret key file", readFileSync(o.secretKeyFile, "utf8").trim());
    const store = /^https?:\/\//.test(o.store) ? new IpfsHttpStore({ api: o.store }) : new LocalContentStore({ directory: o.store });
    const r = await waitForResult({
      market: (await clients(o)).marketplace,
      taskId: BigInt(id),
      store,
      secretKey,
      timeoutMs: Number(parseDuration(o.timeout)) * 1000,
      // progress for a person at a terminal; scripts and --json read only the answer
      ...(process.stderr.isTTY && !o.json
        ? { onProgress: (status: string) => process.stderr.write(`task ${id}: ${taskStatusName(Number(status))}\n`) }
        : {}),
    });
    print(o, `task ${id} result (checked against the chain): ${r.output.join(", ")}`, { taskId: r.taskId, output: r.output });
  });
  withConn(
    task
      .command("resolve-replicas <taskId>")
      .description("arbiter: settle a Disputed replicated task with the winning result hash (zero: nobody was right)")
      .requiredOption("--result-hash <hex>", "the winning result hash, or 0x00…00"),
  ).action(async (id: string, o: Opts & { resultHash: string }) => {
    const r = await (await clients(o)).marketplace.resolveReplicas({
      taskId: BigInt(id),
      resultHash: hex32("--result-hash", o.resultHash),
    });
    tx(o, `resolve-replicas task ${id}`, r);
  });
  for (const [name, desc] of [
    ["settle", "settle a replicated task by majority once all revealed or the reveal window ended (anyone)"],
    ["accept", "take an Open task (locks collateral and the current price)"],
    ["cancel", "cancel your Open task (refund)"],
    ["finalize", "complete a Submitted task after the challenge window"],
    ["dispute", "dispute a Submitted task inside the challenge window"],
    ["expire", "refund an Assigned task past its deadline and slash its provider"],
  ] as const) {
    withConn(task.command(`${name} <taskId>`).description(desc)).action(async (id: string, o: Opts) => {
      const m = (await clients(o)).marketplace;
      const taskId = BigInt(id);
      const r =
        name === "settle"
          ? await m.settle({ taskId })
          : name === "accept"
            ? await m.acceptTask({ taskId })
            : name === "cancel"
              ? await m.cancelTask({ taskId })
              : name === "finalize"
                ? await m.finalize({ taskId })
                : name === "dispute"
                  ? await m.dispute({ taskId })
                  : await m.expire({ taskId });
      tx(o, `${name} task ${id}`, r);
    });
  }
  withConn(
    task
      .command("submit <taskId>")
      .description("submit a result (with --proof for verified tasks)")
      .requiredOption("--commitment <hex|int>", "result commitment")
      .option("--proof <hex>", "chain-encoded Groth16 proof (encodeProofEvm / encodeProofSolana; on TON the BoC of encodeProofTon)"),
  ).action(async (id: string, o: Opts & { commitment: string; proof?: string }) => {
    const proof = o.proof ? Uint8Array.from(Buffer.from(o.proof.replace(/^0x/, ""), "hex")) : undefined;
    const r = await (await clients(o)).marketplace.submitResult({
      taskId: BigInt(id),
      resultCommitment: BigInt(o.commitment),
      ...(proof ? { proof } : {}),
    });
    tx(o, `submit task ${id}`, r);
  });
}

function hex32(flag: string, value: string): `0x${string}` {
  const v = value.startsWith("0x") ? value : `0x${value}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(v)) throw new Error(`${flag} must be 32 bytes of hex (64 digits)`);
  return v.toLowerCase() as `0x${string}`;
}

function defaultSaltFile(chain: string, taskId: string): string {
  return join(".calctra", "commits", `${chain}-${taskId}.json`);
}
