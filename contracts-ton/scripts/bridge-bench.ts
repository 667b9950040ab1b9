// Gas of the TON bridge entry points, measured in @ton/sandbox (printed, not asserted).
//   npx tsx contracts-ton/scripts/bridge-bench.ts
import { Blockchain, type BlockchainTransaction, type SendMessageResult } from "@ton/sandbox";
import { type Address, fromNano, toNano } from "@ton/core";
import Table from "cli-table3";
import { Bridge, bridgeSendPayload } from "../wrappers/Bridge";
import { CalJettonWallet } from "../wrappers/CalJettonWallet";
import { deployBridgeEnv, RETENTION } from "./bridgeSandbox";
import { CAL } from "./sandbox";

function gasOf(tx: BlockchainTransaction): bigint {
  const d = tx.description;
  return d.type === "generic" && d.computePhase.type === "vm" ? d.computePhase.gasUsed : 0n;
}

async function main() {
  const blockchain = await Blockchain.create();
  blockchain.now = 1_800_000_000;
  const env = await deployBridgeEnv(blockchain);
  const relayer = await blockchain.treasury("relayer");
  const alice = await blockchain.treasury("alice");
  const bob = await blockchain.treasury("bob");
  const table = new Table({ head: ["message", "bridge gas", "chain gas", "txs", "fees (TON)"], style: { head: [], border: [] } });
  const record = (name: string, res: SendMessageResult, entry: Address) => {
    const txs = res.transactions.filter((t) => t.inMessage?.info.type === "internal");
    for (const t of txs) {
      const d = t.description;
      if (d.type === "generic" && d.computePhase.type === "vm" && !d.computePhase.success)
        throw new Error(`${name}: exit ${d.computePhase.exitCode}`);
    }
    const entryTx = txs.find((t) => t.address === BigInt(`0x${entry.hash.toString("hex")}`))!;
    table.push([
      name,
      gasOf(entryTx).toString(),
      txs.reduce((a, t) => a + gasOf(t), 0n).toString(),
      txs.length,
      fromNano(txs.reduce((a, t) => a + t.totalFees.coins, 0n)),
    ]);
  };

  const m1 = env.inbound(alice.address, 10n * CAL);
  record("deliver 2-of-3, 1st message (mint, new recipient wallet)", await env.deliver(m1, env.sign(m1), relayer), env.bridge.address);
  const m2 = env.inbound(alice.address, 10n * CAL);
  record("deliver 2-of-3, 2nd message (mint, existing wallet)", await env.deliver(m2, env.sign(m2), relayer), env.bridge.address);
  const m3 = env.inbound(bob.address, 10n * CAL);
  record(
    "deliver 3-of-3, 3rd message (mint, new recipient wallet)",
    await env.deliver(m3, env.sign(m3, env.validatorKeys), relayer),
    env.bridge.address,
  );
  for (let i = 0; i < 20; i++) {
    const m = env.inbound(bob.address, CAL);
    await env.deliver(m, env.sign(m), relayer);
  }
  const m4 = env.inbound(alice.address, 10n * CAL);
  record("deliver 2-of-3, 24th message (replay map grown)", await env.deliver(m4, env.sign(m4), relayer), env.bridge.address);
  const aw = blockchain.openContract(CalJettonWallet.createFromAddress(await env.minter.getWalletAddress(alice.address)));
  const send = await aw.sendTransfer(alice.getSender(), 5n * CAL, env.bridge.address, {
    forwardTonAmount: toNano("0.15"),
    forwardPayload: bridgeSendPayload(31337, 0x70997970c51812dc3a010c7d01b50e0d17dc79c8n),
    responseAddress: alice.address,
  });
  record("send (transfer_notification -> burn + log)", send, env.bridge.address);
  record(
    "set_validators (3, rotation)",
    await env.bridge.sendRaw(
      env.deployer.getSender(),
      Bridge.setValidatorsBody(
        env.vectors.validators.map((v) => v.address),
        2,
        RETENTION,
      ),
    ),
    env.bridge.address,
  );
  console.log(table.toString());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
