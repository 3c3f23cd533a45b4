import numpy as np, mpmath as mp
mp.mp.prec = 80
def fit(fun, lo, hi, deg, weight, npts=4000):
    # Chebyshev nodes, weighted least squares then a few Lawson (IRLS) sweeps toward minimax
    t = np.cos(np.pi*(np.arange(npts)+0.5)/npts)
    x = (lo+hi)/2 + (hi-lo)/2*t
    y = np.array([float(fun(mp.mpf(v))) for v in x])
    w = weight(x)
    A = np.vander(x, deg+1, increasing=True)
    lw = np.ones(npts)
    for it in range(60):
        W = np.sqrt(lw)*w
        c, *_ = np.linalg.lstsq(A*W[:,None], y*W, rcond=None)
        e = np.abs((A@c - y)*w)
        lw = lw*e; lw /= lw.sum()
    return c, e.max()
ln2h = float(mp.log(2))/2
# P(r) = (e^r - 1 - r)/r^2, weight |r| (relative error of expm1 ~ |r| dP)
P = lambda r: (mp.expm1(r)-r)/r**2 if r != 0 else mp.mpf(0.5)
for deg in (3,4,5):
    c, e = fit(P, -ln2h, ln2h, deg, lambda x: np.abs(x)/np.abs(np.expm1(x)) * x)
    print('expP', deg, e, [float(np.float32(v)) for v in c])
# tanh small: (tanh(x)-x)/x^3 as poly in z=x^2 on [0, 0.625^2], weight x^3/tanh(x)
T = lambda z: (mp.tanh(mp.sqrt(z))-mp.sqrt(z))/mp.sqrt(z)**3 if z != 0 else mp.mpf(-1)/3
for deg in (3,4,5):
    c, e = fit(T, 0, 0.625**2, deg, lambda z: z**1.5/np.tanh(np.sqrt(z)+1e-300))
    print('tanhP', deg, e, [float(np.float32(v)) for v in c])
