import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CalctraError } from "@calctra/core";
import { cidOf, matchesCid, parseCid, type CID } from "@calctra/core/delivery";

import type { ContentStore } from "../delivery/index.js";

/**
 * The embedded default content store: one file per CID in a folder, written atomically, checked on every read.
 *
 * @example
 * ```ts
 * const store = new LocalContentStore({ directory: ".calctra/store" });
 * const cid = await store.put(bytes);
 * ```
 */
export class LocalContentStore implements ContentStore {
  readonly #dir: string;
  constructor({ directory }: { readonly directory: string }) {
    this.#dir = directory;
  }

  async put(bytes: Uint8Array): Promise<CID> {
    const cid = cidOf(bytes);
    await mkdir(this.#dir, { recursive: true });
    const path = join(this.#dir, cid.toString());
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, path);
    return cid;
  }

  async get(cid: CID | string): Promise<Uint8Array> {
    const id = typeof cid === "string" ? parseCid(cid) : cid;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(join(this.#dir, id.toString())));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new CalctraError("DeliveryContentNotFound", { cid: id.toString() });
      throw new CalctraError("DeliveryStoreUnreachable", { reason: (e as Error).message });
    }
    if (!matchesCid(id, bytes)) throw new CalctraError("DeliveryContentMismatch", { cid: id.toString() });
    return bytes;
  }
}
