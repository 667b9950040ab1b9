/** The test wallets' icon: a small SVG as a data URI (what EIP-6963, wallet-standard and TON Connect all accept). */
const svg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="20" fill="#1d4ed8"/>' +
  '<path d="M64 30a24 24 0 1 0 0 36" fill="none" stroke="#fff" stroke-width="10" stroke-linecap="round"/>' +
  '<circle cx="68" cy="48" r="6" fill="#facc15"/></svg>';

/** `data:image/svg+xml;base64,…` */
export const TEST_WALLET_ICON: `data:image/svg+xml;base64,${string}` = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
