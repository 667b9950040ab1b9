import { expect } from "chai";
import { Command } from "commander";
import { getAddress } from "viem";
import { CAL, CalctraError } from "@calctra/core";
import { EvmRevertError, EvmStakingClient, EvmTokenClient, decodeEvmError, evmErrorsAbi, marketplaceAbi } from "@calctra/sdk/evm";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";
import { addEvmCommands } from "../src/commands/index.js";
import type { EvmCommandContext } from "../src/context.js";
import { errorLines, formatError, formatTimestamp } from "../src/format.js";

describe("calctra errors (decoded from the generated ABIs, formatted in CAL and dates, with hints)", function () {
  this.timeout(300_000);
  let evm: LocalEvm;
  let signer = 0;

  async function refusal(...args: string[]): Promise<unknown> {
    const program = new Command().exitOverride();
    addEvmCommands(
      program,
      async (): Promise<EvmCommandContext> => ({
        publicClient: evm.publicClient,
        walletClient: evm.wallets[signer]!,
        deployment: evm.deployment,
      }),
      () => {},
    );
    try {
      await program.parseAsync(["node", "calctra", ...args]);
    } catch (e) {
      return e;
    }
    throw new Error(`expected ${args.join(" ")} to be refused`);
  }

  before(async () => {
    evm = await startLocalEvm({
      moduleParameters: {
        votingDelay: 60n,
        votingPeriod: 3600n,
        lateQuorumExtension: 600n,
        timelockDelay: 600n,
        proposalThreshold: 1_000n * CAL,
      },
    });
    const token = new EvmTokenClient({ publicClient: evm.publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment });
    await token.transfer({ to: evm.wallets[2]!.account.address, amount: 5_000n * CAL });
  });

  it("lists OpenZeppelin's own errors among the errors it decodes, taken from the compiled ABIs", () => {
    const names = new Set(evmErrorsAbi.map((e) => e.name));
    for (const n of [
      "ERC20InsufficientBalance",
      "ERC20InsufficientAllowance",
      "GovernorInsufficientProposerVotes",
      "AccessControlUnauthorizedAccount",
      "TimelockUnexpectedOperationState",
    ])
      expect(names.has(n), n).to.equal(true);
  });

  it("prints provider stake without CAL as ERC20InsufficientBalance with its arguments in CAL and a hint, never a raw selector", async () => {
    signer = 3;
    const staking = new EvmStakingClient({ publicClient: evm.publicClient, walletClient: evm.wallets[3]!, deployment: evm.deployment });
    await staking.register({ metadataHash: `0x${"cd".repeat(32)}` });
    const e = await refusal("provider", "stake", "250");
    expect(e).to.be.instanceOf(EvmRevertError);
    const me = getAddress(evm.wallets[3]!.account.address);
    const lines = errorLines(e);
    expect(lines).to.equal(
      [
        `error (evm): ERC20InsufficientBalance(sender=${me}, balance=0 CAL, needed=250 CAL)`,
        "hint: the account holds 0 CAL and this needs 250 CAL: get CAL first (calctra token transfer from a holder, or calctra dev fund on a dev chain)",
        "",
      ].join("\n"),
    );
    expect(lines).not.to.match(/0x[0-9a-f]{8}(?![0-9a-f])/i);
  });

  it("prints the governance threshold in CAL, with the hint to delegate first", async () => {
    signer = 2;
    const e = await refusal("gov", "propose", "--set-parameter", "challengePeriod=2h", "--description", "too early");
    expect(e).to.be.instanceOf(CalctraError);
    const f = formatError(e);
    expect(f.text).to.equal(
      `GovernorInsufficientProposerVotes(proposer=${getAddress(evm.wallets[2]!.account.address)}, votes=0 CAL, threshold=1000 CAL)`,
    );
    expect(f.hint).to.match(/^proposing needs 1000 CAL of votes .* delegate your votes first \(calctra gov delegate\)/);
  });

  it("shows an error's timestamps as dates with the time to wait, against the chain's own clock", () => {
    const now = 1_796_000_000n;
    const e = new CalctraError("GovernanceExecutionDelayActive", { sequence: 1n, eta: now + 5400n, now_: now }, "evm");
    expect(formatError(e)).to.deep.equal({
      name: "GovernanceExecutionDelayActive",
      chain: "evm",
      text: "GovernanceExecutionDelayActive(sequence=1, eta=2026-11-30 02:23:20 UTC (in 90 minutes), now_=2026-11-30 00:53:20 UTC)",
      hint: "wait until 2026-11-30 02:23:20 UTC (in 90 minutes)",
    });
    expect(formatTimestamp(now - 7200n, now)).to.equal("2026-11-29 22:53:20 UTC (2 hours ago)");
  });

  it("decodes the token's own refusal of a direct transfer the same way", async () => {
    signer = 3;
    const token = new EvmTokenClient({ publicClient: evm.publicClient, walletClient: evm.wallets[3]!, deployment: evm.deployment });
    const e = await token.transfer({ to: evm.wallets[4]!.account.address, amount: CAL }).then(
      () => null,
      (x: unknown) => x,
    );
    expect(formatError(e).text).to.match(/^ERC20InsufficientBalance\(sender=0x[0-9a-fA-F]{40}, balance=0 CAL, needed=1 CAL\)$/);
  });

  it("decodes OpenZeppelin's AccessControlUnauthorizedAccount with the account and the role it lacks, by the role's name", async () => {
    const account = evm.wallets[3]!.account;
    const e = await evm.publicClient
      .simulateContract({ address: evm.deployment.contracts.Marketplace, abi: marketplaceAbi, functionName: "pause", account })
      .then(
        () => null,
        (x: unknown) => decodeEvmError(x),
      );
    expect(e).to.be.instanceOf(EvmRevertError);
    const f = formatError(e);
    expect(f.text).to.match(
      new RegExp(`^AccessControlUnauthorizedAccount\\(account=${getAddress(account.address)}, neededRole=PAUSER_ROLE\\)$`),
    );
    expect(f.hint).to.match(/lacks the role PAUSER_ROLE; governance grants roles$/);
  });
});
