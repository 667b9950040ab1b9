import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PublicKey } from "@solana/web3.js";
import { getMint } from "@solana/spl-token";
import { CAL, DOMAINS, universalFromEvm, universalFromSolana } from "@calctra/core";
import { startLocalSolana, type LocalSolana, type LocalSolanaWallet } from "@calctra/devnet/solana";
import {
  SolanaMarketplaceClient,
  SolanaStakingClient,
  SolanaTokenClient,
  receiveSolanaBridgeMessage,
  solanaBridgeDigest,
  solanaPdas,
  solanaPrograms,
} from "../src/solana/index.js";
import { readSolanaDeployment, writeSolanaDeployment } from "../src/node/index.js";
import { secp256k1 } from "@noble/curves/secp256k1";
import { readFileSync } from "node:fs";
import { expectCalctra } from "@calctra/devnet/testing";

const bridgeVectors = JSON.parse(readFileSync(new URL("../../test/vectors/bridge.json", import.meta.url), "utf8")) as {
  validators: { privateKey: `0x${string}`; address: `0x${string}` }[];
};
describe("Solana token, deployment and bridge minting through the native host", function () {
  this.timeout(120_000);
  let sol: LocalSolana;
  let alice: LocalSolanaWallet;

  before(async () => {
    sol = await startLocalSolana();
    alice = await sol.newWallet({ cal: 1_000n * CAL });
  });
  after(() => sol?.close());

  it("deploys the production layout: CAL minted only by the bridge, every admin the governance PDA", async () => {
    const d = sol.deployment;
    const pdas = solanaPdas();
    expect(d.calMint).to.equal(pdas.calMint.toBase58());
    const mint = await getMint(sol.connection, pdas.calMint);
    expect(mint.decimals).to.equal(9);
    expect(mint.mintAuthority?.toBase58()).to.equal(pdas.bridgeMintAuthority.toBase58());
    expect(mint.freezeAuthority).to.equal(null);
    const programs = solanaPrograms(sol.actors.deployer.provider);
    const bridge = await programs.bridge.account.bridgeConfig.fetch(pdas.bridgeConfig);
    expect(bridge.admin.toBase58()).to.equal(d.pdas.governance);
    expect(bridge.threshold).to.equal(2);
    expect(bridge.validators.map((v) => `0x${Buffer.from(v).toString("hex")}`)).to.deep.equal(
      bridgeVectors.validators.map((v) => v.address),
    );
    const staking = await programs.staking.account.stakingConfig.fetch(pdas.stakingConfig);
    expect(staking.admin.toBase58()).to.equal(d.pdas.governance);
    expect(staking.slasher.toBase58()).to.equal(d.pdas.marketplaceAuthority);
    const market = await new SolanaMarketplaceClient(alice.params).parameters();
    expect(market.admin.toBase58()).to.equal(d.pdas.governance);
    expect(market.pauser.toBase58()).to.equal(sol.actors.pauser.address);
    expect(market.arbiter.toBase58()).to.equal(sol.actors.arbiter.address);
    expect(market.treasury.toBase58()).to.equal(d.treasury);
    expect(d.roles.admin).to.equal(d.pdas.governance);
    // the deployment file round-trips through deployments/solana-<network>.json
    const dir = mkdtempSync(join(tmpdir(), "calctra-solana-"));
    try {
      const file = writeSolanaDeployment({ deployment: d, directory: dir });
      expect(file.endsWith("solana-local.json")).to.equal(true);
      expect(readSolanaDeployment({ network: "local", directory: dir })).to.deep.equal(d);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("transfers CAL, creating the recipient's token account, and keeps the supply equal to what the bridge minted", async () => {
    const token = new SolanaTokenClient(alice.params);
    const supply = await token.totalSupply();
    const bob = await sol.newWallet();
    expect(await token.balanceOf({ owner: bob.address })).to.equal(0n);
    const { id } = await token.transfer({ to: bob.address, amount: 123_456_789n });
    expect(id).to.be.a("string").and.not.equal("");
    expect(await token.balanceOf({ owner: bob.address })).to.equal(123_456_789n);
    expect(await token.balanceOf({ owner: alice.address })).to.equal(1_000n * CAL - 123_456_789n);
    await token.transfer({ to: bob.address, amount: 1n });
    expect(await token.balanceOf({ owner: bob.address })).to.equal(123_456_790n);
    expect(await token.totalSupply()).to.equal(supply);
    await sol.mintCal({ owner: bob.publicKey, amount: 7n * CAL });
    expect(await token.totalSupply()).to.equal(supply + 7n * CAL);
    const notAKey = await token.transfer({ to: "not-a-key", amount: 1n }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(notAKey).to.be.instanceOf(RangeError);
  });

  it("refuses a replayed bridge message and one below the validator threshold, minting nothing", async () => {
    const token = new SolanaTokenClient(alice.params);
    const supply = await token.totalSupply();
    const message = {
      version: 1,
      srcDomain: DOMAINS.localEvmHome,
      dstDomain: DOMAINS.solana,
      nonce: 1_000n,
      sender: universalFromEvm("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
      recipient: universalFromSolana(alice.address),
      amount: 5n * CAL,
    };
    const digest = solanaBridgeDigest(message);
    const sign = (privateKey: `0x${string}`) => {
      const sig = secp256k1.sign(digest, privateKey.slice(2), { lowS: true });
      return Uint8Array.from([...sig.toCompactRawBytes(), 27 + sig.recovery]);
    };
    const [v0, v1] = bridgeVectors.validators;
    await expectCalctra(
      receiveSolanaBridgeMessage({ provider: alice.provider, message, signatures: [sign(v0!.privateKey)] }),
      "BridgeBelowThreshold",
      "solana",
    );
    await expectCalctra(
      receiveSolanaBridgeMessage({ provider: alice.provider, message, signatures: [sign(v1!.privateKey), sign(v0!.privateKey)] }),
      "BridgeSignersNotAscending",
      "solana",
    );
    expect(await token.totalSupply()).to.equal(supply);
    await receiveSolanaBridgeMessage({ provider: alice.provider, message, signatures: [sign(v0!.privateKey), sign(v1!.privateKey)] });
    expect(await token.totalSupply()).to.equal(supply + 5n * CAL);
    await expectCalctra(
      receiveSolanaBridgeMessage({ provider: alice.provider, message, signatures: [sign(v0!.privateKey), sign(v1!.privateKey)] }),
      "BridgeMessageAlreadyDelivered",
      "solana",
    );
    expect(await token.totalSupply()).to.equal(supply + 5n * CAL);
    expect(await token.balanceOf({ owner: alice.address })).to.equal(1_000n * CAL - 123_456_790n + 5n * CAL);
  });

  it("reads an unknown provider as unregistered with a new provider's score", async () => {
    const info = await new SolanaStakingClient(alice.params).getProvider({
      provider: new PublicKey(new Uint8Array(32).fill(9)).toBase58(),
    });
    expect(info).to.include({ registered: false, staked: 0n, locked: 0n, scoreBps: 5000n });
  });
});
