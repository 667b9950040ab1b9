/**
 * The governance app in headless Chromium against a devnet it starts: the whole story of one proposal through the
 * app's own screens, with test wallets on every chain — the hub's largest holder (EVM, EIP-6963) delegates, proposes
 * "set challengePeriod to 2 hours on every chain" and votes on the hub; a holder on Solana (wallet standard) and on
 * TON (TON Connect) deposits in those vaults, votes there and relays the tallies; the proposal is queued and executed
 * on the hub, then on every spoke, and the parameter visibly changes on all four chains. Screens are saved to
 * reports/app/; every screen is checked with axe-core at desktop and phone width; the page logs no console errors.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DOMAINS, ProposalState, domainName, type Domain } from "@calctra/core";
import { type Devnet, HARDHAT_MNEMONIC, startDevnet } from "@calctra/devnet/devnet";
import { LOCAL_EVM_GOVERNANCE } from "@calctra/devnet/evm-bridge";
import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";
import { mnemonicToAccount } from "viem/accounts";
import { bytesToHex } from "viem";
import {
  axeViolations,
  type CheckedPage,
  installTestWallets,
  launchBrowser,
  newCheckedPage,
  saveScreenshot,
  type TestWallets,
} from "./support/index.js";

/** The page's DOM, as the few functions this test runs in the page use it (this project compiles without the DOM lib). */
declare const document: {
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  readonly documentElement: { readonly scrollWidth: number };
};

const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const EXECUTION_DELAY = 3600n;

describe("the governance app in a real browser: one proposal from the hub to every chain", function () {
  this.timeout(600_000);
  let directory: string;
  let devnet: Devnet;
  let browser: Browser;
  let server: PreviewServer;
  let url: string;
  let checked: CheckedPage;
  let page: Page;
  let wallets: TestWallets;
  let proposalId: string;
  const spoke = (): Domain => devnet.world.spokeDomain;

  /** Clicks, then waits for the activity the click started to finish; fails with its error as the app shows it. */
  async function act(click: () => Promise<void>): Promise<string> {
    // the newest activity comes first; a new one has a new id
    const before = await page.evaluate(
      () => document.querySelector(".activity-list > .activity-item")?.getAttribute("data-activity") ?? "0",
    );
    await click();
    await page.waitForFunction(
      (b) => (document.querySelector(".activity-list > .activity-item")?.getAttribute("data-activity") ?? "0") !== b,
      before,
    );
    const item = page.locator(".activity-item").first();
    await page.waitForSelector('.activity-list > .activity-item:first-child:not([data-state="running"])', { timeout: 180_000 });
    const text = await item.innerText();
    if ((await item.getAttribute("data-state")) !== "done") throw new Error(`the app reported: ${text}`);
    return text;
  }
  const button = (name: string | RegExp, within = page.locator("body")) =>
    within.getByRole("button", { name, exact: typeof name === "string" });
  const proposal = () => page.locator(`article[data-proposal="${proposalId}"]`);
  /** Waits until `read` returns what `ok` accepts (the app polls the chains every 2 s). */
  async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last ${String(v)}`);
      await page.waitForTimeout(250);
    }
  }
  /**
   * Moves every chain's clock forward, and the voter's device clock with them (a wallet stamps its TON messages with
   * its own clock, which on a real network agrees with the chain's).
   */
  async function advance(seconds: bigint): Promise<void> {
    await devnet.world.advance(seconds);
    await page.clock.setSystemTime(devnet.world.ton!.now() * 1000);
  }
  const cell = (table: string, domain: Domain, column: number) =>
    page.locator(`${table} tr[data-domain="${domain}"] td`).nth(column).innerText();

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), "calctra-app-story-"));
    [devnet, browser] = await Promise.all([
      startDevnet({
        ports: { home: 0, spoke: 0, solana: 0, ton: 0 },
        directory,
        bridge: true,
        relayIntervalMs: 500,
        executionDelay: EXECUTION_DELAY,
      }),
      launchBrowser(),
      build({ configFile: join(appRoot, "vite.config.ts"), logLevel: "error" }),
    ]);
    process.env.CALCTRA_NETWORK = devnet.files.devnet;
    server = await preview({ configFile: join(appRoot, "vite.config.ts"), logLevel: "error", preview: { port: 0, strictPort: false } });
    url = server.resolvedUrls!.local[0]!;
    checked = await newCheckedPage(browser);
    page = checked.page;
    const alice = devnet.accounts[0]!;
    // The hub's largest holder (the deployer, Hardhat account 0) votes on the hub: its CAL reaches the quorum.
    const deployerKey = bytesToHex(mnemonicToAccount(HARDHAT_MNEMONIC).getHdKey().privateKey!);
    wallets = await installTestWallets(page, {
      evm: {
        privateKey: deployerKey,
        chains: [
          { chainId: devnet.world.home.deployment.chainId, rpcUrl: devnet.endpoints.home },
          { chainId: spoke(), rpcUrl: devnet.endpoints.spoke },
        ],
      },
      solana: { secretKey: alice.solana.secretKey, rpcUrl: devnet.endpoints.solana },
      ton: { mnemonic: alice.ton.mnemonic, endpoint: devnet.endpoints.ton, now: () => devnet.world.ton!.now() },
    });
    await page.goto(url);
  });

  after(async () => {
    await checked?.close();
    await browser?.close();
    await server?.close();
    await devnet?.close();
    delete process.env.CALCTRA_NETWORK;
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("loads the devnet's four chains and the parameters in force on each, with no wallet connected", async () => {
    await page.getByRole("heading", { name: "Parameters in force" }).waitFor();
    for (const d of [devnet.world.home.deployment.chainId, spoke(), DOMAINS.solana, DOMAINS.ton])
      expect(
        await until(
          () => cell("table.parameters", d, 0),
          (v) => v !== "",
          `challengePeriod on ${domainName(d)}`,
        ),
      ).to.equal("1 day");
    await saveScreenshot(page, "start");
  });

  it("connects an EVM wallet found through EIP-6963, a Solana wallet through the wallet standard and a TON wallet through TON Connect", async () => {
    await act(() => button("Connect EVM: Calctra Test Wallet").click());
    await page.locator('.wallet.connected[data-chain="evm"]').waitFor();
    await button("Connect Solana: Calctra Test Wallet").click();
    await page.locator('.wallet.connected[data-chain="solana"]').waitFor();
    await button("Connect TON").click(); // starts TON Connect, which lists the injected wallets
    await act(() => button("Connect TON: Calctra Test Wallet").click());
    await page.locator('.wallet.connected[data-chain="ton"]').waitFor();
    expect(await page.locator(".wallet.connected").count()).to.equal(3);
  });

  it("delegates on the hub, then deposits CAL in the Solana and TON vaults and shows the voting weight", async () => {
    await act(() => button("Delegate to myself").click());
    const power = 'section[aria-labelledby="power-title"] table';
    await until(
      () => cell(power, devnet.world.home.deployment.chainId, 1),
      (v) => !v.startsWith("0 CAL"),
      "delegated votes",
    );
    await advance(1n); // votes count from the next second on (the Governor's clock)
    for (const [domain, amount] of [
      [DOMAINS.solana, "300"],
      [DOMAINS.ton, "200"],
    ] as const) {
      await page.getByLabel(`CAL amount on ${domainName(domain)}`).fill(amount);
      await act(() => button("Deposit", page.locator(`${power} tr[data-domain="${domain}"]`)).click());
      expect(
        await until(
          () => cell(power, domain, 1),
          (v) => v.startsWith(amount),
          `the ${domainName(domain)} deposit`,
        ),
      ).to.equal(`${amount} CAL in the vault`);
    }
    await saveScreenshot(page, "voting-power");
  });

  it("refuses a deposit that is not an amount, by the canonical name with a sentence, and sends nothing", async () => {
    const signed = wallets.ton!.log.length;
    await page.getByLabel("CAL amount on TON").fill("lots");
    const error = await act(() => button("Deposit", page.locator(`tr[data-domain="${DOMAINS.ton}"]`)).click()).then(
      () => "",
      (e: Error) => e.message,
    );
    expect(error).to.match(/InvalidAmount: Enter a CAL amount/);
    expect(wallets.ton!.log.length).to.equal(signed);
  });

  it("proposes 'set challengePeriod to 2 hours on every chain' from the hub and shows it in words", async () => {
    await until(
      () => page.getByTestId("threshold").innerText(),
      (t) => !t.startsWith("Your votes on the hub: 0 CAL"),
      "votes above the threshold",
    );
    await page.getByLabel("Description").fill("Two-hour challenge window on every chain");
    await act(() => button("Propose").click());
    const card = page.locator("article.proposal").first();
    await card.waitFor();
    proposalId = (await card.getAttribute("data-proposal"))!;
    expect(await proposal().locator(".actions-list").innerText()).to.equal("set challengePeriod to 2 hours on every chain");
    expect(await proposal().getAttribute("data-state")).to.equal("Pending");
  });

  it("votes For on the hub, on Solana and on TON once voting opens, and shows the totals per chain", async () => {
    // the announcement reaches the spokes through the bridge; voting opens after the voting delay
    await advance(LOCAL_EVM_GOVERNANCE.votingDelay + 1n);
    await until(
      () => proposal().getAttribute("data-state"),
      (s) => s === "Active",
      "the proposal to be active",
    );
    const weights = { [DOMAINS.solana]: "300 CAL", [DOMAINS.ton]: "200 CAL" } as Record<number, string>;
    for (const domain of [devnet.world.home.deployment.chainId, DOMAINS.solana, DOMAINS.ton]) {
      await proposal().getByLabel("From").selectOption(String(domain));
      // the weight shown is what the chain counts: the vault deposit at the snapshot on a spoke
      const shown = await until(
        () => page.getByTestId(`weight-${proposalId}`).innerText(),
        (t) => t.startsWith("your weight: ") && (weights[domain] === undefined || t.endsWith(weights[domain]!)),
        `the weight on ${domainName(domain)}`,
      );
      if (weights[domain]) expect(shown).to.equal(`your weight: ${weights[domain]}`);
      await act(() => button("For", proposal()).click());
    }
    const votes = "table.votes";
    expect(
      await until(
        () => cell(votes, DOMAINS.solana, 0),
        (v) => v === "300",
        "the Solana tally",
      ),
    ).to.equal("300");
    expect(
      await until(
        () => cell(votes, DOMAINS.ton, 0),
        (v) => v === "200",
        "the TON tally",
      ),
    ).to.equal("200");
    await saveScreenshot(page, "proposal-voting");
  });

  it("relays the Solana and TON tallies to the hub, which counts them in its total", async () => {
    const hubFor = () => cell("table.votes", devnet.world.home.deployment.chainId, 0);
    const before = await hubFor();
    for (const domain of [DOMAINS.solana, DOMAINS.ton])
      await act(() => button("Relay tally", proposal().locator(`table.votes tr[data-domain="${domain}"]`)).click());
    for (const domain of [DOMAINS.solana, DOMAINS.ton])
      await until(
        () => cell("table.votes", domain, 3),
        (v) => v.startsWith("counted"),
        `the ${domainName(domain)} tally counted`,
      );
    expect(await hubFor()).to.not.equal(before);
  });

  it("shows a second vote from the same wallet refused by its canonical name with a sentence", async () => {
    await proposal().getByLabel("From").selectOption(String(DOMAINS.solana));
    const error = await act(() => button("Against", proposal()).click()).then(
      () => "",
      (e: Error) => e.message,
    );
    expect(error).to.match(/GovernorAlreadyCastVote: This wallet has already voted/);
  });

  it("queues the proposal on the hub once voting ended and executes it after the timelock", async () => {
    await advance(LOCAL_EVM_GOVERNANCE.votingPeriod + LOCAL_EVM_GOVERNANCE.lateQuorumExtension);
    await until(
      () => proposal().getAttribute("data-state"),
      (s) => s === "Succeeded",
      "the proposal to succeed",
    );
    await act(() => button("Queue", proposal()).click());
    await until(
      () => proposal().getAttribute("data-state"),
      (s) => s === "Queued",
      "the proposal to be queued",
    );
    await advance(LOCAL_EVM_GOVERNANCE.timelockDelay + 1n);
    await act(() => button("Execute", proposal().locator(".lifecycle")).click());
    await until(
      () => proposal().getAttribute("data-state"),
      (s) => s === "Executed",
      "the proposal to be executed",
    );
    expect(await cell("table.parameters", devnet.world.home.deployment.chainId, 0)).to.equal("2 hours");
    // each spoke's list arrives through the bridge and waits for its delay, with the time to go shown
    for (const domain of [spoke(), DOMAINS.solana, DOMAINS.ton]) {
      await until(
        () => proposal().locator(`table.executions tr[data-domain="${domain}"]`).getAttribute("data-execution"),
        (s) => s === "Pending",
        `the list on ${domainName(domain)}`,
      );
      expect(await cell("table.executions", domain, 1)).to.match(/to go$/);
    }
    await saveScreenshot(page, "proposal-executing");
  });

  it("executes the action lists on the EVM spoke, Solana and TON after their delay, and the parameter changes on every chain", async () => {
    await advance(EXECUTION_DELAY + 1n);
    for (const domain of [spoke(), DOMAINS.solana, DOMAINS.ton]) {
      await until(
        () => cell("table.executions", domain, 1),
        (v) => v === "ready to execute",
        `${domainName(domain)} ready`,
      );
      await act(() => button("Execute", proposal().locator(`table.executions tr[data-domain="${domain}"]`)).click());
      await until(
        () => proposal().locator(`table.executions tr[data-domain="${domain}"]`).getAttribute("data-execution"),
        (s) => s === "Executed",
        `executed on ${domainName(domain)}`,
      );
    }
    for (const domain of [devnet.world.home.deployment.chainId, spoke(), DOMAINS.solana, DOMAINS.ton])
      expect(
        await until(
          () => cell("table.parameters", domain, 0),
          (v) => v === "2 hours",
          `challengePeriod on ${domainName(domain)}`,
        ),
      ).to.equal("2 hours");
    // and on the chains themselves, read without the app
    const gov = devnet.world.governance();
    expect((await gov.status({ proposalId: BigInt(proposalId) })).hubState).to.equal(ProposalState.Executed);
    await saveScreenshot(page, "proposal-executed");
  });

  it("lets the EVM spoke's Guardian veto an action list during its delay, and names the refusal of a veto by a wallet that is not", async () => {
    await page.locator("#kind-0").selectOption("pause");
    await page.locator("#where-0").selectOption(String(spoke()));
    await button("Add an action").click();
    await page.locator("#kind-1").selectOption("pause");
    await page.locator("#where-1").selectOption(String(DOMAINS.solana));
    await page.getByLabel("Description").fill("Pause the marketplace on the EVM spoke and Solana");
    await act(() => button("Propose").click());
    const first = proposalId;
    proposalId = (await until(
      () => page.locator("article.proposal").first().getAttribute("data-proposal"),
      (id) => id !== first,
      "the second proposal",
    ))!;
    expect(await proposal().locator(".actions-list").innerText()).to.equal(`pause the marketplace on ${domainName(spoke())}, Solana`);
    await advance(LOCAL_EVM_GOVERNANCE.votingDelay + 1n);
    await until(
      () => proposal().getAttribute("data-state"),
      (s) => s === "Active",
      "the second proposal to be active",
    );
    await proposal().getByLabel("From").selectOption(String(devnet.world.home.deployment.chainId));
    await act(() => button("For", proposal()).click());
    await advance(LOCAL_EVM_GOVERNANCE.votingPeriod + LOCAL_EVM_GOVERNANCE.lateQuorumExtension);
    await until(
      () => proposal().getAttribute("data-state"),
      (s) => s === "Succeeded",
      "the second proposal to succeed",
    );
    await act(() => button("Queue", proposal()).click());
    await advance(LOCAL_EVM_GOVERNANCE.timelockDelay + 1n);
    await until(
      () => proposal().getAttribute("data-state"),
      (s) => s === "Queued",
      "the second proposal to be queued",
    );
    await act(() => button("Execute", proposal().locator(".lifecycle")).click());
    const row = (d: Domain) => proposal().locator(`table.executions tr[data-domain="${d}"]`);
    for (const d of [spoke(), DOMAINS.solana])
      await until(
        () => row(d).getAttribute("data-execution"),
        (s) => s === "Pending",
        `the list on ${domainName(d)}`,
      );
    // the Solana wallet is a holder, not Solana's Guardian
    const refused = await act(() => button("Veto", row(DOMAINS.solana)).click()).then(
      () => "",
      (e: Error) => e.message,
    );
    expect(refused).to.match(/GovernanceNotGuardian: Only this spoke's Guardian may veto an action list/);
    // the EVM wallet is the EVM spoke's Guardian (the devnet's deployer)
    await act(() => button("Veto", row(spoke())).click());
    expect(
      await until(
        () => row(spoke()).getAttribute("data-execution"),
        (s) => s === "Vetoed",
        "the veto",
      ),
    ).to.equal("Vetoed");
    await saveScreenshot(page, "proposal-vetoed");
  });

  it("has no serious accessibility violations on the screens it showed, at desktop and at phone width", async () => {
    expect(await axeViolations(page)).to.deep.equal([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await axeViolations(page)).to.deep.equal([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await saveScreenshot(page, "phone");
  });

  it("logged no console errors and made no request outside the machine", () => {
    checked.assertNoProblems();
  });
});
