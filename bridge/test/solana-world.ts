/**
 * Solana test pieces: the Calctra bridge on the in-process Solana host (sdk/src/local/solana-host.ts: a real
 * `Connection` answered by solana-program-test with the natively built programs), set up with Anchor calls the
 * way a deployment does it — cal_token initialized, the CAL mint authority handed to the bridge, the bridge
 * initialized with the 3 dev validators (2-of-3) by the CAL admin, remote domains enabled (the deployer stays the
 * bridge admin here; governance administering the bridge is tested natively in programs-solana/tests-native).
 *
 * `createSolanaWorld()` adds an embedded EDR chain (EVM home 31337: CAL + BridgeVault with the Solana domain
 * enabled, the bridge program id as its remote), three validators watching both sources and signing for both
 * destinations, and a relayer factory with SQLite, as `ton-world.ts` does for TON.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AnchorProvider, Program, type Wallet } from "@coral-xyz/anchor";
import BN from "bn.js";
import { Keypair, PublicKey, SystemProgram, Transaction, VersionedTransaction } from "@solana/web3.js";
import { TOKEN_PROGRAM_ID, getAccount, getAssociatedTokenAddressSync, getMint } from "@solana/spl-token";
import { parseEventLogs, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { CAL, HOME, createChain, deployHome, openLimits, validatorAddresses, validatorKeys } from "../../contracts-evm/test/bridge/helpers.js";
import { DOMAINS, universalFromEvm } from "@calctra/core";
import { solanaHostAddonPath, startSolanaHost as startHost, type SolanaHost } from "@calctra/devnet/solana-host";
import { calTokenIdl, calctraBridgeIdl, type CalTokenIdl, type CalctraBridgeIdl } from "@calctra/sdk/solana";
import { bridgeVaultAbi as bridgeAbi } from "@calctra/sdk/evm";
import { EvmDestination } from "@calctra/sdk/evm";
import { Relayer } from "../src/relayer.js";
import { SolanaDestination, SolanaSource, solanaBridgePdas, solanaUniversalAddress } from "@calctra/sdk/solana";
import { EvmSource } from "@calctra/sdk/evm";
import { SqliteRelayStore } from "../src/store.js";
import type { DestinationChain } from "@calctra/sdk/bridge";
import { Validator } from "../src/validator.js";
import { silent } from "./world.js";

export { CAL, HOME };
export const SOLANA = DOMAINS.solana;

/** A remote domain of the Solana bridge: its bridge (universal address) and whether recipients there are EVM addresses. */
export interface SolanaRemote {
  readonly domain: number;
  readonly bridge: Hex;
  readonly evmRecipients: boolean;
}

/** Anchor's wallet interface over a keypair. */
function keypairWallet(payer: Keypair): Wallet {
  const sign = <T extends Transaction | VersionedTransaction>(tx: T): T => {
    if (tx instanceof VersionedTransaction) tx.sign([payer]);
    else tx.partialSign(payer);
    return tx;
  };
  return { payer, publicKey: payer.publicKey, signTransaction: async (tx) => sign(tx), signAllTransactions: async (txs) => txs.map(sign) };
}

/**
 * Starts the in-process Solana host; builds its addon first when it is missing (a fresh clone: the one cargo
 * build of programs-solana/scripts/build-host.sh, ~20 min cold, cached under $HOME/.cache/calctra).
 */
export async function startSolanaHost(): Promise<SolanaHost> {
  if (!existsSync(solanaHostAddonPath())) {
    execFileSync("bash", [new URL("../../programs-solana/scripts/build-host.sh", import.meta.url).pathname], { stdio: ["ignore", "ignore", "inherit"] });
  }
  return startHost();
}

const u20 = (a: Address) => Array.from(Buffer.from(a.slice(2), "hex"));

/**
 * The bridge on a Solana host: cal_token + calctra_bridge initialized, `remotes` enabled with open limits
 * (1M CAL capacity, 1000 CAL/s), a pauser key, a user and a relayer key funded.
 */
export async function deploySolanaBridge(host: SolanaHost, remotes: readonly SolanaRemote[]) {
  const { connection, payer, programIds } = host;
  const provider = new AnchorProvider(connection, keypairWallet(payer), { commitment: "confirmed" });
  const calToken = new Program<CalTokenIdl>(calTokenIdl as unknown as CalTokenIdl, provider);
  const bridge = new Program<CalctraBridgeIdl>(calctraBridgeIdl as unknown as CalctraBridgeIdl, provider);
  const pdas = solanaBridgePdas(programIds.bridge);
  const calPda = (seed: string) => PublicKey.findProgramAddressSync([Buffer.from(seed)], programIds.calToken)[0];
  const calConfig = calPda("cal_config");
  const calMint = calPda("cal_mint");

  await calToken.methods.initialize().accountsStrict({
    admin: payer.publicKey, config: calConfig, mintAuthority: calPda("mint_authority"), mint: calMint,
    tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId,
  }).rpc();
  await calToken.methods.handOverMintAuthority(programIds.bridge).accountsStrict({
    admin: payer.publicKey, config: calConfig, mintAuthority: calPda("mint_authority"), mint: calMint, tokenProgram: TOKEN_PROGRAM_ID,
  }).rpc();
  const pauser = Keypair.generate();
  await bridge.methods.initialize({
    admin: payer.publicKey, pauser: pauser.publicKey, validators: validatorAddresses.map(u20), threshold: 2, retentionWindow: 86_400,
  }).accountsStrict({
    payer: payer.publicKey, calConfig, config: pdas.config, mintAuthority: pdas.mintAuthority, calMint, systemProgram: SystemProgram.programId,
  }).rpc();
  const big = (x: bigint) => new BN(x.toString());
  for (const r of remotes) {
    await bridge.methods.setRemoteDomain(r.domain, {
      bridge: Array.from(Buffer.from(r.bridge.slice(2), "hex")), evmRecipients: r.evmRecipients,
      inboundCapacity: big(1_000_000n * CAL), inboundRatePerSecond: big(1000n * CAL),
      outboundCapacity: big(1_000_000n * CAL), outboundRatePerSecond: big(1000n * CAL),
    }).accountsStrict({
      admin: payer.publicKey, payer: payer.publicKey, config: pdas.config, remote: pdas.remote(r.domain), systemProgram: SystemProgram.programId,
    }).rpc();
  }
  const solUser = Keypair.generate();
  const solRelayer = Keypair.generate();
  for (const k of [solUser, solRelayer, pauser]) await host.airdrop(k.publicKey, 100n * 1_000_000_000n);
  const universal = solanaUniversalAddress(programIds.bridge);

  /** The user burns `amount` CAL through the bridge to `recipient` on `dstDomain`; returns the outbound nonce. */
  async function send(dstDomain: number, recipient: Hex, amount: bigint, user: Keypair = solUser): Promise<bigint> {
    const config = await bridge.account.bridgeConfig.fetch(pdas.config);
    const nonce = BigInt(config.outboundNonce.toString()) + 1n;
    await bridge.methods.send(dstDomain, Array.from(Buffer.from(recipient.slice(2), "hex")), big(amount)).accountsStrict({
      user: user.publicKey, config: pdas.config, remote: pdas.remote(dstDomain), outbound: pdas.outbound(nonce), mint: calMint,
      userToken: getAssociatedTokenAddressSync(calMint, user.publicKey), tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId,
    }).signers([user]).rpc();
    return nonce;
  }
  async function pause() {
    await bridge.methods.pause().accountsStrict({ pauser: pauser.publicKey, config: pdas.config }).signers([pauser]).rpc();
  }
  async function unpause() {
    await bridge.methods.unpause().accountsStrict({ admin: payer.publicKey, config: pdas.config }).rpc();
  }
  /** CAL minted on Solana (only the bridge can mint: the whole supply). */
  async function minted(): Promise<bigint> {
    return (await getMint(connection, calMint)).supply;
  }
  /** CAL of `owner`'s associated token account (0 when it does not exist). */
  async function balanceOf(owner: PublicKey): Promise<bigint> {
    const ata = getAssociatedTokenAddressSync(calMint, owner, true);
    return (await connection.getAccountInfo(ata)) ? (await getAccount(connection, ata)).amount : 0n;
  }
  const source = (o: { commitment?: "processed" | "confirmed" | "finalized"; confirmations?: number } = {}) => new SolanaSource({ connection, ...o });
  const destination = (o: { maxBatch?: number } = {}) => new SolanaDestination({ connection, payer: solRelayer, now: host.now, ...o });

  return { host, connection, provider, bridge, calMint, pdas, pauser, solUser, solRelayer, universal, send, pause, unpause, minted, balanceOf, source, destination };
}
export type SolanaBridge = Awaited<ReturnType<typeof deploySolanaBridge>>;

/** Every Solana outbound message (re-derived) from nonce 1. */
export async function solanaOutbound(s: SolanaBridge) {
  const scan = await s.source({ commitment: "confirmed" }).scan(1n);
  if (scan && scan.rejected.length) throw new Error(`Solana outbound messages do not re-derive: ${scan.rejected.join(", ")}`);
  return scan?.messages ?? [];
}

export async function createSolanaWorld() {
  const home = await createChain(HOME);
  // the Solana domain's remote is the bridge program id (the deployer is the home admin in this fixture)
  const host = await startSolanaHost();
  const solanaBridgeU = solanaUniversalAddress(host.programIds.bridge);
  const h = await deployHome(home, { domain: SOLANA, bridge: home.wallets[0]!.account.address });
  await h.bridge.write.setRemoteDomain([SOLANA, { ...openLimits(h.bridge.address), bridge: solanaBridgeU }]);
  const sol = await deploySolanaBridge(host, [{ domain: HOME, bridge: universalFromEvm(h.bridge.address), evmRecipients: true }]);
  const user = home.wallets[1]!;
  await h.token.write.transfer([user.account.address, 1_000_000n * CAL]);
  await h.token.write.approve([h.bridge.address, 2n ** 64n - 1n], { account: user.account });

  const confirmations = 1;
  const homeSource = () => new EvmSource({ client: home.publicClient as unknown as PublicClient, bridge: h.bridge.address, domain: HOME, confirmations });
  const validators = validatorKeys.map((k) => new Validator({
    sources: [{ source: homeSource(), startBlock: 0n }, { source: sol.source(), startBlock: 1n }],
    destinations: new Map([[SOLANA, solanaBridgeU], [HOME, universalFromEvm(h.bridge.address)]]),
    account: privateKeyToAccount(k), logger: silent,
  }));
  const urls = (await Promise.all(validators.map((v) => v.serve(0)))).map((p) => `http://127.0.0.1:${p}`);

  const homeDestination = () => new EvmDestination({
    domain: HOME, bridge: h.bridge.address, publicClient: home.publicClient as unknown as PublicClient, walletClient: home.wallets[9]! as never,
  });
  const dir = mkdtempSync(join(tmpdir(), "calctra-solana-bridge-"));
  function relayer(storeFile = "relayer.sqlite", solanaDestination: DestinationChain = sol.destination()) {
    const store = new SqliteRelayStore(join(dir, storeFile));
    const r = new Relayer({
      sources: [{ source: homeSource(), startBlock: 0n }, { source: sol.source(), startBlock: 1n }],
      destinations: new Map<number, DestinationChain>([[SOLANA, solanaDestination], [HOME, homeDestination()]]),
      validators: urls, store, logger: silent, httpTimeoutMs: 1000, retry: { baseMs: 1, maxMs: 4 },
    });
    return { relayer: r, store };
  }

  /** Locks `amount` on home for `to` (a Solana wallet) on Solana; returns the messageId. */
  async function sendHome(amount: bigint, to: PublicKey = sol.solUser.publicKey): Promise<Hex> {
    const hash = await h.bridge.write.send([SOLANA, solanaUniversalAddress(to), amount], { account: user.account });
    const receipt = await home.publicClient.waitForTransactionReceipt({ hash });
    return parseEventLogs({ abi: bridgeAbi, logs: receipt.logs, eventName: "MessageSent" })[0]!.args.messageId;
  }

  /** Every validator scans once. */
  async function sign() {
    for (const v of validators) await v.pollOnce();
  }

  /** locked on home; CAL minted on Solana; in flight both ways (sent, not delivered on the destination). */
  async function supply() {
    const locked = await h.token.read.balanceOf([h.bridge.address]);
    const minted = await sol.minted();
    const dst = sol.destination();
    let inFlight = 0n;
    const sent = await home.publicClient.getContractEvents({ address: h.bridge.address, abi: bridgeAbi, eventName: "MessageSent", fromBlock: 0n, strict: true });
    for (const l of sent) if (!(await dst.isDelivered(l.args.messageId))) inFlight += l.args.amount;
    for (const m of await solanaOutbound(sol)) if (!(await h.bridge.read.isDelivered([m.messageId]))) inFlight += m.message.amount;
    return { locked, minted, inFlight };
  }

  async function close() {
    await Promise.all(validators.map((v) => v.stop()));
    host.close();
  }

  return { home, h, user, host, sol, validators, urls, relayer, homeDestination, sendHome, sign, supply, close, confirmations, dir };
}
export type SolanaWorld = Awaited<ReturnType<typeof createSolanaWorld>>;
