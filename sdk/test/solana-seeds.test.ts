import { expect } from "chai";
import { AnchorProvider, Program, type Wallet } from "@coral-xyz/anchor";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import {
  calctraIdls,
  deriveSolanaPda,
  governanceIdl,
  solanaPdaSeeds,
  solanaPdas,
  solanaProgramAddresses,
  solanaProgramIds,
  solanaSeedConstants,
  stakingIdl,
  u256be,
  type GovernanceIdl,
  type StakingIdl,
} from "../src/solana/index.js";

describe("Solana PDA seeds and program ids generated from the IDLs", () => {
  it("takes the program ids from the IDLs' addresses", () => {
    const addresses: readonly string[] = Object.values(solanaProgramAddresses);
    expect([...addresses].sort()).to.deep.equal(calctraIdls.map((idl) => idl.address).sort());
    expect(solanaProgramIds().bridge.toBase58()).to.equal(solanaProgramAddresses.calctraBridge);
  });

  it("spells every constant seed part as one of the programs' own *_SEED constants", () => {
    const constants = new Set(Object.values(solanaSeedConstants).flatMap((c) => Object.values(c) as string[]));
    const parts = Object.values(solanaPdaSeeds).flatMap((program) => Object.values(program).flat());
    const consts = parts.filter((p) => p.kind === "const").map((p) => p.value);
    expect(consts.length).to.be.greaterThan(15);
    for (const c of consts) expect(constants.has(c), c).to.equal(true);
  });

  it("derives the PDAs Anchor's own IDL account resolution derives for staking register and governance deposit and castVote", async () => {
    // A provider whose connection is never reached: resolving these accounts reads nothing from the chain.
    const owner = Keypair.generate().publicKey;
    const wallet = { publicKey: owner } as unknown as Wallet;
    const provider = new AnchorProvider(new Connection("http://127.0.0.1:9"), wallet, {});
    const pdas = solanaPdas();
    const staking = new Program<StakingIdl>(stakingIdl as unknown as StakingIdl, provider);
    const register = await staking.methods.register(Array(32).fill(1)).accounts({ authority: owner }).pubkeys();
    expect(register.provider?.toBase58()).to.equal(pdas.provider(owner).toBase58());
    const governance = new Program<GovernanceIdl>(governanceIdl as unknown as GovernanceIdl, provider);
    const deposit = await governance.methods.deposit(new BN(1)).accountsPartial({ owner, from: PublicKey.default }).pubkeys();
    expect(deposit.voter?.toBase58()).to.equal(pdas.voter(owner).toBase58());
    expect(deposit.config?.toBase58()).to.equal(pdas.governance.toBase58());
    const vote = await governance.methods
      .castVote(Array.from(u256be(7n)), 1)
      .accounts({ owner })
      .pubkeys();
    expect(vote.proposal?.toBase58()).to.equal(pdas.proposal(7n).toBase58());
    expect(vote.voteRecord?.toBase58()).to.equal(pdas.voteRecord(7n, owner).toBase58());
  });

  it("refuses a number of variable seed values other than the layout's", () => {
    const program = solanaProgramIds().marketplace;
    expect(() => deriveSolanaPda(solanaPdaSeeds.marketplace.task, [], program)).to.throw(RangeError);
    expect(() => deriveSolanaPda(solanaPdaSeeds.marketplace.config, [new Uint8Array(8)], program)).to.throw(RangeError);
    expect(deriveSolanaPda(solanaPdaSeeds.marketplace.config, [], program).toBase58()).to.equal(solanaPdas().marketplaceConfig.toBase58());
  });
});
