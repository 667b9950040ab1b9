import { expect } from "chai";
import { AnchorError, AnchorProvider, EventParser, Program, Wallet } from "@coral-xyz/anchor";
import {
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  SendTransactionError,
  SystemProgram,
  SYSVAR_CLOCK_PUBKEY,
  Transaction,
  TransactionExpiredBlockheightExceededError,
  TransactionMessage,
  VersionedTransaction,
  sendAndConfirmTransaction,
} from "@solana/web3.js";
import { createMint, getAccount, getMint, getOrCreateAssociatedTokenAccount, mintTo, transfer, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { startSolanaHost, type SolanaHost } from "@calctra/devnet/solana-host";
import { calTokenIdl, stakingIdl, type CalTokenIdl, type StakingIdl } from "../src/solana/generated/idls.js";

const pda = (seed: string, program: PublicKey) => PublicKey.findProgramAddressSync([Buffer.from(seed)], program)[0];

function calToken(host: SolanaHost, signer: Keypair = host.payer): Program<CalTokenIdl> {
  const provider = new AnchorProvider(host.connection, new Wallet(signer), { commitment: "confirmed" });
  return new Program<CalTokenIdl>(calTokenIdl as unknown as CalTokenIdl, provider);
}

function staking(host: SolanaHost, signer: Keypair = host.payer): Program<StakingIdl> {
  const provider = new AnchorProvider(host.connection, new Wallet(signer), { commitment: "confirmed" });
  return new Program<StakingIdl>(stakingIdl as unknown as StakingIdl, provider);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected the promise to reject");
}

/** Clock sysvar layout: slot, epoch_start_timestamp, epoch, leader_schedule_epoch, unix_timestamp. */
async function clockSysvar(host: SolanaHost): Promise<{ slot: bigint; unixTimestamp: bigint }> {
  const info = await host.connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY);
  if (info === null) throw new Error("no Clock sysvar");
  return { slot: info.data.readBigUInt64LE(0), unixTimestamp: info.data.readBigInt64LE(32) };
}

describe("Solana host (in-process bank behind a web3.js Connection)", () => {
  let host: SolanaHost;
  beforeEach(async () => {
    host = await startSolanaHost();
  });
  afterEach(() => host.close());

  it("starts at 1_800_000_000 with a payer holding at least 1,000,000 SOL and every Calctra program loaded", async () => {
    expect(await host.now()).to.equal(1_800_000_000n);
    expect(await host.connection.getBalance(host.payer.publicKey)).to.be.at.least(1_000_000 * LAMPORTS_PER_SOL);
    for (const id of Object.values(host.programIds)) {
      const info = await host.connection.getAccountInfo(id);
      expect(info?.executable, id.toBase58()).to.equal(true);
    }
    expect(host.programIds.calToken.toBase58()).to.equal(calTokenIdl.address);
  });

  it("initializes the CAL mint with an Anchor Program from the generated IDL, and the config and the mint decode", async () => {
    const program = calToken(host);
    await program.methods.initialize().accounts({ admin: host.payer.publicKey }).rpc();
    const config = await program.account.calConfig.fetch(pda("cal_config", host.programIds.calToken));
    const mint = pda("cal_mint", host.programIds.calToken);
    expect(config.admin.toBase58()).to.equal(host.payer.publicKey.toBase58());
    expect(config.mint.toBase58()).to.equal(mint.toBase58());
    expect(config.handedOver).to.equal(false);
    const onChain = await getMint(host.connection, mint);
    expect(onChain.decimals).to.equal(9);
    expect(onChain.mintAuthority?.toBase58()).to.equal(pda("mint_authority", host.programIds.calToken).toBase58());
    expect(onChain.freezeAuthority).to.equal(null);
  });

  it("surfaces a refused instruction as an AnchorError carrying the program's named code", async () => {
    await calToken(host).methods.initialize().accounts({ admin: host.payer.publicKey }).rpc();
    const stranger = Keypair.generate();
    await host.airdrop(stranger.publicKey, 10n * BigInt(LAMPORTS_PER_SOL));
    const err = await rejection(
      calToken(host, stranger)
        .methods.handOverMintAuthority(host.programIds.bridge)
        .accountsPartial({ admin: stranger.publicKey, mint: pda("cal_mint", host.programIds.calToken) })
        .rpc(),
    );
    expect(err).to.be.instanceOf(AnchorError);
    const anchorError = err as AnchorError;
    expect(anchorError.error.errorCode.code).to.equal("CalTokenUnauthorized");
    expect(anchorError.error.errorCode.number).to.equal(6300);
    expect(anchorError.program.toBase58()).to.equal(host.programIds.calToken.toBase58());
  });

  it("refuses a second initialize with the system program's 'already in use' error and keeps the first config", async () => {
    const program = calToken(host);
    await program.methods.initialize().accounts({ admin: host.payer.publicKey }).rpc();
    const err = await rejection(program.methods.initialize().accounts({ admin: host.payer.publicKey }).rpc());
    expect(err).to.be.instanceOf(SendTransactionError);
    expect((err as SendTransactionError).logs?.join("\n")).to.match(/already in use/);
    const config = await program.account.calConfig.fetch(pda("cal_config", host.programIds.calToken));
    expect(config.admin.toBase58()).to.equal(host.payer.publicKey.toBase58());
  });

  it("records a transaction landed without preflight: getTransaction gives its fee, balances, error and logs that parse into the AnchorError", async () => {
    await calToken(host).methods.initialize().accounts({ admin: host.payer.publicKey }).rpc();
    const stranger = Keypair.generate();
    await host.airdrop(stranger.publicKey, 10n * BigInt(LAMPORTS_PER_SOL));
    const tx = await calToken(host, stranger)
      .methods.handOverMintAuthority(host.programIds.bridge)
      .accountsPartial({ admin: stranger.publicKey, mint: pda("cal_mint", host.programIds.calToken) })
      .transaction();
    tx.feePayer = stranger.publicKey;
    tx.recentBlockhash = (await host.connection.getLatestBlockhash()).blockhash;
    tx.sign(stranger);
    const signature = await host.connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
    const landed = await host.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    expect(landed?.meta?.err).to.deep.equal({ InstructionError: [0, { Custom: 6300 }] });
    expect(landed?.meta?.fee).to.equal(5000);
    expect(landed!.meta!.preBalances[0]! - landed!.meta!.postBalances[0]!).to.equal(5000);
    const parsed = AnchorError.parse(landed?.meta?.logMessages ?? []);
    expect(parsed?.error.errorCode.code).to.equal("CalTokenUnauthorized");
    expect(parsed?.program.toBase58()).to.equal(host.programIds.calToken.toBase58());
    expect(landed?.transaction.message.staticAccountKeys[0]?.toBase58()).to.equal(stranger.publicKey.toBase58());
    const status = await host.connection.getSignatureStatus(signature);
    expect(status.value?.err).to.deep.equal({ InstructionError: [0, { Custom: 6300 }] });
  });

  it("simulates without committing and returns logs and consumed compute units", async () => {
    const program = calToken(host);
    const tx = await program.methods.initialize().accounts({ admin: host.payer.publicKey }).transaction();
    const { blockhash } = await host.connection.getLatestBlockhash();
    const message = new TransactionMessage({
      payerKey: host.payer.publicKey,
      recentBlockhash: blockhash,
      instructions: tx.instructions,
    }).compileToV0Message();
    const versioned = new VersionedTransaction(message);
    versioned.sign([host.payer]);
    const simulated = await host.connection.simulateTransaction(versioned, { sigVerify: true });
    expect(simulated.value.err).to.equal(null);
    expect(simulated.value.logs).to.include(`Program ${host.programIds.calToken.toBase58()} invoke [1]`);
    expect(simulated.value.logs).to.include("Program log: Instruction: Initialize");
    expect(simulated.value.unitsConsumed).to.be.a("number").and.greaterThan(0);
    const anchorSimulation = await program.methods.initialize().accounts({ admin: host.payer.publicKey }).simulate();
    expect(anchorSimulation.raw).to.include("Program log: Instruction: Initialize");
    expect(await host.connection.getAccountInfo(pda("cal_config", host.programIds.calToken))).to.equal(null);
  });

  it("lets a program read the host's clock and delivers its emit! event as a Program data log that Anchor decodes", async () => {
    await host.advanceTime(86_400n);
    const program = staking(host);
    const metadataHash = Array.from({ length: 32 }, (_, i) => i);
    const simulated = await program.methods.register(metadataHash).accounts({ authority: host.payer.publicKey }).simulate();
    expect(simulated.events.map((e) => e.name)).to.deep.equal(["providerRegistered"]);
    const signature = await program.methods.register(metadataHash).accounts({ authority: host.payer.publicKey }).rpc();
    const provider = await program.account.provider.fetch(
      PublicKey.findProgramAddressSync([Buffer.from("provider"), host.payer.publicKey.toBuffer()], host.programIds.staking)[0],
    );
    expect(BigInt(provider.registeredAt.toString())).to.equal(1_800_086_400n);
    const landed = await host.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    const events = [...new EventParser(host.programIds.staking, program.coder).parseLogs(landed?.meta?.logMessages ?? [])];
    expect(events).to.have.length(1);
    expect(events[0]!.name).to.equal("providerRegistered");
    expect((events[0]!.data.provider as PublicKey).toBase58()).to.equal(host.payer.publicKey.toBase58());
    expect(events[0]!.data.metadataHash).to.deep.equal(metadataHash);
    const again = await rejection(program.methods.register(metadataHash).accounts({ authority: host.payer.publicKey }).rpc());
    expect(again).to.be.instanceOf(AnchorError);
    expect((again as AnchorError).error.errorCode.code).to.equal("StakingAlreadyRegistered");
  });

  it("lands a version 0 transaction and reports it only to clients that accept version 0", async () => {
    const tx = await calToken(host).methods.initialize().accounts({ admin: host.payer.publicKey }).transaction();
    const { blockhash, lastValidBlockHeight } = await host.connection.getLatestBlockhash();
    const versioned = new VersionedTransaction(
      new TransactionMessage({
        payerKey: host.payer.publicKey,
        recentBlockhash: blockhash,
        instructions: tx.instructions,
      }).compileToV0Message(),
    );
    versioned.sign([host.payer]);
    const signature = await host.connection.sendTransaction(versioned);
    const confirmed = await host.connection.confirmTransaction({ signature, blockhash, lastValidBlockHeight });
    expect(confirmed.value.err).to.equal(null);
    const landed = await host.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    expect(landed?.version).to.equal(0);
    expect(landed?.meta?.err).to.equal(null);
    expect(landed?.transaction.signatures[0]).to.equal(signature);
    const legacyClient = await rejection(host.connection.getTransaction(signature, { commitment: "confirmed" }));
    expect(String(legacyClient)).to.match(/maxSupportedTransactionVersion/);
  });

  it("runs the @solana/spl-token helpers: createMint, associated accounts, mintTo, transfer, balances", async () => {
    const { connection, payer } = host;
    const alice = Keypair.generate();
    const bob = Keypair.generate();
    const mint = await createMint(connection, payer, payer.publicKey, null, 6);
    const aliceAta = await getOrCreateAssociatedTokenAccount(connection, payer, mint, alice.publicKey);
    const bobAta = await getOrCreateAssociatedTokenAccount(connection, payer, mint, bob.publicKey);
    await mintTo(connection, payer, mint, aliceAta.address, payer, 5_000_000n);
    await transfer(connection, payer, aliceAta.address, bobAta.address, alice, 1_250_000n);
    expect((await getAccount(connection, aliceAta.address)).amount).to.equal(3_750_000n);
    expect((await getAccount(connection, bobAta.address)).amount).to.equal(1_250_000n);
    expect((await getMint(connection, mint)).supply).to.equal(5_000_000n);
    const balance = await connection.getTokenAccountBalance(bobAta.address);
    expect(balance.value).to.deep.include({ amount: "1250000", decimals: 6, uiAmountString: "1.25" });
    const bobs = await connection.getTokenAccountsByOwner(bob.publicKey, { mint });
    expect(bobs.value.map((a) => a.pubkey.toBase58())).to.deep.equal([bobAta.address.toBase58()]);
  });

  it("moves the Clock sysvar only when told, forward only, and keeps the slot running", async () => {
    const before = await clockSysvar(host);
    expect(before.unixTimestamp).to.equal(1_800_000_000n);
    await host.advanceTime(3_600n);
    expect(await host.now()).to.equal(1_800_003_600n);
    for (let i = 0; i < 40; i++) await host.connection.getLatestBlockhash();
    const after = await clockSysvar(host);
    expect(after.unixTimestamp).to.equal(1_800_003_600n);
    expect(after.slot > before.slot).to.equal(true);
    await host.setTime(1_900_000_000n);
    expect((await clockSysvar(host)).unixTimestamp).to.equal(1_900_000_000n);
    expect(await rejection(host.setTime(1_899_999_999n))).to.be.instanceOf(RangeError);
    expect(await rejection(host.advanceTime(-1n))).to.be.instanceOf(RangeError);
    expect(await host.now()).to.equal(1_900_000_000n);
  });

  it("lands the same instruction twice under two signatures", async () => {
    const to = Keypair.generate().publicKey;
    const lamports = await host.connection.getMinimumBalanceForRentExemption(0);
    const send = () =>
      sendAndConfirmTransaction(
        host.connection,
        new Transaction().add(SystemProgram.transfer({ fromPubkey: host.payer.publicKey, toPubkey: to, lamports })),
        [host.payer],
      );
    const first = await send();
    const second = await send();
    expect(second).to.not.equal(first);
    expect(await host.connection.getBalance(to)).to.equal(2 * lamports);
  });

  it("finds program accounts by data size and memcmp, as program.account.all() does", async () => {
    const program = calToken(host);
    await program.methods.initialize().accounts({ admin: host.payer.publicKey }).rpc();
    const configs = await program.account.calConfig.all();
    expect(configs.map((c) => c.publicKey.toBase58())).to.deep.equal([pda("cal_config", host.programIds.calToken).toBase58()]);
    const byAdmin = await program.account.calConfig.all([{ memcmp: { offset: 8, bytes: host.payer.publicKey.toBase58() } }]);
    expect(byAdmin).to.have.length(1);
    const byOther = await program.account.calConfig.all([{ memcmp: { offset: 8, bytes: Keypair.generate().publicKey.toBase58() } }]);
    expect(byOther).to.have.length(0);
    const mints = await host.connection.getProgramAccounts(TOKEN_PROGRAM_ID, { filters: [{ dataSize: 82 }] });
    expect(mints.map((m) => m.pubkey.toBase58())).to.deep.equal([pda("cal_mint", host.programIds.calToken).toBase58()]);
  });

  it("keeps two hosts in one process independent", async () => {
    const other = await startSolanaHost({ startTime: 1_700_000_000n });
    try {
      await calToken(host).methods.initialize().accounts({ admin: host.payer.publicKey }).rpc();
      expect(await other.connection.getAccountInfo(pda("cal_config", other.programIds.calToken))).to.equal(null);
      await host.advanceTime(10n);
      expect(await other.now()).to.equal(1_700_000_000n);
      expect(await host.now()).to.equal(1_800_000_010n);
      expect(other.payer.publicKey.toBase58()).to.not.equal(host.payer.publicKey.toBase58());
      await calToken(other, other.payer).methods.initialize().accounts({ admin: other.payer.publicKey }).rpc();
      const config = await calToken(other).account.calConfig.fetch(pda("cal_config", other.programIds.calToken));
      expect(config.admin.toBase58()).to.equal(other.payer.publicKey.toBase58());
    } finally {
      other.close();
    }
  });

  it("answers an unsupported RPC method with a JSON-RPC error naming it", async () => {
    const err = await rejection(host.connection.getBlock(1, { maxSupportedTransactionVersion: 0 }));
    expect(String(err)).to.match(/getBlock is not supported by the in-process Solana host/);
  });

  it("reports a transaction refused without preflight as never landing", async () => {
    const tx = new Transaction().add(
      SystemProgram.transfer({ fromPubkey: host.payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1 }),
    );
    tx.feePayer = host.payer.publicKey;
    tx.recentBlockhash = (await host.connection.getLatestBlockhash()).blockhash;
    tx.sign(host.payer);
    const wire = tx.serialize();
    wire[1] = wire[1]! ^ 0xff; // corrupt the signature
    const signature = await host.connection.sendRawTransaction(wire, { skipPreflight: true });
    expect(await rejection(host.connection.confirmTransaction(signature))).to.be.instanceOf(TransactionExpiredBlockheightExceededError);
    const preflight = await rejection(host.connection.sendRawTransaction(wire));
    expect(String(preflight)).to.match(/signature verification failure/i);
  });

  it("fails every call after close() and tells how to build a missing addon", async () => {
    const other = await startSolanaHost();
    other.close();
    expect(String(await rejection(other.connection.getSlot()))).to.match(/closed/);
    const saved = process.env.CALCTRA_SOLANA_HOST;
    process.env.CALCTRA_SOLANA_HOST = "/nonexistent/libcalctra_node_host.so";
    try {
      expect(String(await rejection(startSolanaHost()))).to.match(/bash programs-solana\/scripts\/build-host\.sh/);
    } finally {
      if (saved === undefined) delete process.env.CALCTRA_SOLANA_HOST;
      else process.env.CALCTRA_SOLANA_HOST = saved;
    }
  });
});
