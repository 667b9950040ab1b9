import type { CompilerConfig } from "@ton/blueprint";

export const compile: CompilerConfig = {
  lang: "tolk",
  entrypoint: "contracts/jetton/wallet.tolk",
  withStackComments: true,
};
