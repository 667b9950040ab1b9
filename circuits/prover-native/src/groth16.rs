//! snarkjs-compatible Groth16 proving over arkworks, generic over the two curves Calctra uses.
//!
//! Reads the `.zkey` (snarkjs binary proving key) and `.wtns` (witness calculator output) formats and
//! follows snarkjs 0.7's `groth16_prove.js` step by step, so the zkey's H points (built from snarkjs'
//! roots of unity) are used exactly as snarkjs uses them:
//!   a_i, b_i = Σ coef·w over the zkey's coefficient section (constraints + one row per public input),
//!   c_i = a_i·b_i; each vector is interpolated over the size-n domain, evaluated on the odd coset
//!   ω_2n·⟨ω_n⟩ and h_i = A(x_i)·B(x_i) − C(x_i) (Z on that coset is the constant −2, folded into the
//!   H points by the setup);
//!   π_A = α + Σ w·A + r·δ,  π_B = β + Σ w·B2 + s·δ,  π_C = Σ w_priv·C + Σ h·H + s·π_A + r·B1 − rs·δ.
//! The roots of unity are snarkjs' own (ffjavascript: the smallest quadratic non-residue ≥ 2 raised
//! to the odd part of r−1), not arkworks' constants, which need not be the same root.
//! Every proof is checked with the pairing equation before it is returned.

use ark_ec::pairing::Pairing;
use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{BigInt, BigInteger, Field, Fp, MontBackend, MontConfig, One, PrimeField, Zero};
use rayon::prelude::*;
use std::collections::HashMap;
use std::time::Instant;

pub type Res<T> = std::result::Result<T, String>;

/// What differs between the curves: point decoding (Montgomery form, as snarkjs stores it) and printing.
pub trait Curve: Send + Sync + 'static {
    type E: Pairing;
    /// snarkjs' curve name in proofs and verification keys
    const NAME: &'static str;
    /// bytes per base-field element
    const N8Q: usize;
    fn q_bytes() -> Vec<u8>;
    fn g1(b: &[u8]) -> Res<G1<Self>>;
    fn g2(b: &[u8]) -> Res<G2<Self>>;
    fn g1_json(p: &G1<Self>) -> Vec<String>;
    fn g2_json(p: &G2<Self>) -> Vec<Vec<String>>;
}
pub type Fr<C> = <<C as Curve>::E as Pairing>::ScalarField;
pub type G1<C> = <<C as Curve>::E as Pairing>::G1Affine;
pub type G2<C> = <<C as Curve>::E as Pairing>::G2Affine;
type G1P<C> = <<C as Curve>::E as Pairing>::G1;
type G2P<C> = <<C as Curve>::E as Pairing>::G2;

/// A base-field element stored in Montgomery form (little-endian limbs), rejected if not below the modulus.
pub fn fp_mont<T: MontConfig<N>, const N: usize>(b: &[u8]) -> Res<Fp<MontBackend<T, N>, N>> {
    let mut limbs = [0u64; N];
    for (i, c) in b.chunks_exact(8).take(N).enumerate() {
        limbs[i] = u64::from_le_bytes(c.try_into().unwrap());
    }
    let bi = BigInt::new(limbs);
    if bi >= T::MODULUS {
        return Err("zkey: a coordinate is not a field element".into());
    }
    Ok(Fp::new_unchecked(bi))
}

pub fn fp_dec<F: PrimeField>(x: &F) -> String {
    let b = x.into_bigint();
    b.to_string()
}

macro_rules! impl_curve {
    ($name:ident, $e:ty, $fq:ty, $fq2:ty, $g1:ty, $g2:ty, $label:expr, $n8:expr) => {
        pub struct $name;
        impl Curve for $name {
            type E = $e;
            const NAME: &'static str = $label;
            const N8Q: usize = $n8;
            fn q_bytes() -> Vec<u8> {
                <$fq as PrimeField>::MODULUS.to_bytes_le()
            }
            fn g1(b: &[u8]) -> Res<$g1> {
                let (x, y) = (fp_mont::<_, { $n8 / 8 }>(&b[..$n8])?, fp_mont::<_, { $n8 / 8 }>(&b[$n8..2 * $n8])?);
                if x.is_zero() && y.is_zero() {
                    return Ok(<$g1>::zero());
                }
                let p = <$g1>::new_unchecked(x, y);
                if !p.is_on_curve() {
                    return Err("zkey: a G1 point is not on the curve".into());
                }
                Ok(p)
            }
            fn g2(b: &[u8]) -> Res<$g2> {
                let c = |i: usize| fp_mont::<_, { $n8 / 8 }>(&b[i * $n8..(i + 1) * $n8]);
                let x = <$fq2>::new(c(0)?, c(1)?);
                let y = <$fq2>::new(c(2)?, c(3)?);
                if x.is_zero() && y.is_zero() {
                    return Ok(<$g2>::zero());
                }
                let p = <$g2>::new_unchecked(x, y);
                if !p.is_on_curve() {
                    return Err("zkey: a G2 point is not on the curve".into());
                }
                Ok(p)
            }
            fn g1_json(p: &$g1) -> Vec<String> {
                match p.xy() {
                    Some((x, y)) => vec![fp_dec(x), fp_dec(y), "1".into()],
                    None => vec!["0".into(), "1".into(), "0".into()],
                }
            }
            fn g2_json(p: &$g2) -> Vec<Vec<String>> {
                match p.xy() {
                    Some((x, y)) => vec![
                        vec![fp_dec(&x.c0), fp_dec(&x.c1)],
                        vec![fp_dec(&y.c0), fp_dec(&y.c1)],
                        vec!["1".into(), "0".into()],
                    ],
                    None => vec![
                        vec!["0".into(), "0".into()],
                        vec!["1".into(), "0".into()],
                        vec!["0".into(), "0".into()],
                    ],
                }
            }
        }
    };
}
impl_curve!(
    Bn254,
    ark_bn254::Bn254,
    ark_bn254::Fq,
    ark_bn254::Fq2,
    ark_bn254::G1Affine,
    ark_bn254::G2Affine,
    "bn128",
    32
);
impl_curve!(
    Bls12381,
    ark_bls12_381::Bls12_381,
    ark_bls12_381::Fq,
    ark_bls12_381::Fq2,
    ark_bls12_381::G1Affine,
    ark_bls12_381::G2Affine,
    "bls12381",
    48
);

// ------------------------------------------------------------------------------------------------
// The binary container snarkjs uses for .zkey, .wtns, .r1cs, .ptau: magic, version, sections.

pub struct BinFile<'a> {
    pub data: &'a [u8],
    pub sections: HashMap<u32, (usize, usize)>,
}

impl<'a> BinFile<'a> {
    pub fn parse(data: &'a [u8], magic: &[u8; 4], what: &str) -> Res<Self> {
        if data.len() < 12 || &data[..4] != magic {
            return Err(format!("{what}: not a snarkjs {} file (bad magic)", String::from_utf8_lossy(magic)));
        }
        let n = u32le(data, 8) as usize;
        let mut pos = 12;
        let mut sections = HashMap::new();
        for _ in 0..n {
            if pos + 12 > data.len() {
                return Err(format!("{what}: truncated section table"));
            }
            let t = u32le(data, pos);
            let len = u64::from_le_bytes(data[pos + 4..pos + 12].try_into().unwrap()) as usize;
            pos += 12;
            if pos + len > data.len() {
                return Err(format!("{what}: section {t} is truncated"));
            }
            sections.entry(t).or_insert((pos, len));
            pos += len;
        }
        Ok(BinFile { data, sections })
    }
    pub fn section(&self, t: u32, what: &str) -> Res<&'a [u8]> {
        let (p, l) = self.sections.get(&t).ok_or_else(|| format!("{what}: section {t} is missing"))?;
        Ok(&self.data[*p..*p + *l])
    }
}

pub fn u32le(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

/// Which curve a .zkey was made for (from its base-field modulus).
pub fn zkey_curve(data: &[u8]) -> Res<&'static str> {
    let f = BinFile::parse(data, b"zkey", "zkey")?;
    let s1 = f.section(1, "zkey")?;
    if s1.len() < 4 || u32le(s1, 0) != 1 {
        return Err("zkey: not a Groth16 proving key (protocol id ≠ 1)".into());
    }
    let h = f.section(2, "zkey")?;
    let n8q = u32le(h, 0) as usize;
    let q = &h[4..4 + n8q];
    if q == Bn254::q_bytes().as_slice() {
        Ok("bn254")
    } else if q == Bls12381::q_bytes().as_slice() {
        Ok("bls12381")
    } else {
        Err("zkey: unsupported curve (neither BN254 nor BLS12-381)".into())
    }
}

// ------------------------------------------------------------------------------------------------

pub struct ProvingKey<C: Curve> {
    pub n_vars: usize,
    pub n_public: usize,
    pub domain_size: usize,
    r_bytes: Vec<u8>,
    alpha1: G1<C>,
    beta1: G1<C>,
    beta2: G2<C>,
    gamma2: G2<C>,
    delta1: G1<C>,
    delta2: G2<C>,
    ic: Vec<G1<C>>,
    /// (matrix 0 = A / 1 = B, constraint, signal, coefficient)
    coeffs: Vec<(u8, u32, u32, Fr<C>)>,
    a: Vec<G1<C>>,
    b1: Vec<G1<C>>,
    b2: Vec<G2<C>>,
    c: Vec<G1<C>>,
    h: Vec<G1<C>>,
    /// ω_n and ω_2n, snarkjs' roots
    omega: Fr<C>,
    omega2: Fr<C>,
}

/// The roots of unity ffjavascript uses: w_s = nqr^t with nqr the smallest quadratic non-residue ≥ 2,
/// r − 1 = 2^s·t; w_k = w_s^(2^(s−k)).
fn snarkjs_root<F: PrimeField>(log_n: u32) -> Res<F> {
    let s = F::TWO_ADICITY;
    if log_n > s {
        return Err(format!("domain 2^{log_n} exceeds the field's two-adicity {s}"));
    }
    let minus_one = -F::one();
    let mut nqr = F::from(2u64);
    while nqr.pow(F::MODULUS_MINUS_ONE_DIV_TWO) != minus_one {
        nqr += F::one();
    }
    let mut w = nqr.pow(F::TRACE);
    for _ in log_n..s {
        w.square_in_place();
    }
    Ok(w)
}

/// A scalar in snarkjs' "double Montgomery" coefficient form: the stored integer is c·R² mod r.
fn fr_mont2<F: PrimeField>(b: &[u8], r_inv2: &F) -> F {
    F::from_le_bytes_mod_order(b) * r_inv2
}

impl<C: Curve> ProvingKey<C> {
    pub fn parse(data: &[u8]) -> Res<Self> {
        let f = BinFile::parse(data, b"zkey", "zkey")?;
        let s1 = f.section(1, "zkey")?;
        if s1.len() < 4 || u32le(s1, 0) != 1 {
            return Err("zkey: not a Groth16 proving key (protocol id ≠ 1)".into());
        }
        let h = f.section(2, "zkey")?;
        let n8q = u32le(h, 0) as usize;
        if n8q != C::N8Q || h[4..4 + n8q] != C::q_bytes()[..] {
            return Err(format!("zkey: not a {} key", C::NAME));
        }
        let mut p = 4 + n8q;
        let n8r = u32le(h, p) as usize;
        p += 4;
        let r_bytes = h[p..p + n8r].to_vec();
        if r_bytes != Fr::<C>::MODULUS.to_bytes_le() {
            return Err("zkey: scalar field does not match the curve".into());
        }
        p += n8r;
        let n_vars = u32le(h, p) as usize;
        let n_public = u32le(h, p + 4) as usize;
        let domain_size = u32le(h, p + 8) as usize;
        p += 12;
        if !domain_size.is_power_of_two() {
            return Err("zkey: domain size is not a power of two".into());
        }
        let g1n = 2 * n8q;
        let g2n = 4 * n8q;
        let mut take = |n: usize| {
            let s = &h[p..p + n];
            p += n;
            s
        };
        let alpha1 = C::g1(take(g1n))?;
        let beta1 = C::g1(take(g1n))?;
        let beta2 = C::g2(take(g2n))?;
        let gamma2 = C::g2(take(g2n))?;
        let delta1 = C::g1(take(g1n))?;
        let delta2 = C::g2(take(g2n))?;

        let g1s = |t: u32, n: usize| -> Res<Vec<G1<C>>> {
            let s = f.section(t, "zkey")?;
            if s.len() != n * g1n {
                return Err(format!("zkey: section {t} has {} bytes, expected {}", s.len(), n * g1n));
            }
            s.par_chunks_exact(g1n).map(C::g1).collect()
        };
        let ic = g1s(3, n_public + 1)?;
        let a = g1s(5, n_vars)?;
        let b1 = g1s(6, n_vars)?;
        let c = g1s(8, n_vars - n_public - 1)?;
        let hp = g1s(9, domain_size)?;
        let s7 = f.section(7, "zkey")?;
        if s7.len() != n_vars * g2n {
            return Err("zkey: section 7 (B2) has the wrong size".into());
        }
        let b2: Vec<G2<C>> = s7.par_chunks_exact(g2n).map(C::g2).collect::<Res<_>>()?;

        let s4 = f.section(4, "zkey")?;
        let n_coef = u32le(s4, 0) as usize;
        let sc = 12 + n8r;
        if s4.len() != 4 + n_coef * sc {
            return Err("zkey: section 4 (coefficients) has the wrong size".into());
        }
        let r_inv = Fr::<C>::from(2u64).pow([(8 * n8r) as u64]).inverse().unwrap();
        let r_inv2 = r_inv.square();
        let coeffs = s4[4..]
            .par_chunks_exact(sc)
            .map(|e| {
                let (m, c, s) = (u32le(e, 0), u32le(e, 4), u32le(e, 8));
                if m > 1 || c as usize >= domain_size || s as usize >= n_vars {
                    return Err("zkey: a coefficient is out of range".to_string());
                }
                Ok((m as u8, c, s, fr_mont2::<Fr<C>>(&e[12..], &r_inv2)))
            })
            .collect::<Res<Vec<_>>>()?;
        let log_n = domain_size.trailing_zeros();
        let omega2 = snarkjs_root::<Fr<C>>(log_n + 1)?;
        Ok(ProvingKey {
            n_vars,
            n_public,
            domain_size,
            r_bytes,
            alpha1,
            beta1,
            beta2,
            gamma2,
            delta1,
            delta2,
            ic,
            coeffs,
            a,
            b1,
            b2,
            c,
            h: hp,
            omega: omega2.square(),
            omega2,
        })
    }

    /// Reads a .wtns (witness calculator output) made for this key.
    pub fn parse_witness(&self, data: &[u8]) -> Res<Vec<Fr<C>>> {
        let f = BinFile::parse(data, b"wtns", "witness")?;
        let s1 = f.section(1, "witness")?;
        let n8 = u32le(s1, 0) as usize;
        if s1[4..4 + n8] != self.r_bytes[..] {
            return Err(format!(
                "witness: computed over another field than this {} proving key (wrong curve's wasm?)",
                C::NAME
            ));
        }
        let n = u32le(s1, 4 + n8) as usize;
        if n != self.n_vars {
            return Err(format!(
                "witness: {n} signals, the proving key expects {} (another circuit's wasm?)",
                self.n_vars
            ));
        }
        let s2 = f.section(2, "witness")?;
        if s2.len() != n * n8 {
            return Err("witness: section 2 has the wrong size".into());
        }
        s2.par_chunks_exact(n8)
            .map(|b| {
                let x = Fr::<C>::from_le_bytes_mod_order(b);
                if x.into_bigint().to_bytes_le()[..] != b[..] {
                    return Err("witness: a value is not a field element".to_string());
                }
                Ok(x)
            })
            .collect()
    }

    pub fn prove(&self, w: &[Fr<C>]) -> Res<Proof<C>> {
        use ark_ff::UniformRand;
        let t0 = Instant::now();
        let n = self.domain_size;
        if w.len() != self.n_vars || w[0] != Fr::<C>::one() {
            return Err("witness: signal 0 must be 1".into());
        }
        let mut a = vec![Fr::<C>::zero(); n];
        let mut b = vec![Fr::<C>::zero(); n];
        for (m, c, s, coef) in &self.coeffs {
            let v = *coef * w[*s as usize];
            if *m == 0 {
                a[*c as usize] += v;
            } else {
                b[*c as usize] += v;
            }
        }
        let mut c: Vec<Fr<C>> = a.iter().zip(&b).map(|(x, y)| *x * y).collect();
        let omega_inv = self.omega.inverse().unwrap();
        let n_inv = Fr::<C>::from(n as u64).inverse().unwrap();
        let to_coset = |v: &mut Vec<Fr<C>>| {
            fft(v, omega_inv);
            let mut k = n_inv;
            for x in v.iter_mut() {
                *x *= k;
                k *= self.omega2;
            }
            fft(v, self.omega);
        };
        rayon::scope(|sc| {
            sc.spawn(|_| to_coset(&mut a));
            sc.spawn(|_| to_coset(&mut b));
            sc.spawn(|_| to_coset(&mut c));
        });
        let hs: Vec<Fr<C>> = a.par_iter().zip(&b).zip(&c).map(|((x, y), z)| *x * y - z).collect();
        let t_fft = t0.elapsed();

        let mut rng = rand::rngs::OsRng;
        let r = Fr::<C>::rand(&mut rng);
        let s = Fr::<C>::rand(&mut rng);
        let priv_w = &w[self.n_public + 1..];
        let (msm_a, (msm_b1, (msm_b2, (msm_c, msm_h)))) = rayon::join(
            || msm_witness::<G1P<C>>(&self.a, w),
            || {
                rayon::join(
                    || msm_witness::<G1P<C>>(&self.b1, w),
                    || {
                        rayon::join(
                            || msm_witness::<G2P<C>>(&self.b2, w),
                            || {
                                rayon::join(
                                    || msm_witness::<G1P<C>>(&self.c, priv_w),
                                    || G1P::<C>::msm_unchecked(&self.h, &hs),
                                )
                            },
                        )
                    },
                )
            },
        );
        let pi_a = msm_a + self.alpha1 + self.delta1 * r;
        let pi_b = msm_b2 + self.beta2 + self.delta2 * s;
        let pb1 = msm_b1 + self.beta1 + self.delta1 * s;
        let pi_c = msm_c + msm_h + pi_a * s + pb1 * r - self.delta1 * (r * s);
        let proof = Proof {
            a: pi_a.into_affine(),
            b: pi_b.into_affine(),
            c: pi_c.into_affine(),
            public: w[1..=self.n_public].to_vec(),
            timings: None,
        };
        let t_msm = t0.elapsed() - t_fft;
        if !self.verify(&proof) {
            return Err("witness does not satisfy the circuit: the proof fails the Groth16 pairing check".into());
        }
        let t_all = t0.elapsed();
        Ok(Proof {
            timings: Some((
                t_fft.as_secs_f64() * 1e3,
                t_msm.as_secs_f64() * 1e3,
                (t_all - t_fft - t_msm).as_secs_f64() * 1e3,
            )),
            ..proof
        })
    }

    /// e(A,B) = e(α,β)·e(Σ x_i·IC_i, γ)·e(C,δ)
    pub fn verify(&self, p: &Proof<C>) -> bool {
        if p.public.len() != self.n_public {
            return false;
        }
        let l = G1P::<C>::msm_unchecked(&self.ic[1..], &p.public) + self.ic[0];
        let neg_a: G1<C> = (-p.a.into_group()).into_affine();
        let out = <C::E as Pairing>::multi_pairing(
            [neg_a, self.alpha1, l.into_affine(), p.c],
            [p.b, self.beta2, self.gamma2, self.delta2],
        );
        out.is_zero()
    }
}

pub struct Proof<C: Curve> {
    pub a: G1<C>,
    pub b: G2<C>,
    pub c: G1<C>,
    pub public: Vec<Fr<C>>,
    /// (witness → H, MSMs, self-check) in ms
    pub timings: Option<(f64, f64, f64)>,
}

impl<C: Curve> Proof<C> {
    /// `{"proof":{pi_a,pi_b,pi_c,protocol,curve},"publicSignals":[...]}` as snarkjs prints it
    pub fn to_json(&self) -> String {
        let q = |s: &String| format!("\"{s}\"");
        let v1 = |v: Vec<String>| format!("[{}]", v.iter().map(q).collect::<Vec<_>>().join(","));
        let v2 = |v: Vec<Vec<String>>| format!("[{}]", v.into_iter().map(v1).collect::<Vec<_>>().join(","));
        let pubs = self.public.iter().map(|x| q(&fp_dec(x))).collect::<Vec<_>>().join(",");
        format!(
            "{{\"proof\":{{\"pi_a\":{},\"pi_b\":{},\"pi_c\":{},\"protocol\":\"groth16\",\"curve\":\"{}\"}},\"publicSignals\":[{}]}}",
            v1(C::g1_json(&self.a)),
            v2(C::g2_json(&self.b)),
            v1(C::g1_json(&self.c)),
            C::NAME,
            pubs
        )
    }
}

/// Σ s_i·P_i for circom witnesses, which are mostly 0, 1, bits and small (or small negative) integers:
/// zero scalars and zero points are dropped, ones are summed, scalars (or their negations) below 2^64 go
/// through a 64-bit Pippenger, the rest through arkworks' full-width MSM.
pub fn msm_witness<G>(bases: &[G::MulBase], scalars: &[G::ScalarField]) -> G
where
    G: VariableBaseMSM,
    G::MulBase: AffineRepr,
{
    let one = G::ScalarField::one();
    let mut ones: Vec<G::MulBase> = Vec::new();
    let (mut sb, mut ss) = (Vec::new(), Vec::new());
    let (mut bb, mut bs) = (Vec::new(), Vec::new());
    for (b, s) in bases.iter().zip(scalars) {
        if s.is_zero() || b.is_zero() {
            continue;
        }
        if *s == one {
            ones.push(*b);
            continue;
        }
        let bi = s.into_bigint();
        if bi.num_bits() <= 64 {
            sb.push(*b);
            ss.push(bi.as_ref()[0]);
            continue;
        }
        let nbi = (-*s).into_bigint();
        if nbi.num_bits() <= 64 {
            sb.push((-b.into_group()).into());
            ss.push(nbi.as_ref()[0]);
            continue;
        }
        bb.push(*b);
        bs.push(bi);
    }
    if std::env::var_os("CALCTRA_PROVER_TRACE").is_some() {
        eprintln!(
            "msm: {} points, {} zero-skipped, {} ones, {} small, {} full",
            bases.len(),
            bases.len() - ones.len() - sb.len() - bb.len(),
            ones.len(),
            sb.len(),
            bb.len()
        );
    }
    let (a, (b, c)) = rayon::join(
        || ones.par_iter().fold(G::zero, |acc, p| acc + *p).reduce(G::zero, |x, y| x + y),
        || rayon::join(|| pippenger64::<G>(&sb, &ss), || G::msm_bigint(&bb, &bs)),
    );
    a + b + c
}

fn pippenger64<G>(bases: &[G::MulBase], scalars: &[u64]) -> G
where
    G: VariableBaseMSM,
{
    let n = bases.len();
    if n == 0 {
        return G::zero();
    }
    let bits = 64 - scalars.iter().fold(0u64, |a, s| a | s).leading_zeros() as usize;
    let c = if n < 32 { 3 } else { ((n as f64).ln() as usize + 2).min(16) };
    let windows: Vec<usize> = (0..bits).step_by(c).collect();
    let sums: Vec<G> = windows
        .par_iter()
        .map(|&w| {
            let mut buckets = vec![G::zero(); (1 << c) - 1];
            let mask = (1u64 << c) - 1;
            for (b, s) in bases.iter().zip(scalars) {
                let d = ((s >> w) & mask) as usize;
                if d != 0 {
                    buckets[d - 1] += *b;
                }
            }
            let (mut running, mut acc) = (G::zero(), G::zero());
            for b in buckets.into_iter().rev() {
                running += b;
                acc += running;
            }
            acc
        })
        .collect();
    let mut total = G::zero();
    for s in sums.iter().rev() {
        for _ in 0..c {
            total.double_in_place();
        }
        total += s;
    }
    total
}

fn bitrev(mut i: usize, bits: u32) -> usize {
    let mut r = 0;
    for _ in 0..bits {
        r = (r << 1) | (i & 1);
        i >>= 1;
    }
    r
}

/// In-place radix-2 DIT FFT: v[k] ← Σ_j v[j]·ω^(jk), ω a primitive len-th root of unity.
pub fn fft<F: Field>(v: &mut [F], omega: F) {
    let n = v.len();
    let bits = n.trailing_zeros();
    for i in 0..n {
        let j = bitrev(i, bits);
        if i < j {
            v.swap(i, j);
        }
    }
    let mut m = 1;
    while m < n {
        let wm = omega.pow([(n / (2 * m)) as u64]);
        let mut tw = Vec::with_capacity(m);
        let mut x = F::one();
        for _ in 0..m {
            tw.push(x);
            x *= wm;
        }
        for k in (0..n).step_by(2 * m) {
            for j in 0..m {
                let t = tw[j] * v[k + j + m];
                let u = v[k + j];
                v[k + j] = u + t;
                v[k + j + m] = u - t;
            }
        }
        m *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn witness_msm_matches_arkworks() {
        use ark_ff::UniformRand;
        type G = ark_bn254::G1Projective;
        type F = ark_bn254::Fr;
        let mut rng = rand::rngs::OsRng;
        let bases: Vec<ark_bn254::G1Affine> = (0..300).map(|_| G::rand(&mut rng).into_affine()).collect();
        let scalars: Vec<F> = (0..300u64)
            .map(|i| match i % 5 {
                0 => F::zero(),
                1 => F::one(),
                2 => F::from(i * 977),
                3 => -F::from(i * 12345),
                _ => F::rand(&mut rng),
            })
            .collect();
        assert_eq!(msm_witness::<G>(&bases, &scalars), G::msm_unchecked(&bases, &scalars));
    }
    #[test]
    fn fft_matches_naive_evaluation() {
        type F = ark_bn254::Fr;
        let omega = snarkjs_root::<F>(3).unwrap();
        assert_eq!(omega.pow([8u64]), F::one());
        assert_ne!(omega.pow([4u64]), F::one());
        let v: Vec<F> = (1..=8u64).map(F::from).collect();
        let mut f = v.clone();
        fft(&mut f, omega);
        for (k, got) in f.iter().enumerate() {
            let want: F = v.iter().enumerate().map(|(j, x)| *x * omega.pow([(j * k) as u64])).sum();
            assert_eq!(*got, want);
        }
    }
}
