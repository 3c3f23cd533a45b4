# Fits the polynomials of assembly/extra.ts (run: python3 assembly/coefficients_extra.py; needs
# numpy and mpmath). Weighted least squares on Chebyshev nodes, then Lawson (IRLS) sweeps toward
# minimax, as in coefficients.py; the float32 checks evaluate the rounded coefficients in float32.
import numpy as np, mpmath as mp

mp.mp.prec = 120


def fit(fun, lo, hi, deg, weight, npts=2000):
    t = np.cos(np.pi * (np.arange(npts) + 0.5) / npts)
    x = (lo + hi) / 2 + (hi - lo) / 2 * t
    y = np.array([float(fun(mp.mpf(float(v)))) for v in x])
    w = weight(x, y)
    A = np.vander(x, deg + 1, increasing=True)
    lw = np.ones(npts)
    for _ in range(80):
        W = np.sqrt(lw) * w
        c, *_ = np.linalg.lstsq(A * W[:, None], y * W, rcond=None)
        e = np.abs((A @ c - y) * w)
        lw = lw * e
        lw /= lw.sum()
    return c, e.max()


f32 = np.float32

# log1p: log(1 + f) = f − f²/2 + s(f²/2 + R), s = f/(2 + f), R = z·(L0 + L1 z + L2 z²), z = s² ≤ 0.041.
# The result is ≈ 2s, so an error ε in R/z costs z·ε/2 relatively.
R = lambda z: (2 * mp.atanh(mp.sqrt(z)) - 2 * mp.sqrt(z)) / mp.sqrt(z) / z if z != 0 else mp.mpf(2) / 3
c, e = fit(R, 0, 0.041, 2, lambda z, y: z / 2, npts=3000)
print("log1p L0..L2", [float(f32(v)) for v in c], "relative error", e)

# tanhshrink: (x − tanh x)/x³ as a polynomial in z = x² on [0, 1], relative error.
S = lambda z: (mp.sqrt(z) - mp.tanh(mp.sqrt(z))) / mp.sqrt(z) ** 3 if z != 0 else mp.mpf(1) / 3
c, e = fit(S, 0, 1, 7, lambda z, y: 3 + 0 * z, npts=3000)
print("tanhshrink S0..S7", [float(f32(v)) for v in c], "relative error", e)

# GELU: G(y) = Φ(−y)·e^(y²/2) = t·P(t), t = 3/(3 + y), y in [0, 15]; evaluated in float64.
G = lambda y: mp.erfc(y / mp.sqrt(2)) / 2 * mp.exp(y * y / 2)
H = lambda t: G(3 / t - 3) / t
c, e = fit(H, 3 / 18, 1.0, 10, lambda t, y: 1 / np.abs(y), npts=3000)
print("gelu G0..G10", [float(v) for v in c], "relative error", e)

# The derivatives that cross zero once, at x0 < 0: f′(x0 + t) = t·Q(t) for |t| ≤ 0.4.
sig = lambda x: 1 / (1 + mp.exp(-x))
C = 2 * mp.sqrt(2 / mp.pi)
A = mp.mpf("0.044715")


def gelu_tanh_d(x):
    v = C * (x + A * x**3)
    return sig(v) * (1 + x * sig(-v) * C * (1 + 3 * A * x**2))


def mish_d(x):
    t = mp.tanh(mp.log1p(mp.exp(x)))
    return t + x * (1 - t * t) * sig(x)


DERIVATIVES = {
    "silu": (lambda x: sig(x) * (1 + x * sig(-x)), -1.278),
    "gelu": (lambda x: mp.ncdf(x) + x * mp.npdf(x), -0.75),
    "gelu-tanh": (gelu_tanh_d, -0.75),
    "mish": (mish_d, -1.19),
}
for name, (d, guess) in DERIVATIVES.items():
    x0 = mp.findroot(d, guess)
    h = f32(float(x0))
    m = f32(float(x0 - mp.mpf(float(h))))
    l = f32(float(x0 - mp.mpf(float(h)) - mp.mpf(float(m))))
    c, e = fit(lambda t: d(x0 + t) / t, -0.4, 0.4, 8, lambda t, y: 1 / np.abs(y), npts=1500)
    c32 = [f32(v) for v in c]
    worst = 0.0
    for x in np.linspace(float(x0) - 0.4, float(x0) + 0.4, 2001).astype(np.float32):
        t = f32(f32(f32(x - h) - m) - l)
        p = c32[-1]
        for cc in c32[-2::-1]:
            p = f32(p * t + cc)
        g = f32(p * t)
        want = f32(float(d(mp.mpf(float(x)))))
        worst = max(worst, abs(float(g) - float(want)) / float(np.spacing(np.abs(want))))
    print(name, "x0 =", float(h), float(m), float(l), "Q0..Q8", [float(v) for v in c32], "relative error", e, "float32 ulps", worst)
