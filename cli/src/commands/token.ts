/** `calctra token …`: CAL balances on any chain; transfers, approvals and vote delegation on the EVM home. */
import type { Command } from "commander";
import { getAddress, type Address } from "viem";
import { formatCal, parseCal } from "@calctra/core";
import { EvmTokenClient } from "@calctra/sdk/evm";
import type { ChainOptions as Opts, CommandKit } from "../context.js";

/** A 20-byte EVM address argument, checksummed; a typed refusal otherwise. */
export function evmAddressArg(what: string, text: string): Address {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) throw new Error(`${what}: expected a 0x-prefixed 20-byte address, got ${text}`);
  return getAddress(text);
}

/**
 * Adds the `token` command group.
 *
 * @example
 * ```ts
 * addTokenCommands(program, commandKit({ evm: rpcContextFactory }, (t) => process.stdout.write(t)));
 * ```
 */
export function addTokenCommands(program: Command, kit: CommandKit): void {
  const { withConn, clients, print, tx, evmContext } = kit;
  const token = program.command("token").description("the CAL token");
  withConn(token.command("balance [address]")).action(async (address: string | undefined, o: Opts) => {
    const c = await clients(o);
    const b = await c.token.balanceOf({ owner: address ?? c.self });
    print(o, `${formatCal(b)} CAL`, { balance: b });
  });
  withConn(token.command("transfer <to> <CAL>").description("send CAL to an address (any chain)")).action(
    async (to: string, amount: string, o: Opts) => {
      const value = parseCal(amount);
      tx(o, `transfer ${amount} CAL to ${to}`, await (await clients(o)).token.transfer({ to, amount: value }));
    },
  );
  withConn(token.command("approve <spender> <CAL>").description("EVM: let a contract or account take up to this much of your CAL")).action(
    async (spender: string, amount: string, o: Opts) => {
      // Arguments are checked before the chain is contacted: bad input fails fast and offline.
      const s = evmAddressArg("spender", spender);
      const value = parseCal(amount);
      const ctx = await evmContext(o);
      tx(o, `approve ${s} for ${amount} CAL`, await new EvmTokenClient(ctx).approve({ spender: s, amount: value }));
    },
  );
  withConn(
    token
      .command("delegate [delegatee]")
      .description("EVM home: delegate your CAL's votes (default: to yourself) — votes count only once delegated"),
  ).action(async (delegatee: string | undefined, o: Opts) => {
    const given = delegatee ? evmAddressArg("delegatee", delegatee) : undefined;
    const ctx = await evmContext(o);
    if (ctx.deployment.mode !== "home")
      throw new Error("token delegate runs on the EVM home, where CAL carries votes; on a spoke use gov deposit");
    const d = given ?? ctx.walletClient.account.address;
    tx(o, `delegate votes to ${d}`, await new EvmTokenClient(ctx).delegate({ delegatee: d }));
  });
}
