import { expect } from "chai";
import { Blockchain, internal } from "@ton/sandbox";
import { Address, beginCell, type Cell, toNano } from "@ton/core";
import { JettonMinter as StdMinter, JettonWallet as StdWallet } from "@ton-community/assets-sdk";
import "@ton/test-utils";
import { deployCalctra, CAL, type CalctraSandbox } from "../scripts/sandbox";
import { CalJettonWallet } from "../wrappers/CalJettonWallet";
import { err, op } from "../wrappers/abi";

describe("CAL jetton (TEP-74 / TEP-89)", () => {
  let blockchain: Blockchain;
  let env: CalctraSandbox;

  beforeEach(async () => {
    blockchain = await Blockchain.create();
    env = await deployCalctra(blockchain);
  });

  it("mints to a holder, deploying its wallet at the address get_wallet_address reports", async () => {
    const alice = await blockchain.treasury("alice");
    const res = await env.minter.sendMint(env.deployer.getSender(), alice.address, 1000n * CAL);
    const wAddr = await env.minter.getWalletAddress(alice.address);
    expect(res.transactions).to.have.transaction({ from: env.minter.address, to: wAddr, deploy: true, success: true });
    expect(await env.balanceOf(alice.address)).to.equal(1000n * CAL);
    const data = await env.minter.getJettonData();
    expect(data.totalSupply).to.equal(1000n * CAL);
    expect(data.admin?.equals(env.deployer.address)).to.equal(true);
    const wd = await blockchain.openContract(CalJettonWallet.createFromAddress(wAddr)).getWalletData();
    expect(wd.owner.equals(alice.address)).to.equal(true);
    expect(wd.minter.equals(env.minter.address)).to.equal(true);
  });

  it("is readable by the standard jetton client (assets-sdk wrappers of the FunC jetton)", async () => {
    const alice = await blockchain.treasury("alice");
    await env.mint(alice.address, 5n * CAL);
    const std = blockchain.openContract(StdMinter.createFromAddress(env.minter.address));
    const stdData = await std.getData();
    expect(stdData.totalSupply).to.equal(5n * CAL);
    const stdWalletAddr = await std.getWalletAddress(alice.address);
    expect(stdWalletAddr.equals(await env.minter.getWalletAddress(alice.address))).to.equal(true);
    const stdWallet = blockchain.openContract(StdWallet.createFromAddress(stdWalletAddr));
    expect((await stdWallet.getData()).balance).to.equal(5n * CAL);
  });

  it("refuses mint from a non-admin and mint above the 10^18 cap", async () => {
    const eve = await blockchain.treasury("eve");
    const r1 = await env.minter.sendMint(eve.getSender(), eve.address, CAL);
    expect(r1.transactions).to.have.transaction({ from: eve.address, to: env.minter.address, exitCode: err("JettonNotAdmin") });
    await env.mint(eve.address, 10n ** 18n - 1n);
    const r2 = await env.minter.sendMint(env.deployer.getSender(), eve.address, 2n);
    expect(r2.transactions).to.have.transaction({ to: env.minter.address, exitCode: err("JettonCapExceeded") });
    expect(await env.minter.getTotalSupply()).to.equal(10n ** 18n - 1n);
  });

  it("transfers and delivers transfer_notification carrying the forward payload, excesses to the response address", async () => {
    const alice = await blockchain.treasury("alice");
    const bob = await blockchain.treasury("bob");
    await env.mint(alice.address, 100n * CAL);
    const aw = await env.walletOf(alice.address);
    const payload = beginCell().storeUint(0xdeadbeef, 32).storeStringTail("hello").endCell();
    const res = await aw.sendTransfer(alice.getSender(), 40n * CAL, bob.address, {
      forwardTonAmount: toNano("0.02"),
      forwardPayload: payload,
      responseAddress: alice.address,
    });
    const notif = res.transactions.find(
      (t) =>
        t.inMessage?.info.dest?.toString() === bob.address.toString() &&
        t.inMessage?.body.beginParse().preloadUint(32) === op("TransferNotificationForRecipient"),
    );
    expect(notif).to.not.equal(undefined);
    const s = notif!.inMessage!.body.beginParse();
    s.skip(32 + 64);
    expect(s.loadCoins()).to.equal(40n * CAL);
    expect(s.loadAddress().equals(alice.address)).to.equal(true);
    expect(s.loadBit()).to.equal(true);
    expect(s.loadRef().equals(payload)).to.equal(true);
    expect(res.transactions).to.have.transaction({ to: alice.address, op: op("ReturnExcessesBack") });
    expect(await env.balanceOf(alice.address)).to.equal(60n * CAL);
    expect(await env.balanceOf(bob.address)).to.equal(40n * CAL);
  });

  it("a standard-client transfer (assets-sdk JettonWallet.send) works on a CAL wallet", async () => {
    const alice = await blockchain.treasury("alice");
    const bob = await blockchain.treasury("bob");
    await env.mint(alice.address, 10n * CAL);
    const stdWallet = blockchain.openContract(StdWallet.createFromAddress(await env.minter.getWalletAddress(alice.address)));
    await stdWallet.send(alice.getSender(), bob.address, 3n * CAL, { returnExcess: true, value: toNano("0.1") });
    expect(await env.balanceOf(bob.address)).to.equal(3n * CAL);
  });

  it("refuses transfers from a non-owner, above the balance, or with too little TON", async () => {
    const alice = await blockchain.treasury("alice");
    const eve = await blockchain.treasury("eve");
    await env.mint(alice.address, 10n * CAL);
    const aw = await env.walletOf(alice.address);
    const r1 = await aw.sendTransfer(eve.getSender(), CAL, eve.address);
    expect(r1.transactions).to.have.transaction({ to: aw.address, exitCode: err("JettonNotOwner") });
    const r2 = await aw.sendTransfer(alice.getSender(), 11n * CAL, eve.address);
    expect(r2.transactions).to.have.transaction({ to: aw.address, exitCode: err("JettonBalanceError") });
    const r3 = await aw.sendTransfer(alice.getSender(), CAL, eve.address, { value: toNano("0.01") });
    expect(r3.transactions).to.have.transaction({ to: aw.address, exitCode: err("JettonNotEnoughGas") });
    expect(await env.balanceOf(alice.address)).to.equal(10n * CAL);
  });

  it("rejects internal_transfer from a contract that is not a CAL wallet", async () => {
    const alice = await blockchain.treasury("alice");
    const eve = await blockchain.treasury("eve");
    await env.mint(alice.address, CAL);
    const aw = await env.walletOf(alice.address);
    const body = beginCell()
      .storeUint(op("InternalTransferStep"), 32)
      .storeUint(0, 64)
      .storeCoins(1000n * CAL)
      .storeAddress(eve.address)
      .storeAddress(null)
      .storeCoins(0)
      .storeBit(0)
      .endCell();
    const res = await eve.send({ to: aw.address, value: toNano("0.1"), body });
    expect(res.transactions).to.have.transaction({ to: aw.address, exitCode: err("JettonNotValidWallet") });
    expect(await env.balanceOf(alice.address)).to.equal(CAL);
  });

  it("restores the balance when an internal_transfer or burn_notification bounces", async () => {
    const alice = await blockchain.treasury("alice");
    await env.mint(alice.address, 10n * CAL);
    const aw = await env.walletOf(alice.address);
    const peer = await env.minter.getWalletAddress((await blockchain.treasury("bob")).address);
    for (const name of ["InternalTransferStep", "BurnNotificationForMinter"]) {
      const bounced = beginCell()
        .storeUint(0xffffffff, 32)
        .storeUint(op(name), 32)
        .storeUint(0, 64)
        .storeCoins(2n * CAL)
        .endCell();
      await blockchain.sendMessage(internal({ from: peer, to: aw.address, value: toNano("0.01"), body: bounced, bounced: true }));
    }
    expect(await env.balanceOf(alice.address)).to.equal(14n * CAL);
  });

  it("burns: wallet balance and total supply decrease, excesses returned", async () => {
    const alice = await blockchain.treasury("alice");
    await env.mint(alice.address, 10n * CAL);
    const aw = await env.walletOf(alice.address);
    const res = await aw.sendBurn(alice.getSender(), 4n * CAL, { responseAddress: alice.address });
    expect(res.transactions).to.have.transaction({
      from: aw.address,
      to: env.minter.address,
      op: op("BurnNotificationForMinter"),
      success: true,
    });
    expect(res.transactions).to.have.transaction({ from: env.minter.address, to: alice.address, op: op("ReturnExcessesBack") });
    expect(await env.balanceOf(alice.address)).to.equal(6n * CAL);
    expect(await env.minter.getTotalSupply()).to.equal(6n * CAL);
  });

  it("answers TEP-89 provide_wallet_address with take_wallet_address (wallet and owner)", async () => {
    const alice = await blockchain.treasury("alice");
    const asker = await blockchain.treasury("asker");
    const res = await env.minter.sendProvideWalletAddress(asker.getSender(), alice.address, true);
    const tx = res.transactions.find(
      (t) =>
        t.inMessage?.info.dest?.toString() === asker.address.toString() &&
        t.inMessage?.info.src?.toString() === env.minter.address.toString(),
    );
    expect(tx).to.not.equal(undefined);
    const s = tx!.inMessage!.body.beginParse();
    expect(s.loadUint(32)).to.equal(op("ResponseWalletAddress"));
    s.loadUintBig(64);
    expect(s.loadAddress().equals(await env.minter.getWalletAddress(alice.address))).to.equal(true);
    const ownerRef = s.loadMaybeRef() as Cell;
    expect(ownerRef.beginParse().loadAddress().equals(alice.address)).to.equal(true);
  });

  it("hands admin over in two steps (change_admin, then claim_admin by the new admin only)", async () => {
    const bridge = await blockchain.treasury("bridge");
    const eve = await blockchain.treasury("eve");
    const r0 = await env.minter.sendChangeAdmin(eve.getSender(), eve.address);
    expect(r0.transactions).to.have.transaction({ to: env.minter.address, exitCode: err("JettonNotAdmin") });
    await env.minter.sendChangeAdmin(env.deployer.getSender(), bridge.address);
    expect((await env.minter.getNextAdmin())?.equals(bridge.address)).to.equal(true);
    const r1 = await env.minter.sendClaimAdmin(eve.getSender());
    expect(r1.transactions).to.have.transaction({ to: env.minter.address, exitCode: err("JettonNotAdmin") });
    await env.minter.sendClaimAdmin(bridge.getSender());
    expect((await env.minter.getJettonData()).admin?.equals(bridge.address)).to.equal(true);
    const r2 = await env.minter.sendMint(env.deployer.getSender(), eve.address, CAL);
    expect(r2.transactions).to.have.transaction({ to: env.minter.address, exitCode: err("JettonNotAdmin") });
    await env.minter.sendMint(bridge.getSender(), eve.address, CAL);
    expect(await env.balanceOf(eve.address)).to.equal(CAL);
  });

  it("refuses mint to a non-basechain address", async () => {
    const mc = new Address(-1, Buffer.alloc(32, 7));
    const r = await env.minter.sendMint(env.deployer.getSender(), mc, CAL);
    expect(r.transactions).to.have.transaction({ to: env.minter.address, exitCode: err("JettonWrongWorkchain") });
  });
});
