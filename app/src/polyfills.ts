/** Node's Buffer for the chain libraries (@ton/core, @solana/web3.js, Anchor); imported before anything else. */
import { Buffer } from "buffer";

(globalThis as { Buffer?: typeof Buffer }).Buffer ??= Buffer;
