pragma circom 2.1.0;
// Field-agnostic helpers shared by the BN254 and BLS12-381 builds.
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

// Binds a public input into the constraint system with a non-linear constraint. circom --O2 only
// substitutes linear constraints, so this survives (measured: +1 constraint per Bind). Groth16
// already ties every public input to the proof through snarkjs' per-input padding constraints
// (`x_i * 0 = 0`, an independent IC point each); the square makes the dependence explicit in the
// circuit itself, so a proof cannot be replayed for another task or provider.
template Bind() {
    signal input in;
    signal sq;
    sq <== in * in;
}

// out = in mod 2^248, where in is read as its canonical integer in [0, p).
// Decomposes in = hi * 2^248 + lo with lo < 2^248, hi < 2^K, and rejects the non-canonical
// decomposition (hi * 2^248 + lo >= p) so that out is unique.
template Low248() {
    signal input in;
    signal output out;
    var P_MINUS_1 = -1;
    var P_HI = (P_MINUS_1 >> 248);          // floor((p - 1) / 2^248)
    var P_LO = (P_MINUS_1 & ((1 << 248) - 1)) + 1; // (p - 1) mod 2^248, + 1 = p mod 2^248 (p - 1 ends in 0 bits)
    var K = 0;
    while ((1 << K) <= P_HI) { K++; }
    signal lo;
    signal hi;
    lo <-- in & ((1 << 248) - 1);
    hi <-- in >> 248;
    component loBits = Num2Bits(248);
    loBits.in <== lo;
    component hiBits = Num2Bits(K);
    hiBits.in <== hi;
    in === hi * (1 << 248) + lo;
    // hi <= P_HI
    component hiLe = LessEqThan(K);
    hiLe.in[0] <== hi;
    hiLe.in[1] <== P_HI;
    hiLe.out === 1;
    // hi == P_HI  =>  lo < P_LO
    component top = IsEqual();
    top.in[0] <== hi;
    top.in[1] <== P_HI;
    component loLt = LessThan(248);
    loLt.in[0] <== lo;
    loLt.in[1] <== P_LO;
    top.out * (1 - loLt.out) === 0;
    out <== lo;
}
