/**
 * A local Solana deployment for tests and the demo: the in-process native host
 * ({@link startSolanaHost}) with the production layout deployed by {@link deploySolana} (governance
 * PDA as admin of staking, the marketplace and the bridge; the CAL mint authority held by the bridge),
 * with a short execution delay. CAL is minted the honest way — bridge messages from the local EVM
 * home domain signed by the development validators of test/vectors/bridge.json — and governance acts
 * the way the hub makes it act: version-2 messages from the local hub governor (`ProposalOpened`,
 * `GovernanceActions`) signed by the same validators, delivered through the bridge, then the action
 * lists executed after their delay. The power registry (DESIGN §11) is part of staking: `staking.initialize` creates its
 * vault with the default parameters; {@link LocalSolana.fundPowerBudget} gives it a fee allowance and CAL.
 */
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import type { Connection, PublicKey } from "@solana/web3.js";
import { Keypair, PublicKey as PublicKeyClass } from "@solana/web3.js";
import { secp256k1 } from "@noble/curves/secp256k1";
import { universalFromEvm, bridgeDigest, encodeGovernanceMessage, governanceMessageId, type GovernanceMessage } from "@calctra/core";
import { DOMAINS, BRIDGE_MESSAGE_VERSION } from "@calctra/core";
import type { GovernanceAction, GovernancePayload } from "@calctra/core";
import type { TransactionReceiptSummary } from "@calctra/core";
import { CAL, setParameter } from "@calctra/core";
import type { BridgeMessage, UniversalAddress } from "@calctra/core";
import { receiveSolanaBridgeMessage, receiveSolanaGovernanceMessage, solanaBridgeAddress, solanaBridgeDigest } from "@calctra/sdk/solana";
import type { SolanaClientParameters } from "@calctra/sdk/solana";
import { universalFromPublicKey } from "@calctra/sdk/solana";
import { deploySolana, type SolanaDeployment } from "@calctra/sdk/solana";
import { SolanaGovernanceClient, SolanaPowerClient, stageSolanaVerifyingKey } from "@calctra/sdk/solana";
import type { SnarkjsVerificationKey } from "@calctra/core/zk";
import { startSolanaHost, type SolanaHost } from "./solana-host.js";
import { developmentValidators, resultCommitmentVerifyingKey } from "./validators.js";

/** The local hub: the EVM home domain and its governance address (the vectors' hub governor). */
export const LOCAL_SOLANA_GOVERNANCE = {
  hubDomain: DOMAINS.localEvmHome,
  hubAddress: universalFromEvm("0xa513e6e4b8f2a923d98304ec87f64353c4d5c853"),
  /** Seconds an action list waits before it runs (the lower bound, 1 hour). */
  executionDelay: 3_600n,
} as const;

/** A funded local wallet with its provider and client parameters. */
export interface LocalSolanaWallet {
  readonly keypair: Keypair;
  readonly publicKey: PublicKey;
  /** base58 */
  readonly address: string;
  readonly provider: AnchorProvider;
  /** `{ provider, deployment }` for the Solana clients. */
  readonly params: SolanaClientParameters;
}

/** Parameters of {@link startLocalSolana}. */
export interface StartLocalSolanaParameters {
  /** Chain start time (unix seconds); default the host's (1_800_000_000). */
  readonly startTime?: bigint;
  /** Bridge threshold over the development validators (default 2). */
  readonly threshold?: number;
  /** How many of the 3 development validators form the bridge's set (default 3, the first ones by address). */
  readonly validators?: number;
  /**
   * Universal address of the EVM home's bridge recorded for domain 31337. Inbound deliveries do not
   * read it (validators sign for the Solana bridge program id); default: a fixed development stand-in.
   */
  readonly homeBridge?: UniversalAddress;
  /** Who administers the bridge: the governance PDA (default) or the deployer (worlds that enable routes directly). */
  readonly bridgeAdmin?: "governance" | "deployer";
  /**
   * The hub governance address the executor obeys (default the vectors' hub governor, {@link LOCAL_SOLANA_GOVERNANCE}):
   * a world with a real hub passes its GovernanceHub. `receiveFromHub` and `hubActions` sign as that address.
   */
  readonly hubAddress?: UniversalAddress;
}

/** Result of {@link LocalSolana.hubActions}: the list's sequence, its delivery and its execution. */
export interface HubActionsReturnType {
  readonly sequence: bigint;
  readonly receive: TransactionReceiptSummary;
  readonly execute: TransactionReceiptSummary;
}

/** A running local Solana deployment. */
export interface LocalSolana {
  readonly host: SolanaHost;
  readonly connection: Connection;
  readonly deployment: SolanaDeployment;
  /** The hub this deployment follows and the execution delay at deployment. */
  readonly governance: typeof LOCAL_SOLANA_GOVERNANCE;
  /** deployer (host payer), marketplace + bridge pauser, arbiter, treasury owner, governance guardian. */
  readonly actors: {
    readonly deployer: LocalSolanaWallet;
    readonly pauser: LocalSolanaWallet;
    readonly arbiter: LocalSolanaWallet;
    readonly treasuryOwner: LocalSolanaWallet;
    readonly guardian: LocalSolanaWallet;
  };
  /** Provider and client parameters acting as `keypair`. */
  connect(keypair: Keypair): LocalSolanaWallet;
  /** A new keypair with `sol` SOL (default 10) and `cal` CAL base units minted through the bridge (default 0). */
  newWallet(parameters?: { readonly sol?: bigint; readonly cal?: bigint }): Promise<LocalSolanaWallet>;
  /** Mints CAL to `owner` with a bridge message from the local EVM home signed by the dev validators. */
  mintCal(parameters: { readonly owner: PublicKey; readonly amount: bigint }): Promise<TransactionReceiptSummary>;
  /** CAL minted by {@link mintCal} so far (development messages, e.g. the governance council's deposit): not bridge supply. */
  devMinted(): bigint;
  /**
   * Delivers a version-2 message from the local hub governor to the Solana governance vault (signed by the dev
   * validators, through the bridge), taking the next hub nonce.
   */
  receiveFromHub(payload: GovernancePayload): Promise<TransactionReceiptSummary>;
  /** The hub announces a proposal (`ProposalOpened`): spoke voters vote on it with their weight at `snapshot`. */
  openProposal(parameters: {
    readonly proposalId: bigint;
    readonly snapshot: bigint;
    readonly voteEnd: bigint;
  }): Promise<TransactionReceiptSummary>;
  /**
   * Governance acts as the hub makes it act: the next `GovernanceActions` list from the hub, delivered, the
   * execution delay passed, then executed (it may record `failed`; read it with `SolanaGovernanceClient.getActions`).
   */
  hubActions(parameters: { readonly actions: readonly GovernanceAction[]; readonly proposalId?: bigint }): Promise<HubActionsReturnType>;
  /** Registers a Groth16 verifier through governance (default id 1, the BN254 result_commitment key of test/vectors). */
  registerVerifier(parameters?: {
    readonly verifierId?: bigint;
    readonly vkey?: SnarkjsVerificationKey;
  }): Promise<HubActionsReturnType & { readonly verifierId: bigint }>;
  /**
   * Readies validator fees (DESIGN §11): governance sets the `validatorBudget` allowance (parameter 14, default
   * `amount`) and the treasury owner, given `amount` CAL through {@link mintCal}, funds the power vault with it.
   */
  fundPowerBudget(parameters: { readonly amount: bigint; readonly allowance?: bigint }): Promise<TransactionReceiptSummary>;
  now(): Promise<bigint>;
  setTime(unixSeconds: bigint): Promise<void>;
  advanceTime(seconds: bigint): Promise<void>;
  close(): void;
}

/**
 * Starts the native host and deploys the production layout with short governance timings.
 *
 * @example
 * ```ts
 * const sol = await startLocalSolana();
 * const user = await sol.newWallet({ cal: 1_000n * CAL });
 * const market = new SolanaMarketplaceClient(user.params);
 * await sol.registerVerifier(); // verifier 1 = result_commitment (BN254)
 * sol.close();
 * ```
 */
export async function startLocalSolana(parameters: StartLocalSolanaParameters = {}): Promise<LocalSolana> {
  const host = await startSolanaHost(parameters.startTime === undefined ? {} : { startTime: parameters.startTime });
  try {
    return await deployLocal(host, parameters);
  } catch (e) {
    host.close();
    throw e;
  }
}

async function deployLocal(host: SolanaHost, parameters: StartLocalSolanaParameters): Promise<LocalSolana> {
  const governance = { ...LOCAL_SOLANA_GOVERNANCE, hubAddress: parameters.hubAddress ?? LOCAL_SOLANA_GOVERNANCE.hubAddress };
  const connection = host.connection;
  const providerFor = (keypair: Keypair) =>
    new AnchorProvider(connection, new Wallet(keypair), { commitment: "confirmed", preflightCommitment: "confirmed" });
  const validators = developmentValidators().slice(0, parameters.validators ?? 3);
  const threshold = parameters.threshold ?? 2;
  const pauser = Keypair.generate();
  const arbiter = Keypair.generate();
  const treasuryOwner = Keypair.generate();
  const guardian = Keypair.generate();
  for (const k of [pauser, arbiter, treasuryOwner, guardian]) await host.airdrop(k.publicKey, 10n * 1_000_000_000n);
  const deployment = await deploySolana(providerFor(host.payer), {
    network: "local",
    pauser: pauser.publicKey,
    arbiter: arbiter.publicKey,
    treasuryOwner: treasuryOwner.publicKey,
    validators: validators.map((v) => v.address),
    threshold,
    retentionWindow: 86_400,
    remoteDomains: [
      {
        domain: DOMAINS.localEvmHome,
        bridge: parameters.homeBridge ?? universalFromEvm("0x00000000000000000000000000000000ca17b41d"),
        inboundCapacity: 100_000_000n * CAL,
        inboundRatePerSecond: 1_000n * CAL,
        outboundCapacity: 100_000_000n * CAL,
        outboundRatePerSecond: 1_000n * CAL,
      },
    ],
    governance: { ...governance, guardian: guardian.publicKey },
    ...(parameters.bridgeAdmin === undefined ? {} : { bridgeAdmin: parameters.bridgeAdmin }),
  });
  const connect = (keypair: Keypair): LocalSolanaWallet => {
    const provider = providerFor(keypair);
    return { keypair, publicKey: keypair.publicKey, address: keypair.publicKey.toBase58(), provider, params: { provider, deployment } };
  };
  const deployer = connect(host.payer);

  // validators are listed ascending by address: the first `threshold` sign, in that order
  const sign = (digest: Uint8Array) =>
    validators.slice(0, threshold).map((v) => {
      const sig = secp256k1.sign(digest, v.privateKey.slice(2), { lowS: true });
      const out = new Uint8Array(65);
      out.set(sig.toCompactRawBytes(), 0);
      out[64] = 27 + sig.recovery;
      return out;
    });
  // one hub nonce sequence for token and governance messages
  let nonce = 0n;
  let devMinted = 0n;
  const homeSender = universalFromEvm("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  const mintCal = async ({ owner, amount }: { readonly owner: PublicKey; readonly amount: bigint }) => {
    nonce += 1n;
    const message: BridgeMessage = {
      version: BRIDGE_MESSAGE_VERSION,
      srcDomain: DOMAINS.localEvmHome,
      dstDomain: DOMAINS.solana,
      nonce,
      sender: homeSender,
      recipient: universalFromPublicKey(owner),
      amount,
    };
    const signatures = sign(solanaBridgeDigest(message));
    const receipt = await receiveSolanaBridgeMessage({ provider: deployer.provider, message, signatures });
    devMinted += amount;
    return receipt;
  };
  const newWallet = async ({ sol = 10n, cal = 0n }: { readonly sol?: bigint; readonly cal?: bigint } = {}) => {
    const keypair = Keypair.generate();
    if (sol > 0n) await host.airdrop(keypair.publicKey, sol * 1_000_000_000n);
    if (cal > 0n) await mintCal({ owner: keypair.publicKey, amount: cal });
    return connect(keypair);
  };

  const executor = new SolanaGovernanceClient(deployer.params);
  const receiveFromHub = async (payload: GovernancePayload) => {
    nonce += 1n;
    const m: GovernanceMessage = {
      version: 2,
      srcDomain: governance.hubDomain,
      dstDomain: DOMAINS.solana,
      nonce,
      sender: governance.hubAddress,
      recipient: universalFromPublicKey(new PublicKeyClass(deployment.pdas.governance)),
      payload,
    };
    const message = encodeGovernanceMessage(m);
    const messageId = governanceMessageId(m);
    const signatures = sign(bridgeDigest({ dstDomain: DOMAINS.solana, dstBridge: solanaBridgeAddress(), messageId }));
    return receiveSolanaGovernanceMessage({ provider: deployer.provider, message, signatures });
  };
  const openProposal = ({
    proposalId,
    snapshot,
    voteEnd,
  }: {
    readonly proposalId: bigint;
    readonly snapshot: bigint;
    readonly voteEnd: bigint;
  }) => receiveFromHub({ kind: "ProposalOpened", proposalId, snapshot, voteEnd });
  const hubActions = async ({
    actions,
    proposalId = 1n,
  }: {
    readonly actions: readonly GovernanceAction[];
    readonly proposalId?: bigint;
  }) => {
    // the next list in order (lists received but not yet run are not expected here)
    const sequence = (await executor.status()).nextSequence;
    const receive = await receiveFromHub({ kind: "GovernanceActions", sequence, proposalId, actions });
    const { executionDelay } = await executor.status();
    await host.advanceTime(executionDelay);
    const execute = await executor.execute({ sequence });
    return { sequence, receive, execute };
  };
  const registerVerifier = async ({
    verifierId = 1n,
    vkey,
  }: {
    readonly verifierId?: bigint;
    readonly vkey?: SnarkjsVerificationKey;
  } = {}) => {
    const key = vkey ?? resultCommitmentVerifyingKey("bn254");
    const { account } = await stageSolanaVerifyingKey({ provider: deployer.provider, vkey: key });
    const result = await hubActions({
      actions: [{ kind: "setVerifier", verifierId: Number(verifierId), verifier: universalFromPublicKey(account) }],
    });
    const list = await executor.getActions({ sequence: result.sequence });
    if (list?.state !== "executed") throw new Error(`registering verifier ${verifierId}: action list ${result.sequence} is ${list?.state}`);
    return { ...result, verifierId };
  };

  const fundPowerBudget = async ({ amount, allowance = amount }: { readonly amount: bigint; readonly allowance?: bigint }) => {
    const result = await hubActions({ actions: [setParameter("validatorBudget", allowance)] });
    const list = await executor.getActions({ sequence: result.sequence });
    if (list?.state !== "executed") throw new Error(`setting validatorBudget: action list ${result.sequence} is ${list?.state}`);
    await mintCal({ owner: treasuryOwner.publicKey, amount });
    return new SolanaPowerClient(connect(treasuryOwner).params).fundValidatorBudget({ amount });
  };

  return {
    host,
    connection,
    deployment,
    governance,
    actors: {
      deployer,
      pauser: connect(pauser),
      arbiter: connect(arbiter),
      treasuryOwner: connect(treasuryOwner),
      guardian: connect(guardian),
    },
    connect,
    newWallet,
    mintCal,
    devMinted: () => devMinted,
    receiveFromHub,
    openProposal,
    hubActions,
    registerVerifier,
    fundPowerBudget,
    now: () => host.now(),
    setTime: (t) => host.setTime(t),
    advanceTime: (s) => host.advanceTime(s),
    close: () => host.close(),
  };
}
