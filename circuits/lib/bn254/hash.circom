pragma circom 2.1.0;
// Hash(n) = circomlib Poseidon(n) (constants generated for the BN254 scalar field).
include "circomlib/circuits/poseidon.circom";

template Hash(nInputs) {
    signal input in[nInputs];
    signal output out;
    component p = Poseidon(nInputs);
    for (var i = 0; i < nInputs; i++) { p.inputs[i] <== in[i]; }
    out <== p.out;
}
