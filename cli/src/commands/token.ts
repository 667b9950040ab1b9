/** `calctra token …`: CAL balances — on any chain. */
import type { Command } from "commander";
import { formatCal } from "@calctra/core";
import type { ChainOptions as Opts, CommandKit } from "../context.js";

/**
 * Adds the `token` command group.
 *
 * @example
 * ```ts
 * addTokenCommands(program, commandKit({ evm: rpcContextFactory }, (t) => process.stdout.write(t)));
 * ```
 */
export function addTokenCommands(program: Command, kit: CommandKit): void {
  const { withConn, clients, print } = kit;
  const token = program.command("token").description("the CAL token");
  withConn(token.command("balance [address]")).action(async (address: string | undefined, o: Opts) => {
    const c = await clients(o);
    const b = await c.token.balanceOf({ owner: address ?? c.self });
    print(o, `${formatCal(b)} CAL`, { balance: b });
  });
}
