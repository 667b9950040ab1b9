// Canonical byte snake (contracts/common/byte-snake.tolk): whole bytes, 127 per cell, the next cell in the only
// reference; every cell that has a next one is full. Used for action lists and version-2 bridge messages.
import { beginCell, type Cell } from "@ton/core";

export const SNAKE_CELL_BYTES = 127;

/** The canonical snake of `bytes` (an empty string is one empty cell). */
export function byteSnake(bytes: Uint8Array): Cell {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += SNAKE_CELL_BYTES) chunks.push(bytes.subarray(i, i + SNAKE_CELL_BYTES));
  let next: Cell | null = null;
  for (let i = chunks.length - 1; i >= 0; i--) {
    const b = beginCell().storeBuffer(Buffer.from(chunks[i]!));
    if (next) b.storeRef(next);
    next = b.endCell();
  }
  return next ?? beginCell().endCell();
}

/** The bytes of a snake (any split into whole bytes). */
export function snakeBytes(cell: Cell): Uint8Array {
  const parts: Buffer[] = [];
  let c: Cell | null = cell;
  while (c) {
    const s = c.beginParse();
    parts.push(s.loadBuffer(s.remainingBits / 8));
    c = s.remainingRefs > 0 ? s.loadRef() : null;
  }
  return Uint8Array.from(Buffer.concat(parts));
}
