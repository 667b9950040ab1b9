/**
 * Errors as a voter reads them: the canonical name every chain and the SDK use (`CalctraError.name`), and one sentence
 * saying what happened and what to do.
 */
import { CalctraError, ERROR_NAMES, isCalctraErrorName } from "@calctra/core";

const SENTENCES: Record<string, string> = {
  GovernorNonexistentProposal: "There is no such proposal on this chain (a spoke knows it only once the hub announced it).",
  GovernorUnexpectedProposalState:
    "The proposal is not in the state this step needs: wait for voting to open, end or the timelock to pass.",
  GovernorAlreadyCastVote: "This wallet has already voted on this proposal on this chain.",
  GovernorInsufficientProposerVotes: "Your delegated votes are below the proposal threshold: delegate more CAL to yourself first.",
  GovernorOnlyExecutor: "Only the timelock may make this call.",
  GovernorInvalidVoteType: "The vote must be For, Against or Abstain.",
  GovernanceTokensLocked: "This CAL backs a vote still open; withdraw it after the vote ends.",
  GovernanceInvalidAction: "The proposal's action is not one of the governance action set, or its value is malformed.",
  GovernanceUnknownParameter: "That parameter does not exist on the chain the action targets.",
  GovernanceNoVotingPower: "This wallet had no CAL deposited in the vault at the proposal's snapshot.",
  GovernanceNotGuardian: "Only this spoke's Guardian may veto an action list.",
  GovernanceExecutionDelayActive: "The spoke holds the action list for its execution delay; try again once the time to go reaches zero.",
  GovernanceActionsNotPending: "This action list is not pending: it has run, was vetoed, or has not arrived through the bridge yet.",
  GovernanceOutOfOrder: "The action list before this one must run (or be vetoed) first.",
  GovernanceVotingClosed: "Voting on this proposal is not open on this spoke (before its snapshot or after its end).",
  GovernanceTallyUnchanged: "The hub already counted this spoke's tally; there are no new votes to send.",
  GovernanceParameterOutOfBounds: "The value is outside the parameter's bounds in the parameter table.",
  GovernanceNotHub: "Only the hub's messages, through the bridge, may do this.",
  GovernanceUnknownSpoke: "The hub does not know this spoke.",
  GovernanceTallyDecreased: "A spoke's tally can only grow; the hub refused an older one.",
  GovernanceAlreadyAnnounced: "The proposal has already been announced to this spoke.",
  TimelockUnexpectedOperationState: "The timelock is not ready for this step: the proposal must be queued and its delay over.",
  ERC20InsufficientBalance: "This wallet holds less CAL than the amount.",
  ERC20InsufficientAllowance: "The vault may not move that much of your CAL yet: approve it first.",
  UserRejectedRequest: "You declined the request in your wallet; nothing was sent.",
  WalletNotConnected: "Connect a wallet on this chain first.",
  NetworkFileMissing: "The app found no network: start the devnet (npm run devnet) or load a network file.",
  InvalidAmount: "Enter a CAL amount, e.g. 100 or 12.5.",
};

const GROUP_SENTENCES: Record<string, string> = {
  governance: "The governance contract refused the call.",
  bridge: "The bridge refused the message.",
  token: "The CAL token refused the transfer.",
  input: "The input is not valid; check the highlighted field.",
  marketplace: "The marketplace refused the call.",
  staking: "The staking contract refused the call.",
};

/** An error as the app shows it. */
export interface ShownError {
  readonly name: string;
  readonly sentence: string;
  readonly detail?: string;
}

const groupOf = (name: string) => Object.entries(ERROR_NAMES).find(([, names]) => (names as readonly string[]).includes(name))?.[0];

/** The canonical name and a sentence for anything a step threw. */
export function explainError(e: unknown): ShownError {
  const err = e as { name?: string; message?: string; code?: number; shortMessage?: string; cause?: unknown };
  if (e instanceof CalctraError || (err?.name && isCalctraErrorName(err.name))) {
    const name = err.name!;
    const args =
      e instanceof CalctraError
        ? Object.entries(e.args)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(", ")
        : "";
    return {
      name,
      sentence: SENTENCES[name] ?? GROUP_SENTENCES[groupOf(name) ?? ""] ?? "The chain refused the call.",
      ...(args ? { detail: args } : {}),
    };
  }
  const text = `${err?.shortMessage ?? ""} ${err?.message ?? String(e)}`;
  if (err?.code === 4001 || /reject|declined|denied/i.test(text))
    return { name: "UserRejectedRequest", sentence: SENTENCES.UserRejectedRequest! };
  const named = /\b([A-Z][A-Za-z0-9]+)\(/.exec(text)?.[1];
  if (named && isCalctraErrorName(named)) return explainError(new CalctraError(named));
  const m = /^([A-Za-z]+):/.exec(err?.message ?? "");
  if (m && SENTENCES[m[1]!]) return { name: m[1]!, sentence: SENTENCES[m[1]!]! };
  return {
    name: err?.name && err.name !== "Error" ? err.name : "Error",
    sentence: (err?.shortMessage ?? err?.message ?? String(e)).split("\n")[0]!,
  };
}
