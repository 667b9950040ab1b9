/**
 * `@calctra/sdk/delivery`: where specs, inputs and sealed results live (content stores addressed by CIDv1 raw
 * sha2-256), and how a user receives a result (DESIGN §5.3): `waitForResult` follows the task on its chain, fetches the
 * ciphertext the provider recorded with `publishResult`, opens it with the user's key and checks it against the chain's
 * commitment. Browser-safe (fetch only); the on-disk store is in `@calctra/sdk/node`.
 */
import { CalctraError, ReplicaState, TaskStatus, type MarketplaceClient } from "@calctra/core";
import {
  cidFromDigest,
  cidOf,
  matchesCid,
  openResult,
  parseCid,
  parseResultPayload,
  resultHashOf,
  prepareTaskSpec,
  encodeTensor,
  type CID,
  type ResultPayload,
  type TaskSpec,
} from "@calctra/core/delivery";
import { outputCommitment, type ProofCurve } from "@calctra/core/zk";
import type { CreateTaskParameters } from "@calctra/core";

/** A content-addressed store: bytes in, their CID out, and back — every answer checked against the CID. */
export interface ContentStore {
  /** Stores `bytes`; resolves their CIDv1 (raw, sha2-256). */
  put(bytes: Uint8Array): Promise<CID>;
  /** The bytes of `cid`; `DeliveryContentNotFound` when the store has none, `DeliveryContentMismatch` when they do not hash to it. */
  get(cid: CID | string): Promise<Uint8Array>;
}

/** Parameters of {@link IpfsHttpStore}. */
export interface IpfsHttpStoreParameters {
  /** An IPFS node's RPC API (Kubo), e.g. `http://127.0.0.1:5001`: stores with `block/put`, reads with `block/get`. */
  readonly api?: string;
  /** A gateway, e.g. `https://ipfs.io`: reads `/ipfs/<cid>?format=raw` (a trustless raw block) when no API is given. */
  readonly gateway?: string;
  /** Extra headers (an API token). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A fetch implementation (default: the global one). */
  readonly fetch?: typeof fetch;
}

/**
 * Any IPFS node or gateway over HTTP, through the subset Calctra uses: Kubo's `POST /api/v0/block/put?cid-codec=raw&
 * mhtype=sha2-256` and `POST /api/v0/block/get?arg=<cid>`, or a gateway's `GET /ipfs/<cid>?format=raw`. Raw blocks, so
 * the CID is the sha2-256 of the bytes themselves and every answer is verified here.
 *
 * @example
 * ```ts
 * const store = new IpfsHttpStore({ api: "http://127.0.0.1:5001" });
 * const cid = await store.put(encodeTaskSpec(spec));
 * ```
 */
export class IpfsHttpStore implements ContentStore {
  readonly #p: IpfsHttpStoreParameters;
  constructor(parameters: IpfsHttpStoreParameters) {
    if (!parameters.api && !parameters.gateway) throw new RangeError("IpfsHttpStore needs an api or a gateway URL");
    this.#p = parameters;
  }

  async put(bytes: Uint8Array): Promise<CID> {
    const api = this.#p.api;
    if (!api) throw new RangeError("storing needs the api URL (a gateway is read-only)");
    const form = new FormData();
    form.append("file", new Blob([bytes]), "data");
    const res = await this.#fetch(`${trim(api)}/api/v0/block/put?cid-codec=raw&mhtype=sha2-256&pin=true`, { method: "POST", body: form });
    if (!res.ok) throw new CalctraError("DeliveryStoreUnreachable", { status: res.status, reason: await text(res) });
    const key = ((await res.json()) as { Key?: unknown }).Key;
    const expected = cidOf(bytes);
    if (typeof key !== "string" || !parseCid(key).equals(expected))
      throw new CalctraError("DeliveryContentMismatch", { expected: expected.toString() });
    return expected;
  }

  async get(cid: CID | string): Promise<Uint8Array> {
    const id = typeof cid === "string" ? parseCid(cid) : cid;
    const res = this.#p.api
      ? await this.#fetch(`${trim(this.#p.api)}/api/v0/block/get?arg=${id.toString()}`, { method: "POST" })
      : await this.#fetch(`${trim(this.#p.gateway as string)}/ipfs/${id.toString()}?format=raw`, {
          headers: { accept: "application/vnd.ipld.raw" },
        });
    if (res.status === 404 || (res.status === 500 && /not found/i.test(await res.clone().text())))
      throw new CalctraError("DeliveryContentNotFound", { cid: id.toString() });
    if (!res.ok) throw new CalctraError("DeliveryStoreUnreachable", { status: res.status, reason: await text(res) });
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (!matchesCid(id, bytes)) throw new CalctraError("DeliveryContentMismatch", { cid: id.toString() });
    return bytes;
  }

  async #fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await (this.#p.fetch ?? fetch)(url, { ...init, headers: { ...this.#p.headers, ...(init.headers as Record<string, string>) } });
    } catch (e) {
      throw new CalctraError("DeliveryStoreUnreachable", { url: new URL(url).origin, reason: e instanceof Error ? e.message : String(e) });
    }
  }
}

const trim = (u: string) => u.replace(/\/+$/, "");
async function text(res: Response): Promise<string> {
  return (await res.text().catch(() => "")).slice(0, 200);
}

/** Parameters of {@link waitForResult}. */
export interface WaitForResultParameters {
  /** The marketplace the task lives on (any chain's client). */
  readonly market: MarketplaceClient;
  readonly taskId: bigint;
  /** Where providers publish sealed results. */
  readonly store: ContentStore;
  /** The user's X25519 secret key (the pair of the spec's `resultKey`). */
  readonly secretKey: `0x${string}`;
  /**
   * The chain's proof curve (`bn254` on EVM and Solana, `bls12381` on TON): a classic task's `resultCommitment` is
   * core/zk's `outputCommitment` of the delivered output and salt on it. Replicated tasks need no curve.
   */
  readonly curve?: ProofCurve;
  /** Recomputes `resultCommitment` from the payload another way (overrides the rule above). */
  readonly commitmentOf?: (payload: ResultPayload) => Promise<bigint> | bigint;
  /** How often to poll the chain (default 1 s) and when to give up (default 10 minutes). */
  readonly pollMs?: number;
  readonly timeoutMs?: number;
  /** Called with each status seen, for progress. */
  readonly onProgress?: (status: string) => void;
}

/**
 * Waits until the task is completed, fetches the sealed result its (winning) provider recorded, opens it with the
 * user's key and checks it against the chain: a replicated task by `resultHashOf(output)`, a classic (proved or
 * optimistic) task by recomputing `resultCommitment` from the output and the revealed salt on the chain's `curve`. Typed errors: `DeliveryTimeout`, `DeliveryContentNotFound`,
 * `DeliveryWrongKey`, `DeliveryTampered`, `DeliveryCommitmentMismatch`.
 *
 * @example
 * ```ts
 * const { output } = await waitForResult({ market, taskId, store, secretKey: keys.secretKey });
 * ```
 */
export async function waitForResult(p: WaitForResultParameters): Promise<ResultPayload> {
  const deadline = Date.now() + (p.timeoutMs ?? 600_000);
  for (;;) {
    const task = await p.market.getTask({ taskId: p.taskId });
    p.onProgress?.(String(task.status));
    if (task.status === TaskStatus.Completed) {
      const offer = await p.market.getOffer({ taskId: p.taskId });
      const providers =
        offer.replicas === 0
          ? task.provider
            ? [task.provider]
            : []
          : (await p.market.getReplicas({ taskId: p.taskId }))
              .filter((r) => r.state === ReplicaState.Revealed && BigInt(r.resultHash) === task.resultCommitment)
              .map((r) => r.provider);
      let last: unknown = new CalctraError("DeliveryContentNotFound", { taskId: p.taskId, reason: "no provider recorded a result" });
      for (const provider of providers) {
        const digest = await p.market.getResultCid({ taskId: p.taskId, provider });
        if (BigInt(digest) === 0n) continue;
        try {
          const payload = parseResultPayload(openResult({ envelope: await p.store.get(cidFromDigest(digest)), secretKey: p.secretKey }));
          if (payload.taskId !== p.taskId)
            throw new CalctraError("DeliveryCommitmentMismatch", { taskId: p.taskId, payloadTaskId: payload.taskId });
          const expected = p.commitmentOf
            ? BigInt(await p.commitmentOf(payload))
            : offer.replicas > 0
              ? BigInt(resultHashOf(payload.output))
              : await classicCommitment(p.taskId, payload, p.curve);
          if (expected !== task.resultCommitment) throw new CalctraError("DeliveryCommitmentMismatch", { taskId: p.taskId });
          return payload;
        } catch (e) {
          last = e;
        }
      }
      throw last;
    }
    if (task.status === TaskStatus.Cancelled || task.status === TaskStatus.Refunded)
      throw new CalctraError("DeliveryContentNotFound", {
        taskId: p.taskId,
        reason: `task ended ${task.status === TaskStatus.Cancelled ? "Cancelled" : "Refunded"}`,
      });
    if (Date.now() >= deadline) throw new CalctraError("DeliveryTimeout", { taskId: p.taskId, status: task.status });
    await new Promise((r) => setTimeout(r, p.pollMs ?? 1000));
  }
}

async function classicCommitment(taskId: bigint, payload: ResultPayload, curve: ProofCurve | undefined): Promise<bigint> {
  if (curve === undefined)
    throw new CalctraError("DeliveryCommitmentMismatch", {
      taskId,
      reason: "a classic task is checked on its chain's curve: pass `curve`",
    });
  if (payload.salt === undefined) throw new CalctraError("DeliveryCommitmentMismatch", { taskId, reason: "the payload carries no salt" });
  return outputCommitment({ curve, resultHash: resultHashOf(payload.output), salt: payload.salt });
}

/** Parameters of {@link postDenseTask}. */
export interface PostDenseTaskParameters extends Omit<CreateTaskParameters, "specHash" | "verifierId" | "minReputationBps"> {
  /** The user's marketplace client on the chain to post on. */
  readonly market: MarketplaceClient;
  /** Where the inputs and the spec are stored (providers fetch them from there). */
  readonly store: ContentStore;
  /** The layer: W (m×n), b (m), x (n), integers. */
  readonly W: readonly (readonly bigint[])[];
  readonly b: readonly bigint[];
  readonly x: readonly bigint[];
  /** The user's X25519 public key (`generateResultKeyPair().publicKey`): the result is sealed to it. */
  readonly resultKey: `0x${string}`;
  /** 0: optimistic; otherwise the verifier the provider proves with (default 0). */
  readonly verifierId?: number;
  readonly minReputationBps?: number;
  readonly requirements?: TaskSpec["requirements"];
}

/** Return type of {@link postDenseTask}. */
export interface PostDenseTaskReturnType {
  readonly taskId: bigint;
  readonly specCid: CID;
  readonly specHash: bigint;
  readonly spec: TaskSpec;
}

/**
 * Posts a dense-inference task the way an agent finds it: stores W, b and x, stores the spec (its `nonce` chosen so
 * the CID's digest is the task's `specHash`, DESIGN §5.3), and creates the task.
 *
 * @example
 * ```ts
 * const keys = generateResultKeyPair();
 * const { taskId } = await postDenseTask({ market, store, W, b, x, resultKey: keys.publicKey, verifierId: 1,
 *   reward: 20n * CAL, collateral: 10n * CAL, deadline: now + 3600n });
 * const { output } = await waitForResult({ market, taskId, store, secretKey: keys.secretKey, curve: "bn254" });
 * ```
 */
export async function postDenseTask(p: PostDenseTaskParameters): Promise<PostDenseTaskReturnType> {
  const inputs = {
    W: (await p.store.put(encodeTensor(p.W))).toString(),
    b: (await p.store.put(encodeTensor(p.b))).toString(),
    x: (await p.store.put(encodeTensor(p.x))).toString(),
  };
  const verifierId = p.verifierId ?? 0;
  const prepared = prepareTaskSpec({
    version: 1,
    job: { type: "dense-inference", inputs },
    verifierId,
    resultKey: p.resultKey,
    requirements: p.requirements ?? {},
  });
  const specCid = await p.store.put(prepared.bytes);
  const { taskId } = await p.market.createTask({
    specHash: prepared.specHash,
    reward: p.reward,
    collateral: p.collateral,
    deadline: p.deadline,
    verifierId,
    minReputationBps: p.minReputationBps ?? 0,
    ...(p.modelCreator === undefined ? {} : { modelCreator: p.modelCreator }),
    ...(p.offer === undefined ? {} : { offer: p.offer }),
  });
  return { taskId, specCid, specHash: prepared.specHash, spec: prepared.spec };
}
