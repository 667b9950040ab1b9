import { expect } from 'chai';
import { Blockchain, BlockchainSnapshot } from '@ton/sandbox';
import { Address, beginCell, Cell, toNano, Transaction } from '@ton/core';
import '@ton/test-utils';
import { keccak_256 } from '@noble/hashes/sha3';
import { secp256k1 } from '@noble/curves/secp256k1';
import { err, op } from '../wrappers/abi';
import { Bridge, bridgeMessageCell, bridgeSendPayload, signatureChain, TON_DOMAIN, tonUniversal } from '../wrappers/Bridge';
import { deployBridgeEnv, BridgeEnv, fromHex, hex, evmAddressOf, signSorted, RETENTION, DEFAULT_LIMITS } from '../scripts/bridgeSandbox';
import { CAL, Actor } from '../scripts/sandbox';
import { encodeBridgeMessage, bridgeMessageId } from '../../sdk/src/core/bridge';
import type { BridgeMessage } from '../../sdk/src/core/types';
import { transferWithPayload } from './fixtures';

const SECP_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141n;

function bridgeTx(txs: Transaction[], bridge: Address, opName: string): Transaction {
    const t = txs.find((x) => x.inMessage?.info.dest instanceof Address && x.inMessage.info.dest.equals(bridge)
        && x.inMessage.body.beginParse().preloadUint(32) === op(opName));
    if (!t) throw new Error(`no ${opName} transaction to the bridge`);
    return t;
}

describe('TON bridge (lock-and-mint spoke)', () => {
    let blockchain: Blockchain;
    let env: BridgeEnv;
    let base: BlockchainSnapshot;
    let user: Actor;
    let relayer: Actor;

    before(async () => {
        blockchain = await Blockchain.create();
        blockchain.now = 1_800_000_000;
        env = await deployBridgeEnv(blockchain);
        user = await blockchain.treasury('user');
        relayer = await blockchain.treasury('relayer');
        base = blockchain.snapshot();
    });
    beforeEach(async () => { await blockchain.loadFrom(base); });

    describe('shared vectors (test/vectors/bridge.json)', () => {
        it('computes messageId and the digest of every vector case on chain (get_digest with the vector dstBridge)', async () => {
            expect(env.vectors.cases.some((c) => c.message.dstDomain === TON_DOMAIN)).to.equal(true);
            for (const c of env.vectors.cases) {
                const msg = bridgeMessageCell(fromHex(c.encoded));
                expect(await env.bridge.getMessageId(msg)).to.equal(BigInt(c.messageId));
                expect(await env.bridge.getDigest(msg, BigInt(c.dstBridge))).to.equal(BigInt(c.digest));
            }
        });

        it('recovers every vector signature to its signer with TVM ECRECOVER and refuses its high-s twin', async () => {
            for (const c of env.vectors.cases) {
                for (const s of c.signatures) {
                    const sig = fromHex(s.signature);
                    expect(await env.bridge.getRecoverSigner(BigInt(c.digest), sig)).to.equal(BigInt(s.signer));
                    // malleated twin (n - s, flipped v): same signer for a lax verifier, refused here
                    const twin = Uint8Array.from(sig);
                    const sHigh = SECP_N - BigInt(hex(sig.slice(32, 64)));
                    twin.set(fromHex(sHigh.toString(16).padStart(64, '0')), 32);
                    twin[64] = sig[64] === 27 ? 28 : 27;
                    expect(await env.bridge.getRecoverSigner(BigInt(c.digest), twin)).to.equal(-1n);
                }
            }
        });

        it('the dev validator addresses of the vectors are the keccak addresses of their keys', () => {
            for (const v of env.vectors.validators) expect(evmAddressOf(v.privateKey)).to.equal(BigInt(v.address));
        });
    });

    describe('inbound (mint)', () => {
        it('delivers a 2-of-3 signed message relayed by anyone and mints the amount to the recipient', async () => {
            const m = env.inbound(user.address, 25n * CAL);
            const res = await env.deliver(m, env.sign(m), relayer);
            const tx = bridgeTx(res.transactions, env.bridge.address, 'BridgeDeliver');
            expect(tx.description.type === 'generic' && tx.description.computePhase.type === 'vm' && tx.description.computePhase.success).to.equal(true);
            expect(res.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, op: op('MintNewJettons'), success: true });
            expect(res.transactions).to.have.transaction({ to: relayer.address, op: op('ReturnExcessesBack') });
            expect(await env.balanceOf(user.address)).to.equal(25n * CAL);
            expect(await env.minter.getTotalSupply()).to.equal(25n * CAL);
            expect(await env.bridge.getIsDelivered(BigInt(hex(bridgeMessageId(m))))).to.equal(true);
            const d = await env.bridge.getDomain(m.srcDomain);
            expect(d.inboundAvailable).to.equal(DEFAULT_LIMITS.inCapacity - 25n * CAL);
        });
    });
});
