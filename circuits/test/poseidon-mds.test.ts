import { expect } from "chai";
import { bls12_381 } from "@noble/curves/bls12-381";
import { grainGenConstants } from "@noble/curves/abstract/poseidon";
import { BLS_POSEIDON_MDS_SKIP, poseidonBls12381Constants } from "@calctra/core/zk";
import { BLS_POSEIDON_ARITIES } from "../scripts/gen-bls-poseidon.js";
import { irreducible, mdsPowersIrreducible, modPow, mod, R } from "../scripts/mds-check.js";

describe("BLS12-381 Poseidon MDS matrices", () => {
  it("recognises reducible and irreducible polynomials (self-test of the checker)", () => {
    expect(irreducible([2n, mod(-3n), 1n])).to.equal(false); // (x - 1)(x - 2)
    const nonResidue = [5n, 7n, 11n, 13n].find((n) => modPow(n, (R - 1n) / 2n) === R - 1n);
    expect(nonResidue).to.not.equal(undefined);
    expect(irreducible([mod(-nonResidue!), 0n, 1n])).to.equal(true); // x^2 - non-residue
    expect(irreducible([mod(-4n), 0n, 1n])).to.equal(false); // (x - 2)(x + 2)
  });

  for (const n of BLS_POSEIDON_ARITIES) {
    const t = n + 1;
    it(`t = ${t}: uses the first Grain-LFSR Cauchy matrix whose powers M^1..M^${2 * t} have irreducible characteristic polynomials`, () => {
      const skip = BLS_POSEIDON_MDS_SKIP[t]!;
      const { mds, roundsPartial } = poseidonBls12381Constants({ t });
      expect(mdsPowersIrreducible(mds)).to.equal(true);
      for (let k = 0; k < skip; k++) {
        const earlier = grainGenConstants({ Fp: bls12_381.fields.Fr, t, roundsFull: 8, roundsPartial }, k).mds;
        expect(mdsPowersIrreducible(earlier), `candidate ${k}`).to.equal(false);
      }
    });
  }
});
