pragma circom 2.1.0;
// Verifiable inference of one dense layer y = W.x + b over fixed-point integers.
//   W[M][N], x[N]: int8 (value v stands for v / 2^7), b[M]: int16 at the product scale 2^-14,
//   y[M]: exact integer result at scale 2^-14, |y| < 2^19.
// specHash         = Poseidon(pack(W, b, x)) mod 2^248       (commits to model and input)
// resultCommitment = Poseidon(pack(y), salt)                   (commits to the output)
// Packing (must match sdk/src/zk/inputs.ts): entries are offset to unsigned
// (int8 + 2^7, int16 + 2^15, y + 2^19) and concatenated little-endian into field elements of at
// most 248 bits without splitting an entry, in the order W (row-major), b, x.
include "hash.circom";
include "common.circom";

// Packs values of the given bit widths into field elements of <= 248 bits.
// Values must already be known to lie in [0, 2^width).
function packCount(n, w) {
    var perChunk = 248 \ w;
    return (n + perChunk - 1) \ perChunk;
}

template DenseInference(M, N) {
    signal input taskId;
    signal input specHash;
    signal input resultCommitment;
    signal input provider;
    signal input W[M][N];
    signal input b[M];
    signal input x[N];
    signal input salt;

    // ---- range checks (offset to unsigned, then bits) ----
    component wBits[M][N];
    component bBits[M];
    component xBits[N];
    for (var i = 0; i < M; i++) {
        for (var j = 0; j < N; j++) {
            wBits[i][j] = Num2Bits(8);
            wBits[i][j].in <== W[i][j] + 128;
        }
        bBits[i] = Num2Bits(16);
        bBits[i].in <== b[i] + 32768;
    }
    for (var j = 0; j < N; j++) {
        xBits[j] = Num2Bits(8);
        xBits[j].in <== x[j] + 128;
    }

    // ---- spec packing: stream W, b, x into chunks of <= 248 bits ----
    var NCHUNK = 10; // for M = N = 16: 2048 + 256 + 128 bits -> 10 chunks (asserted below)
    var chunk[NCHUNK];
    for (var c = 0; c < NCHUNK; c++) { chunk[c] = 0; }
    var ci = 0;
    var used = 0;
    for (var i = 0; i < M; i++) {
        for (var j = 0; j < N; j++) {
            if (used + 8 > 248) { ci++; used = 0; }
            chunk[ci] += (W[i][j] + 128) * (1 << used);
            used += 8;
        }
    }
    for (var i = 0; i < M; i++) {
        if (used + 16 > 248) { ci++; used = 0; }
        chunk[ci] += (b[i] + 32768) * (1 << used);
        used += 16;
    }
    for (var j = 0; j < N; j++) {
        if (used + 8 > 248) { ci++; used = 0; }
        chunk[ci] += (x[j] + 128) * (1 << used);
        used += 8;
    }
    assert(ci == NCHUNK - 1);

    component specH = Hash(NCHUNK);
    for (var c = 0; c < NCHUNK; c++) { specH.in[c] <== chunk[c]; }
    component low = Low248();
    low.in <== specH.out;
    low.out === specHash;

    // ---- the layer ----
    signal prod[M][N];
    var y[M];
    for (var i = 0; i < M; i++) {
        y[i] = b[i];
        for (var j = 0; j < N; j++) {
            prod[i][j] <== W[i][j] * x[j];
            y[i] += prod[i][j];
        }
    }

    // ---- result commitment: y + 2^19 lies in [0, 2^20) by construction (no range check needed)
    var YCH = packCount(M, 20);
    var ychunk[YCH];
    for (var c = 0; c < YCH; c++) { ychunk[c] = 0; }
    for (var i = 0; i < M; i++) {
        ychunk[i \ 12] += (y[i] + 524288) * (1 << (20 * (i % 12)));
    }
    component resH = Hash(YCH + 1);
    for (var c = 0; c < YCH; c++) { resH.in[c] <== ychunk[c]; }
    resH.in[YCH] <== salt;
    resH.out === resultCommitment;

    // bind the statement to one task and one provider (see Bind in common.circom)
    component bindTask = Bind();
    bindTask.in <== taskId;
    component bindProvider = Bind();
    bindProvider.in <== provider;
}

component main {public [taskId, specHash, resultCommitment, provider]} = DenseInference(16, 16);
