/** `calctra provider …`: register, stake, unstake, withdraw, show — on any chain. */
import type { Command } from "commander";
import { formatCal, parseCal } from "@calctra/core";
import type { ChainOptions as Opts, CommandKit } from "../context.js";

/**
 * Adds the `provider` command group.
 *
 * @example
 * ```ts
 * addProviderCommands(program, commandKit({ evm: rpcContextFactory }, (t) => process.stdout.write(t)));
 * ```
 */
export function addProviderCommands(program: Command, kit: CommandKit): void {
  const { withConn, clients, print, tx } = kit;
  const provider = program.command("provider").description("provider registration, stake and reputation");
  withConn(
    provider.command("register").requiredOption("--metadata-hash <hex>", "32-byte hash of the hardware / attestation document"),
  ).action(async (o: Opts & { metadataHash: string }) =>
    tx(o, "register", await (await clients(o)).staking.register({ metadataHash: o.metadataHash as `0x${string}` })),
  );
  withConn(provider.command("stake <CAL>")).action(async (amount: string, o: Opts) =>
    tx(o, `stake ${amount} CAL`, await (await clients(o)).staking.stake({ amount: parseCal(amount) })),
  );
  withConn(provider.command("unstake <CAL>").description("start unbonding")).action(async (amount: string, o: Opts) =>
    tx(o, `request unstake ${amount} CAL`, await (await clients(o)).staking.requestUnstake({ amount: parseCal(amount) })),
  );
  withConn(provider.command("withdraw").description("withdraw unbonded stake")).action(async (o: Opts) =>
    tx(o, "withdraw", await (await clients(o)).staking.withdraw()),
  );
  withConn(provider.command("show [address]").description("stake and reputation (default: your own)")).action(
    async (address: string | undefined, o: Opts) => {
      const c = await clients(o);
      const info = await c.staking.getProvider({ provider: address ?? c.self });
      print(
        o,
        [
          `provider     ${info.provider}`,
          `registered   ${info.registered}`,
          `staked       ${formatCal(info.staked)} CAL (locked ${formatCal(info.locked)})`,
          `unbonding    ${formatCal(info.pendingUnstake)} CAL`,
          `completed    ${info.completed}`,
          `failed       ${info.failed}`,
          `score        ${info.scoreBps} bps`,
        ].join("\n"),
        info,
      );
    },
  );
}
