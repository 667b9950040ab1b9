// blueprint run deployCalctra [--testnet|--mainnet|--custom ...]
// Deploys CAL minter, staking, marketplace and governance, links them, hands the admin rights of
// staking and marketplace to governance, and writes deployments/ton-<network>.json for the SDK.
// Roles come from the environment: CALCTRA_PAUSER, CALCTRA_ARBITER, CALCTRA_TREASURY (default: the
// deployer), CALCTRA_JETTON_ADMIN (minter admin, e.g. the bridge; default: the deployer, who can
// hand over later with change_admin / claim_admin).
import { Address, toNano } from "@ton/core";
import type { NetworkProvider } from "@ton/blueprint";
import { compileTolk } from "../wrappers/compile";
import { CalJettonMinter, offchainContent } from "../wrappers/CalJettonMinter";
import { Staking } from "../wrappers/Staking";
import { Marketplace, ROLE } from "../wrappers/Marketplace";
import { Governance } from "../wrappers/Governance";
import { fmt, writeDeployment } from "./deployment-file";

const CAL = 1_000_000_000n;
const DAY = 86400;

export async function run(provider: NetworkProvider) {
  const deployer = provider.sender().address;
  if (!deployer) throw new Error("the deployer wallet has no address");
  const env = (name: string) => (process.env[name] ? Address.parse(process.env[name]!) : deployer);
  const codes = {
    minter: await compileTolk("jetton/minter.tolk"),
    wallet: await compileTolk("jetton/wallet.tolk"),
    staking: await compileTolk("staking/staking.tolk"),
    marketplace: await compileTolk("marketplace/marketplace.tolk"),
    governance: await compileTolk("governance/governance.tolk"),
  };
  const minter = provider.open(
    CalJettonMinter.createFromConfig(
      {
        admin: env("CALCTRA_JETTON_ADMIN"),
        walletCode: codes.wallet,
        content: offchainContent(process.env.CALCTRA_JETTON_URI ?? "https://calctra.io/cal.json"),
      },
      codes.minter,
    ),
  );
  const staking = provider.open(
    Staking.createFromConfig({ admin: deployer, minStake: 100n * CAL, unbondingPeriod: 7 * DAY }, codes.staking),
  );
  const marketplace = provider.open(
    Marketplace.createFromConfig(
      {
        admin: deployer,
        pauser: env("CALCTRA_PAUSER"),
        arbiter: env("CALCTRA_ARBITER"),
        treasury: env("CALCTRA_TREASURY"),
        staking: staking.address,
      },
      codes.marketplace,
    ),
  );
  const governance = provider.open(
    Governance.createFromConfig(
      {
        deployer,
        marketplace: marketplace.address,
        staking: staking.address,
        votingDelay: 3600,
        votingPeriod: 3 * DAY,
        timelockDelay: 2 * DAY,
        gracePeriod: 14 * DAY,
        quorum: 1_000_000n * CAL,
        proposalThreshold: 10_000n * CAL,
      },
      codes.governance,
    ),
  );

  await minter.sendDeploy(provider.sender(), toNano("0.05"));
  await provider.waitForDeploy(minter.address);
  await staking.sendDeploy(provider.sender(), toNano("0.5"));
  await provider.waitForDeploy(staking.address);
  await marketplace.sendDeploy(provider.sender(), toNano("0.5"));
  await provider.waitForDeploy(marketplace.address);
  await governance.sendDeploy(provider.sender(), toNano("0.3"));
  await provider.waitForDeploy(governance.address);

  const stakingJw = await minter.getWalletAddress(staking.address);
  const marketJw = await minter.getWalletAddress(marketplace.address);
  const govJw = await minter.getWalletAddress(governance.address);
  await marketplace.sendSetLinks(provider.sender(), marketJw);
  await governance.sendSetWallet(provider.sender(), govJw);
  // hand-over: governance becomes the admin of staking and marketplace
  await staking.sendSetLinks(provider.sender(), governance.address, marketplace.address, stakingJw);
  await marketplace.sendRaw(provider.sender(), Marketplace.setRoleBody(ROLE.admin, governance.address));

  const file = writeDeployment(provider.network(), {
    contracts: {
      calJettonMinter: fmt(minter.address),
      staking: fmt(staking.address),
      marketplace: fmt(marketplace.address),
      governance: fmt(governance.address),
    },
    jettonWallets: { staking: fmt(stakingJw), marketplace: fmt(marketJw), governance: fmt(govJw) },
    roles: {
      deployer: fmt(deployer),
      pauser: fmt(env("CALCTRA_PAUSER")),
      arbiter: fmt(env("CALCTRA_ARBITER")),
      treasury: fmt(env("CALCTRA_TREASURY")),
      admin: fmt(governance.address),
    },
    codeHashes: Object.fromEntries(Object.entries(codes).map(([k, c]) => [k, c.hash().toString("hex")])),
  });
  provider.ui().write(`Calctra TON deployed; addresses written to ${file}`);
}
