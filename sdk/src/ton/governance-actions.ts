/**
 * Governance action lists and version-2 bridge messages in their TON cell form: the bytes of core's encoding
 * (`encodeGovernanceActions` / `encodeGovernanceMessage` of @calctra/core) in a canonical byte snake
 * (contracts-ton/contracts/common/byte-snake.tolk): whole bytes, 127 per cell, the next cell in the only reference,
 * every cell that has a next one full. The split is unique, so the bytes (and their keccak256) are the same on every
 * chain; the TON executor decodes the list from it (contracts-ton/contracts/governance/actions.tolk).
 */
import { beginCell, type Cell } from "@ton/core";
import { CalctraError, decodeGovernanceActions, encodeGovernanceActions, type GovernanceAction } from "@calctra/core";

/** Bytes per snake cell (1016 data bits). */
export const TON_SNAKE_CELL_BYTES = 127;
/** Longest byte string a snake carries here (a version-2 bridge message). */
export const TON_SNAKE_MAX_BYTES = 1024;

/**
 * The canonical byte snake of `bytes` (an empty string is one empty cell).
 *
 * @example
 * ```ts
 * const cell = tonByteSnake(encodeGovernanceMessage(message)); // what the TON bridge receives
 * ```
 */
export function tonByteSnake(bytes: Uint8Array): Cell {
  if (bytes.length > TON_SNAKE_MAX_BYTES)
    throw new CalctraError("GovernanceInvalidAction", { field: "length", value: bytes.length.toString() });
  let next: Cell | null = null;
  const last = Math.max(0, Math.ceil(bytes.length / TON_SNAKE_CELL_BYTES) - 1);
  for (let i = last; i >= 0; i--) {
    const b = beginCell().storeBuffer(Buffer.from(bytes.subarray(i * TON_SNAKE_CELL_BYTES, (i + 1) * TON_SNAKE_CELL_BYTES)));
    if (next) b.storeRef(next);
    next = b.endCell();
  }
  return next ?? beginCell().endCell();
}

/**
 * The bytes of a byte snake; throws on a cell that is not a canonical snake (partial bytes, more than one
 * reference, a short cell followed by another, an empty trailing cell).
 *
 * @example
 * ```ts
 * const bytes = tonSnakeBytes(cell);
 * ```
 */
export function tonSnakeBytes(cell: Cell): Uint8Array {
  const parts: Buffer[] = [];
  let c: Cell | null = cell;
  while (c) {
    const s = c.beginParse();
    const last: boolean = s.remainingRefs === 0;
    if (
      s.remainingBits % 8 !== 0 ||
      s.remainingRefs > 1 ||
      (!last && s.remainingBits !== TON_SNAKE_CELL_BYTES * 8) ||
      (parts.length > 0 && s.remainingBits === 0)
    )
      throw new RangeError("not a canonical byte snake");
    parts.push(s.loadBuffer(s.remainingBits / 8));
    c = last ? null : s.loadRef();
  }
  return Uint8Array.from(Buffer.concat(parts));
}

/**
 * The TON cell of a chain-neutral action list: `tonByteSnake(encodeGovernanceActions(actions))`.
 *
 * @example
 * ```ts
 * const list = tonGovernanceActionsCell([setParameter("challengePeriod", 7200n), { kind: "pause", target: "bridge" }]);
 * ```
 */
export function tonGovernanceActionsCell(actions: readonly GovernanceAction[]): Cell {
  return tonByteSnake(encodeGovernanceActions(actions));
}

/**
 * The actions of a TON action-list cell (core's decoder over the snake's bytes).
 *
 * @example
 * ```ts
 * const actions = tonGovernanceActionsOf(list);
 * ```
 */
export function tonGovernanceActionsOf(cell: Cell): GovernanceAction[] {
  return decodeGovernanceActions(tonSnakeBytes(cell));
}
