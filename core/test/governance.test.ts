import { expect } from "chai";
import { readFileSync } from "node:fs";
import { hexToBytes, keccak256, recoverAddress, type Hex } from "viem";
import {
  CAL,
  CalctraError,
  DOMAINS,
  anyBridgeMessageId,
  decodeAnyBridgeMessage,
  encodeAnyBridgeMessage,
  isGovernanceMessage,
  describeGovernanceAction,
  describeProposalStatus,
  formatDuration,
  parseDuration,
  ProposalState,
  parseGovernanceAction,
  GOVERNED_PARAMETERS,
  PARAMETERS,
  decodeGovernanceActions,
  decodeGovernanceMessage,
  encodeGovernanceActions,
  encodeGovernanceMessage,
  isDeliverableRecipient,
  isParameterValueValid,
  packFeeSplit,
  parameterById,
  setParameter,
  unpackFeeSplit,
  type GovernanceAction,
  type GovernanceMessage,
} from "../src/index.js";

const vectors = JSON.parse(readFileSync(new URL("../../test/vectors/governance.json", import.meta.url), "utf8"));
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}`;

/** Rebuilds an action from its JSON vector form (decimal strings → bigint where the type says so). */
function actionFromJson(j: Record<string, unknown>): GovernanceAction {
  const big = new Set(["value", "inboundCapacity", "inboundRatePerSecond", "outboundCapacity", "outboundRatePerSecond"]);
  return Object.fromEntries(Object.entries(j).map(([k, v]) => [k, big.has(k) ? BigInt(v as string) : v])) as GovernanceAction;
}

function expectInvalid(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(CalctraError);
    expect((e as CalctraError).name).to.equal("GovernanceInvalidAction");
    return;
  }
  expect.fail("expected GovernanceInvalidAction");
}

describe("governance actions (DESIGN §7)", () => {
  it("encodes every action vector to its bytes and decodes them back", () => {
    for (const c of vectors.actions) {
      const action = actionFromJson(c.action);
      expect(hex(encodeGovernanceActions([action])), c.name).to.equal(c.encoded);
      expect(decodeGovernanceActions(hexToBytes(c.encoded as Hex)), c.name).to.deep.equal([action]);
    }
    for (const l of vectors.actionLists) {
      const actions = l.actions.map(actionFromJson);
      expect(hex(encodeGovernanceActions(actions))).to.equal(l.encoded);
      expect(decodeGovernanceActions(hexToBytes(l.encoded as Hex))).to.deep.equal(actions);
    }
  });

  it("refuses every malformed action list with GovernanceInvalidAction", () => {
    expect(vectors.invalidActionLists.length).to.be.greaterThan(5);
    for (const c of vectors.invalidActionLists) expectInvalid(() => decodeGovernanceActions(hexToBytes(c.encoded as Hex)));
  });

  it("refuses to encode an empty list, too many actions or a value wider than its field", () => {
    expectInvalid(() => encodeGovernanceActions([]));
    expectInvalid(() => encodeGovernanceActions(Array.from({ length: 9 }, () => setParameter("slashBps", 100n))));
    expectInvalid(() => encodeGovernanceActions([setParameter("minStake", 1n << 64n)]));
    expectInvalid(() => encodeGovernanceActions([{ kind: "setValidatorSet", signers: [], threshold: 1, retention: 0 }]));
  });

  it("keeps the parameter table in step with the bounded parameters and gives each id one row", () => {
    const ids = Object.values(GOVERNED_PARAMETERS).map((p) => p.id);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(GOVERNED_PARAMETERS.challengePeriod.max).to.equal(PARAMETERS.challengePeriod.max);
    expect(parameterById(3)?.name).to.equal("challengePeriod");
    expect(parameterById(0)).to.equal(undefined);
  });

  it("accepts exactly the parameter values the vectors mark accepted", () => {
    for (const c of vectors.parameterValues) expect(isParameterValueValid(c.paramId, BigInt(c.value)), c.name).to.equal(c.accepted);
    const split = { providerBps: 7000n, treasuryBps: 2000n, creatorBps: 1000n };
    expect(unpackFeeSplit(packFeeSplit(split))).to.deep.equal(split);
  });

  it("refuses recipients that are not 20-byte addresses toward EVM domains only", () => {
    for (const c of vectors.recipients) expect(isDeliverableRecipient(c.dstDomain, c.recipient)).to.equal(c.deliverable);
  });
});

describe("version-2 governance messages (DESIGN §8)", () => {
  it("encodes each message vector, hashes it to its messageId, and decodes it back", () => {
    for (const c of vectors.messages) {
      const bytes = hexToBytes(c.encoded as Hex);
      const decoded = decodeGovernanceMessage(bytes);
      expect(hex(encodeGovernanceMessage(decoded)), c.name).to.equal(c.encoded);
      expect(keccak256(bytes)).to.equal(c.messageId);
      expect(decoded.payload.kind).to.equal(c.message.payload.kind);
      expect(decoded.nonce.toString()).to.equal(c.message.nonce);
    }
  });

  it("has every message signed by the development validators over the shared digest", async () => {
    for (const c of vectors.messages)
      for (const s of c.signatures)
        expect((await recoverAddress({ hash: c.digest, signature: s.signature })).toLowerCase()).to.equal(s.signer);
  });

  it("refuses a wrong version, an unknown kind, a truncated payload and trailing bytes", () => {
    const good = hexToBytes(vectors.messages[0].encoded as Hex);
    expectInvalid(() => decodeGovernanceMessage(Uint8Array.of(1, ...good.slice(1))));
    const badKind = good.slice();
    badKind[81] = 9;
    expectInvalid(() => decodeGovernanceMessage(badKind));
    expectInvalid(() => decodeGovernanceMessage(good.slice(0, good.length - 1)));
    expectInvalid(() => decodeGovernanceMessage(Uint8Array.of(...good, 0)));
  });

  it("refuses to encode a message longer than every chain accepts", () => {
    const signers = Array.from({ length: 32 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}` as const);
    const big: GovernanceMessage = {
      ...(decodeGovernanceMessage(hexToBytes(vectors.messages[2].encoded as Hex)) as GovernanceMessage),
    };
    const actions = Array.from({ length: 2 }, () => ({ kind: "setValidatorSet", signers, threshold: 17, retention: 0 }) as const);
    expectInvalid(() => encodeGovernanceMessage({ ...big, payload: { kind: "GovernanceActions", sequence: 1n, proposalId: 1n, actions } }));
  });
});

describe("governance actions in words", () => {
  it("describes parameters in their units, on a named chain or every chain", () => {
    expect(describeGovernanceAction(setParameter("challengePeriod", 7200n), "every chain")).to.equal(
      "set challengePeriod to 2 hours on every chain",
    );
    expect(describeGovernanceAction(setParameter("minStake", 250n * CAL), DOMAINS.solana)).to.equal("set minStake to 250 CAL on Solana");
    expect(
      describeGovernanceAction(setParameter("feeSplit", packFeeSplit({ providerBps: 7000n, treasuryBps: 2000n, creatorBps: 1000n }))),
    ).to.equal("set feeSplit to 70% provider / 20% treasury / 10% creator");
    expect(describeGovernanceAction({ kind: "pause", target: "bridge" }, DOMAINS.ton)).to.equal("pause the bridge on TON");
  });

  it("parses the CLI's short form of every action kind into the same values the vectors encode", () => {
    for (const c of vectors.actions) {
      const a = actionFromJson(c.action);
      const text = shortForm(a);
      expect(parseGovernanceAction(text), text).to.deep.equal(a);
    }
  });

  it("refuses an unknown verb, an unknown parameter and a malformed value with GovernanceInvalidAction", () => {
    for (const text of [
      "explode now",
      "set colour 5",
      "set challengePeriod soon",
      "role king 0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      "pause staking",
    ])
      expectInvalid(() => parseGovernanceAction(text));
  });
});

/** The short form of an action, written the way a CLI user would. */
function shortForm(a: GovernanceAction): string {
  switch (a.kind) {
    case "setParameter": {
      const name = parameterById(a.paramId)!.name;
      if (name === "feeSplit") {
        const f = unpackFeeSplit(a.value);
        return `set feeSplit ${f.providerBps}/${f.treasuryBps}/${f.creatorBps}`;
      }
      return `set ${name} ${a.value}`;
    }
    case "setVerifier":
      return `verifier ${a.verifierId} ${/^0x0+$/.test(a.verifier) ? "none" : a.verifier}`;
    case "setRole":
      return `role ${a.role} ${a.account}`;
    case "setValidatorSet":
      return `validators ${a.signers.join(",")} ${a.threshold} ${a.retention}`;
    case "setRemoteDomain":
      return a.enabled
        ? `remote ${a.domain} on ${a.bridge} ${a.inboundCapacity} ${a.inboundRatePerSecond} ${a.outboundCapacity} ${a.outboundRatePerSecond}`
        : `remote ${a.domain} off`;
    case "pause":
    case "unpause":
      return `${a.kind} ${a.target}`;
  }
}

describe("durations in words", () => {
  it("renders a duration exactly: the largest dividing unit, seconds below a minute, else every non-zero unit", () => {
    expect(formatDuration(7200n)).to.equal("2 hours");
    expect(formatDuration(86_400n)).to.equal("1 day");
    expect(formatDuration(45n)).to.equal("45 seconds");
    expect(formatDuration(90n)).to.equal("1 minute 30 seconds");
    expect(formatDuration(3599n)).to.equal("59 minutes 59 seconds");
    expect(formatDuration(90_061n)).to.equal("1 day 1 hour 1 minute 1 second");
    expect(parseDuration("2h")).to.equal(7200n);
  });
});

describe("a proposal's status across chains", () => {
  const base = { proposalId: 1n, hubDomain: DOMAINS.localEvmHome, tallies: [], executions: [] } as const;
  it("names the hub state and the spokes whose tallies the hub has not counted yet", () => {
    const tallies = [
      { domain: DOMAINS.solana, againstVotes: 0n, forVotes: 5n, abstainVotes: 0n, counted: true },
      { domain: DOMAINS.ton, againstVotes: 1n, forVotes: 0n, abstainVotes: 0n, counted: false },
    ];
    expect(describeProposalStatus({ ...base, hubState: ProposalState.Active, tallies }, 0n)).to.equal(
      "Active on EVM 31337; tallies not yet counted from TON",
    );
  });

  it("groups executed, pending (with the time to go), vetoed and failed destinations", () => {
    const now = 1_800_000_000n;
    const text = describeProposalStatus(
      {
        ...base,
        hubState: ProposalState.Executed,
        executions: [
          { domain: DOMAINS.solana, state: "Executed", sequence: 1n },
          { domain: DOMAINS.ton, state: "Pending", sequence: 1n, eta: now + 7200n },
          { domain: DOMAINS.localEvmSpoke, state: "Failed", sequence: 1n, reason: "MarketplaceParameterOutOfBounds" },
        ],
      },
      now,
    );
    expect(text).to.equal(
      "Executed on EVM 31337 and Solana, pending on TON until 2027-01-15 10:00:00 UTC (in 2 hours), failed on EVM 31338 (MarketplaceParameterOutOfBounds)",
    );
  });
});

describe("either message version", () => {
  it("decodes, re-encodes and hashes token and governance messages alike by their version byte", () => {
    for (const file of ["bridge.json", "governance.json"]) {
      const cases = JSON.parse(readFileSync(new URL(`../../test/vectors/${file}`, import.meta.url), "utf8"))[
        file === "bridge.json" ? "cases" : "messages"
      ];
      for (const c of cases) {
        const m = decodeAnyBridgeMessage(hexToBytes(c.encoded as Hex));
        expect(isGovernanceMessage(m)).to.equal(file === "governance.json");
        expect(hex(encodeAnyBridgeMessage(m))).to.equal(c.encoded);
        expect(hex(anyBridgeMessageId(m))).to.equal(c.messageId);
      }
    }
    expect(() => decodeAnyBridgeMessage(Uint8Array.of(3, 0, 0))).to.throw(CalctraError, "BridgeInvalidMessage(version=3)");
  });
});
