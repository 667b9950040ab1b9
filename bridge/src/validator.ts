import { toHex, type Hex, type PrivateKeyAccount } from "viem";
import type { Logger } from "pino";
import { anyBridgeMessageId, bridgeDigest, type AnyBridgeMessage, type Domain, type UniversalAddress } from "@calctra/core";
import { JsonServer, MESSAGE_ID_RULE } from "./http.js";
import type { ObservedMessage, SourceChain, ValidatorSignature } from "@calctra/sdk/bridge";
import type { Preflight } from "./relayer.js";

/** Largest number of ids in one `GET /signatures?ids=` request. */
export const MAX_BATCH_IDS = 128;

/** Parameters of {@link Validator}. */
export interface ValidatorParameters {
  /** The chains to watch, each with the first block to scan. */
  readonly sources: readonly { source: SourceChain; startBlock: bigint }[];
  /** Destination bridges by domain (what goes into the digest). Messages to other domains are not signed. */
  readonly destinations: ReadonlyMap<Domain, UniversalAddress>;
  /** This validator's signing key. */
  readonly account: PrivateKeyAccount;
  readonly logger: Logger;
}

/** A signed message as the validator serves it. */
export interface SignedRecord extends ValidatorSignature {
  readonly messageId: Hex;
  readonly digest: Hex;
  readonly encoded: Hex;
}

/**
 * Watches source chains for confirmed outbound messages, re-derives each message from the event fields,
 * signs its digest for the destination bridge and serves the signatures over HTTP:
 * `GET /signatures/:messageId`, `GET /health`.
 */
export class Validator {
  readonly #p: ValidatorParameters;
  readonly #next = new Map<Domain, bigint>();
  readonly #signed = new Map<Hex, SignedRecord>();
  readonly #server = new JsonServer();
  #timer: NodeJS.Timeout | null = null;
  #lastError: string | null = null;
  #polling: Promise<void> | null = null;
  /** While the start-up checks run: what they wait for. */
  #starting: string | null = null;
  #stopped = false;

  constructor(parameters: ValidatorParameters) {
    this.#p = parameters;
    for (const { source, startBlock } of parameters.sources) this.#next.set(source.domain, startBlock);
    this.#server
      .get("/health", () => [200, this.health()])
      // Batch form for relayers: GET /signatures?ids=0x..,0x.. (at most MAX_BATCH_IDS ids); unknown ids are left out.
      .get("/signatures", (_, query) => {
        const ids = (query.get("ids") ?? "").split(",").filter((x) => x.length > 0);
        if (ids.length === 0 || ids.length > MAX_BATCH_IDS) return [400, { error: `give 1..${MAX_BATCH_IDS} ids` }];
        if (!ids.every((id) => MESSAGE_ID_RULE.pattern.test(id))) return [400, { error: `every id ${MESSAGE_ID_RULE.reason}` }];
        return [200, { signatures: ids.map((id) => this.#signed.get(id.toLowerCase() as Hex)).filter((r) => r !== undefined) }];
      })
      .get(
        "/signatures/:messageId",
        ({ messageId }) => {
          const rec = this.#signed.get(messageId!.toLowerCase() as Hex);
          return rec ? [200, rec] : [404, { error: "unknown or unconfirmed message", messageId }];
        },
        { messageId: MESSAGE_ID_RULE },
      );
  }

  /** The validator's address. */
  get address() {
    return this.#p.account.address;
  }

  /** Health document: signer, scan positions, signed count, last error (and, while starting, what it waits for). */
  health() {
    return {
      ok: this.#lastError === null && this.#starting === null,
      ...(this.#starting !== null ? { starting: this.#starting } : {}),
      signer: this.address,
      signed: this.#signed.size,
      nextBlock: Object.fromEntries([...this.#next].map(([d, b]) => [d, b.toString()])),
      lastError: this.#lastError,
    };
  }

  /** The signature of `messageId`, if this validator signed it. */
  signature(messageId: Hex): SignedRecord | undefined {
    return this.#signed.get(messageId.toLowerCase() as Hex);
  }

  /** Scans every source once and signs what is newly confirmed. */
  async pollOnce(): Promise<void> {
    this.#polling ??= this.#poll().finally(() => {
      this.#polling = null;
    });
    return this.#polling;
  }

  async #poll(): Promise<void> {
    for (const { source } of this.#p.sources) {
      try {
        const from = this.#next.get(source.domain)!;
        const scan = await source.scan(from);
        if (!scan) continue;
        for (const id of scan.rejected)
          this.#p.logger.error({ messageId: id, domain: source.domain }, "event does not re-derive to its messageId: not signed");
        for (const m of scan.messages) await this.#sign(m);
        this.#next.set(source.domain, scan.toBlock + 1n);
        this.#lastError = null;
      } catch (e) {
        this.#lastError = e instanceof Error ? e.message : String(e);
        this.#p.logger.warn({ domain: source.domain, err: this.#lastError }, "source scan failed; will retry");
      }
    }
  }

  async #sign(m: ObservedMessage<AnyBridgeMessage>): Promise<void> {
    if (this.#signed.has(m.messageId)) return;
    const dstBridge = this.#p.destinations.get(m.message.dstDomain);
    if (!dstBridge) {
      this.#p.logger.warn({ messageId: m.messageId, dstDomain: m.message.dstDomain }, "unknown destination: not signed");
      return;
    }
    // Independent re-derivation: the id is recomputed from the decoded fields before signing.
    const id = anyBridgeMessageId(m.message);
    const messageId = toHex(id);
    if (messageId !== m.messageId) throw new Error(`message ${m.messageId} does not re-derive`);
    const digest = toHex(bridgeDigest({ dstDomain: m.message.dstDomain, dstBridge, messageId: id }));
    const signature = await this.#p.account.sign({ hash: digest });
    this.#signed.set(messageId, { messageId, digest, encoded: m.encoded, signer: this.address, signature });
    this.#p.logger.info(
      { messageId, nonce: m.message.nonce.toString(), src: m.message.srcDomain, dst: m.message.dstDomain, block: m.blockNumber.toString() },
      "signed",
    );
  }

  /**
   * Serves HTTP on `port` (0 = any; logs "listening"), runs `preflight` (the start-up checks; `/health` answers
   * `ok: false` meanwhile, with what they wait for), then polls every `intervalMs`. If `preflight` throws, the server
   * is closed and the error rethrown. Resolves the bound port.
   */
  async start(parameters: { intervalMs: number; port: number; host?: string; preflight?: Preflight }): Promise<number> {
    const port = await this.#server.listen(parameters.port, parameters.host);
    this.#p.logger.info({ port }, "listening");
    if (parameters.preflight) {
      this.#starting = "checking the configured chains";
      try {
        await parameters.preflight((reason) => {
          this.#starting = reason ?? "checking the configured chains";
        });
      } catch (e) {
        await this.#server.close();
        throw e;
      }
      this.#starting = null;
    }
    if (this.#stopped) return port;
    const tick = () => {
      void this.pollOnce().finally(() => {
        if (this.#timer) this.#timer = setTimeout(tick, parameters.intervalMs);
      });
    };
    this.#timer = setTimeout(tick, 0);
    this.#p.logger.info({ port, signer: this.address }, "validator started");
    return port;
  }

  /** Serves HTTP only (tests drive `pollOnce` themselves). */
  async serve(port = 0, host?: string): Promise<number> {
    return this.#server.listen(port, host);
  }

  /** Stops polling and the HTTP server. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#polling;
    await this.#server.close();
  }
}
