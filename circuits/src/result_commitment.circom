pragma circom 2.1.0;
// Proof of result: knowledge of a result (N field elements) and a salt whose Poseidon
// commitment is `resultCommitment`, bound to one task and one provider.
// One source, two builds: `hash.circom` comes from lib/bn254 or lib/bls12381 (-l flag).
include "hash.circom";
include "common.circom";

template ResultCommitment(N) {
    // public, in the order of CONVENTIONS.md
    signal input taskId;
    signal input specHash;
    signal input resultCommitment;
    signal input provider;
    // private
    signal input result[N];
    signal input salt;

    component h = Hash(N + 1);
    for (var i = 0; i < N; i++) { h.in[i] <== result[i]; }
    h.in[N] <== salt;
    h.out === resultCommitment;

    // bind the statement to one task and one provider (see Bind in common.circom)
    component bindTask = Bind();
    bindTask.in <== taskId;
    component bindSpec = Bind();
    bindSpec.in <== specHash;
    component bindProvider = Bind();
    bindProvider.in <== provider;
}

component main {public [taskId, specHash, resultCommitment, provider]} = ResultCommitment(4);
