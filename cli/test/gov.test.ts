import { expect } from "chai";
import { Command } from "commander";
import { keccak256, toBytes, type Address } from "viem";
import { CAL, DOMAINS, ProposalState, encodeGovernanceActions, setParameter, universalFromEvm, type GovernanceAction } from "@calctra/core";
import { EvmGovernanceClient, EvmGovernanceHubClient, calGovernorAbi, calTokenAbi } from "@calctra/sdk/evm";
import { CrossChainGovernanceClient } from "@calctra/sdk/governance";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";
import { addEvmCommands, buildProposal } from "../src/commands/index.js";
import type { EvmCommandContext } from "../src/context.js";

const hex = (actions: readonly GovernanceAction[]) => `0x${Buffer.from(encodeGovernanceActions(actions)).toString("hex")}`;

describe("calctra gov delegate and the proposal builder (core's one action set, on the hub)", function () {
  this.timeout(300_000);
  let evm: LocalEvm;
  let out: string[] = [];
  const validators = [
    "0x1000000000000000000000000000000000000001",
    "0x2000000000000000000000000000000000000002",
    "0x3000000000000000000000000000000000000003",
  ] as const;
  const remoteBridge = "0x00000000000000000000000000000000000000000000000000000000000b41d9";

  async function run(...args: string[]): Promise<string> {
    out = [];
    const program = new Command().exitOverride();
    addEvmCommands(
      program,
      async (): Promise<EvmCommandContext> => ({
        publicClient: evm.publicClient,
        walletClient: evm.wallets[0]!,
        deployment: evm.deployment,
      }),
      (t) => out.push(t),
    );
    await program.parseAsync(["node", "calctra", ...args]);
    return out.join("");
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
      bridge: { validators: [...validators] },
      governanceHub: true,
    });
  });

  it("delegates the signer's votes to itself with gov delegate", async () => {
    const me = evm.wallets[0]!.account.address;
    expect(await run("gov", "delegate")).to.match(/^delegate votes to 0x[0-9a-fA-F]{40}: tx 0x[0-9a-f]{64} \(gas \d+\)\n$/);
    const delegate = (await evm.publicClient.readContract({
      address: evm.deployment.contracts.CalToken,
      abi: calTokenAbi,
      functionName: "delegates",
      args: [me],
    })) as Address;
    expect(delegate.toLowerCase()).to.equal(me.toLowerCase());
  });

  it("builds every kind of action from its options exactly as core's encoders do", () => {
    const p = buildProposal(
      {
        setParameter: ["challengePeriod=2h", "minStake=150", "feeSplit=7000/2000/1000", "executionDelay=3h@solana"],
        setVerifier: ["3=none@ton"],
        setRole: [`guardian=${validators[0]}@31338`],
        setValidators: [`${validators.join(",")}:2:1d`],
        remoteDomain: [`31338:${remoteBridge}:enable:1000000:10:500000:5`, "ton:disable"],
        pause: ["bridge@31338"],
        unpause: ["marketplace"],
      },
      ["set slashBps 2500"],
      [],
      "every action",
    );
    expect(p.home).to.deep.equal([
      setParameter("slashBps", 2500n),
      setParameter("challengePeriod", 7200n),
      setParameter("minStake", 150n * CAL),
      { kind: "setParameter", paramId: 5, value: (7000n << 32n) | (2000n << 16n) | 1000n },
      { kind: "setValidatorSet", signers: [...validators], threshold: 2, retention: 86_400 },
      {
        kind: "setRemoteDomain",
        domain: 31338,
        enabled: true,
        bridge: remoteBridge,
        inboundCapacity: 1_000_000n * CAL,
        inboundRatePerSecond: 10n * CAL,
        outboundCapacity: 500_000n * CAL,
        outboundRatePerSecond: 5n * CAL,
      },
      {
        kind: "setRemoteDomain",
        domain: DOMAINS.ton,
        enabled: false,
        bridge: `0x${"00".repeat(32)}`,
        inboundCapacity: 0n,
        inboundRatePerSecond: 0n,
        outboundCapacity: 0n,
        outboundRatePerSecond: 0n,
      },
      { kind: "unpause", target: "marketplace" },
    ]);
    expect([...(p.remote ?? new Map())]).to.deep.equal([
      [DOMAINS.solana, [setParameter("executionDelay", 10_800n)]],
      [DOMAINS.ton, [{ kind: "setVerifier", verifierId: 3, verifier: `0x${"00".repeat(32)}` }]],
      [
        31338,
        [
          { kind: "setRole", role: "guardian", account: universalFromEvm(validators[0]) },
          { kind: "pause", target: "bridge" },
        ],
      ],
    ]);
  });

  it("refuses a malformed builder option with GovernanceInvalidAction naming the option", () => {
    expect(() => buildProposal({ setParameter: ["challengePeriod"] }, [], [], "x")).to.throw(
      /GovernanceInvalidAction\(option=--set-parameter/,
    );
    expect(() => buildProposal({ remoteDomain: [`2:${remoteBridge}:enable`] }, [], [], "x")).to.throw(/option=--remote-domain/);
    expect(() => buildProposal({ setRole: ["janitor=0x1000000000000000000000000000000000000001"] }, [], [], "x")).to.throw(
      /unknown role janitor/,
    );
    expect(() => buildProposal({ pause: ["everything"] }, [], [], "x")).to.throw(/option=--pause/);
  });

  it("creates the built proposal on the hub: its actions are core's encodings and its id is the Governor's hash of them", async () => {
    const ctx = { publicClient: evm.publicClient, walletClient: evm.wallets[0]!, deployment: evm.deployment };
    const hub = evm.contracts.hub!.address;
    const bridge = evm.bridge!;
    const description = "two hours, and a new spoke";
    await evm.increaseTime(1n); // delegated votes count from the next timestamp
    const created = JSON.parse(
      await run(
        "gov",
        "propose",
        "--hub",
        hub,
        "--home-bridge",
        bridge,
        "--set-parameter",
        "challengePeriod=2h",
        "--remote-domain",
        `31338:${remoteBridge}:enable:1000000:10:1000000:10`,
        "--set-parameter",
        "challengePeriod=2h@31338",
        "--description",
        description,
        "--json",
      ),
    );
    const home: GovernanceAction[] = [
      setParameter("challengePeriod", 7200n),
      {
        kind: "setRemoteDomain",
        domain: 31338,
        enabled: true,
        bridge: remoteBridge,
        inboundCapacity: 1_000_000n * CAL,
        inboundRatePerSecond: 10n * CAL,
        outboundCapacity: 1_000_000n * CAL,
        outboundRatePerSecond: 10n * CAL,
      },
    ];
    const remote = new Map([[31338, [setParameter("challengePeriod", 7200n)]]]);
    expect(created.actions).to.deep.equal({ home: hex(home), remote: { "31338": hex(remote.get(31338)!) } });

    const cross = new CrossChainGovernanceClient({
      governor: new EvmGovernanceClient(ctx),
      hub: new EvmGovernanceHubClient({ publicClient: evm.publicClient, walletClient: evm.wallets[0]!, address: hub }),
      hubDomain: evm.deployment.chainId,
      governorAddress: evm.deployment.contracts.CalGovernor,
      targets: { ...evm.deployment.contracts, Bridge: bridge },
      spokes: new Map(),
    });
    const { targets, values, calldatas } = cross.proposalActions({ home, remote, description });
    const expectedId = await evm.publicClient.readContract({
      address: evm.deployment.contracts.CalGovernor,
      abi: calGovernorAbi,
      functionName: "hashProposal",
      args: [[...targets], [...values], [...calldatas], keccak256(toBytes(description))],
    });
    expect(created.proposalId).to.equal(String(expectedId));
    expect((await new EvmGovernanceClient(ctx).getProposal({ proposalId: BigInt(created.proposalId) })).state).to.equal(
      ProposalState.Pending,
    );
  });
});
