// Deploys the whole Calctra TON stack into a @ton/sandbox Blockchain (tests, bench, demo).
import { Blockchain, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { Address, toNano } from '@ton/core';
import { compileTolk } from '../wrappers/compile';
import { CalJettonMinter, offchainContent } from '../wrappers/CalJettonMinter';
import { CalJettonWallet } from '../wrappers/CalJettonWallet';
import { Staking } from '../wrappers/Staking';
import { Marketplace, ROLE } from '../wrappers/Marketplace';
import { Governance } from '../wrappers/Governance';

export const CAL = 1_000_000_000n;
export const DAY = 86400;

export async function compileAll() {
    return {
        minter: await compileTolk('jetton/minter.tolk'),
        wallet: await compileTolk('jetton/wallet.tolk'),
        staking: await compileTolk('staking/staking.tolk'),
        marketplace: await compileTolk('marketplace/marketplace.tolk'),
        governance: await compileTolk('governance/governance.tolk'),
    };
}

export type CalctraSandbox = Awaited<ReturnType<typeof deployCalctra>>;

export const GOV_TIMING = { votingDelay: 3600, votingPeriod: 3 * DAY, timelockDelay: 2 * DAY, gracePeriod: 14 * DAY };
export const GOV_QUORUM = 1_000n * CAL;
export const GOV_THRESHOLD = 100n * CAL;

/**
 * Deploys jetton, staking, marketplace and governance. With `handOver` the deployer passes the admin
 * rights of staking and marketplace to governance (the production shape); without it the deployer
 * stays admin (unit tests of the admin paths).
 */
export async function deployCalctra(blockchain: Blockchain, opts: { handOver?: boolean } = {}) {
    const codes = await compileAll();
    const deployer = await blockchain.treasury('deployer');
    const pauser = await blockchain.treasury('pauser');
    const arbiter = await blockchain.treasury('arbiter');
    const treasury = await blockchain.treasury('treasury');

    const minter = blockchain.openContract(CalJettonMinter.createFromConfig({
        admin: deployer.address, walletCode: codes.wallet, content: offchainContent('https://calctra.io/cal.json'),
    }, codes.minter));
    await minter.sendDeploy(deployer.getSender(), toNano('0.1'));

    const staking = blockchain.openContract(Staking.createFromConfig({
        admin: deployer.address, minStake: 100n * CAL, unbondingPeriod: 7 * DAY,
    }, codes.staking));
    await staking.sendDeploy(deployer.getSender(), toNano('1'));

    const marketplace = blockchain.openContract(Marketplace.createFromConfig({
        admin: deployer.address, pauser: pauser.address, arbiter: arbiter.address, treasury: treasury.address,
        staking: staking.address,
    }, codes.marketplace));
    await marketplace.sendDeploy(deployer.getSender(), toNano('1'));

    const stakingJw = await minter.getWalletAddress(staking.address);
    const marketJw = await minter.getWalletAddress(marketplace.address);
    await staking.sendSetLinks(deployer.getSender(), deployer.address, marketplace.address, stakingJw);
    await marketplace.sendSetLinks(deployer.getSender(), marketJw);

    const governance = blockchain.openContract(Governance.createFromConfig({
        deployer: deployer.address, marketplace: marketplace.address, staking: staking.address,
        ...GOV_TIMING, quorum: GOV_QUORUM, proposalThreshold: GOV_THRESHOLD,
    }, codes.governance));
    await governance.sendDeploy(deployer.getSender(), toNano('1'));
    await governance.sendSetWallet(deployer.getSender(), await minter.getWalletAddress(governance.address));
    if (opts.handOver) {
        await staking.sendSetLinks(deployer.getSender(), governance.address, marketplace.address, stakingJw);
        await marketplace.sendRaw(deployer.getSender(), Marketplace.setRoleBody(ROLE.admin, governance.address));
    }

    const walletOf = (owner: Address) => minter.getWalletAddress(owner).then((a) => blockchain.openContract(CalJettonWallet.createFromAddress(a)));
    const mint = async (to: Address, amount: bigint) => minter.sendMint(deployer.getSender(), to, amount, { responseAddress: deployer.address });
    const balanceOf = async (owner: Address) => (await walletOf(owner)).getBalance();

    return { blockchain, codes, deployer, pauser, arbiter, treasury, minter, staking, marketplace, governance, walletOf, mint, balanceOf };
}

export type Actor = SandboxContract<TreasuryContract>;
