/** `calctra task …`: create, list, show, accept, submit, cancel, finalize, dispute, expire — on any chain. */
import type { Command } from "commander";
import { formatCal, parseCal, taskStatusName, type Task } from "@calctra/core";
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
      .requiredOption("--reward <CAL>", "reward in CAL")
      .requiredOption("--collateral <CAL>", "collateral the provider locks, CAL")
      .option("--deadline-in <seconds>", "deadline from now", "3600")
      .option("--verifier <id>", "0 = optimistic", "0")
      .option("--creator <address>", "model creator (royalty)")
      .option("--min-reputation <bps>", "minimum provider score", "0"),
  ).action(
    async (
      o: Opts & {
        specHash: string;
        reward: string;
        collateral: string;
        deadlineIn: string;
        verifier: string;
        creator?: string;
        minReputation: string;
      },
    ) => {
      const c = await clients(o);
      const now = await c.now();
      const r = await c.marketplace.createTask({
        specHash: BigInt(o.specHash),
        reward: parseCal(o.reward),
        collateral: parseCal(o.collateral),
        deadline: now + BigInt(o.deadlineIn),
        verifierId: Number(o.verifier),
        minReputationBps: Number(o.minReputation),
        ...(o.creator ? { modelCreator: o.creator } : {}),
      });
      print(o, `task ${r.taskId} created: tx ${r.id} (${unit(o)} ${r.cost ?? "?"})`, { taskId: r.taskId, tx: r.id, gas: r.cost });
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
  for (const [name, desc] of [
    ["accept", "take an Open task (locks collateral)"],
    ["cancel", "cancel your Open task (refund)"],
    ["finalize", "complete a Submitted task after the challenge window"],
    ["dispute", "dispute a Submitted task inside the challenge window"],
    ["expire", "refund an Assigned task past its deadline and slash its provider"],
  ] as const) {
    withConn(task.command(`${name} <taskId>`).description(desc)).action(async (id: string, o: Opts) => {
      const m = (await clients(o)).marketplace;
      const taskId = BigInt(id);
      const r =
        name === "accept"
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
