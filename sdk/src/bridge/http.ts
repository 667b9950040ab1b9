/** The one HTTP read the bridge clients make: validators' signature documents (fetch; browser-safe). */
/** GET a JSON document with a timeout; null on 404. Throws on network errors, timeouts and other statuses. */
export async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}
