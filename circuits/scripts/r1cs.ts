import { readFileSync } from "node:fs";

/** Number of constraints recorded in the header section of a circom .r1cs file. */
export function r1csConstraints(file: string): number {
  const b = readFileSync(file);
  if (b.toString("latin1", 0, 4) !== "r1cs") throw new Error(`${file} is not an r1cs file`);
  const nSections = b.readUInt32LE(8);
  let off = 12;
  for (let i = 0; i < nSections; i++) {
    const type = b.readUInt32LE(off);
    const size = Number(b.readBigUInt64LE(off + 4));
    if (type === 1) {
      // header: n8 u32 | prime n8 bytes | nWires u32 | nPubOut u32 | nPubIn u32 | nPrvIn u32 | nLabels u64 | nConstraints u32
      const n8 = b.readUInt32LE(off + 12);
      return b.readUInt32LE(off + 16 + n8 + 24);
    }
    off += 12 + size;
  }
  throw new Error(`${file} has no header section`);
}
