/**
 * `calctra dev …`: helpers for a local EVM development node only (Hardhat / EDR, anvil): move its clock and fund
 * accounts. On any other chain they refuse with {@link DevChainRequiredError} before sending anything.
 */
import type { Command } from "commander";
import { parseCal, parseDuration, formatDuration } from "@calctra/core";
import { EvmTokenClient } from "@calctra/sdk/evm";
import type { ChainOptions as Opts, CommandKit, EvmCommandContext } from "../context.js";
import { formatCalAmount, formatDate } from "../format.js";
import { evmAddressArg } from "./token.js";

/** The client versions of the local development nodes whose test methods (`evm_increaseTime`, `hardhat_setBalance`) the commands use. */
const DEV_NODE = /^(HardhatNetwork|hardhat|edr|anvil)\b/i;
/** Native coin an account is topped up to by `dev fund` when it has none (gas for its first transactions). */
const GAS_MONEY = 10n ** 19n;

/**
 * The refusal of a `dev` command on a chain that is not a local development node. `name` is `DevChainRequired`;
 * `args` names the node (its `web3_clientVersion`) and chain id.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof DevChainRequiredError) console.error(e.args.clientVersion); }
 * ```
 */
export class DevChainRequiredError extends Error {
  override readonly name = "DevChainRequired" as const;
  readonly args: { readonly clientVersion: string; readonly chainId: number };
  readonly hint = "dev commands run only against a local Hardhat or anvil node (e.g. npx hardhat node)";
  constructor(args: { readonly clientVersion: string; readonly chainId: number }) {
    super(`DevChainRequired(clientVersion=${args.clientVersion}, chainId=${args.chainId})`);
    this.args = args;
  }
}

/** Checks that a context's chain is a local development node, else throws {@link DevChainRequiredError}. */
export async function requireDevChain(ctx: EvmCommandContext): Promise<void> {
  const request = ctx.publicClient.request as (a: { method: string; params?: unknown[] }) => Promise<unknown>;
  const clientVersion = await request({ method: "web3_clientVersion" }).then(
    (v) => String(v),
    () => "unknown",
  );
  if (!DEV_NODE.test(clientVersion)) throw new DevChainRequiredError({ clientVersion, chainId: await ctx.publicClient.getChainId() });
}

/**
 * Adds the `dev` command group.
 *
 * @example
 * ```ts
 * addDevCommands(program, commandKit({ evm: rpcContextFactory }, (t) => process.stdout.write(t)));
 * ```
 */
export function addDevCommands(program: Command, kit: CommandKit): void {
  const { withConn, print, tx, evmContext } = kit;
  const dev = program.command("dev").description("local development node helpers (Hardhat / anvil only)");
  const time = dev.command("time").description("the dev node's clock");
  withConn(time.command("advance <duration>").description("move the clock forward (90s, 15m, 2h, 7d or seconds) and mine a block")).action(
    async (duration: string, o: Opts) => {
      const ctx = await evmContext(o);
      await requireDevChain(ctx);
      const seconds = parseDuration(duration);
      const request = ctx.publicClient.request as (a: { method: string; params?: unknown[] }) => Promise<unknown>;
      await request({ method: "evm_increaseTime", params: [Number(seconds)] });
      await request({ method: "evm_mine", params: [] });
      const block = await ctx.publicClient.getBlock();
      print(o, `advanced ${formatDuration(seconds)}: block ${block.number} at ${formatDate(block.timestamp)}`, {
        advanced: seconds,
        block: block.number,
        timestamp: block.timestamp,
      });
    },
  );
  withConn(
    dev
      .command("fund <address> <CAL>")
      .description("send CAL from the signing account (the deployer holds the supply on a dev node), and gas money when it has none"),
  ).action(async (address: string, amount: string, o: Opts) => {
    const ctx = await evmContext(o);
    await requireDevChain(ctx);
    const to = evmAddressArg("address", address);
    if ((await ctx.publicClient.getBalance({ address: to })) === 0n) {
      const request = ctx.publicClient.request as (a: { method: string; params?: unknown[] }) => Promise<unknown>;
      await request({ method: "hardhat_setBalance", params: [to, `0x${GAS_MONEY.toString(16)}`] });
    }
    const value = parseCal(amount);
    tx(o, `fund ${to} with ${formatCalAmount(value)}`, await new EvmTokenClient(ctx).transfer({ to, amount: value }));
  });
}
