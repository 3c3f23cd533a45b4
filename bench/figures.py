# The article's plotting code (section 绘制代码), changed only so that it runs headless and
# writes each figure to a PNG file instead of showing it: the same arrays, the same plot
# calls, plus the derivative figure of section 2 drawn the same way. Used by
# bench/figures.ts as the baseline for `actlab figures`.
import os
import sys
import time

t_start = time.perf_counter()

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

t_imported = time.perf_counter()
out = sys.argv[1] if len(sys.argv) > 1 else "figures-matplotlib"
os.makedirs(out, exist_ok=True)


def save(name):
    plt.savefig(os.path.join(out, name + ".png"), dpi=100)
    plt.close()


def new():
    # 6.4 x 4.0 inches at 100 dpi: the same 640 x 400 pixels as actlab's figures.
    plt.figure(figsize=(6.4, 4.0))


# %% sigmoid
new()
x = np.linspace(-10, 10, 1000)
sigmoid = 1 / (1 + np.e ** (-x))
dsigmoid = sigmoid * (1 - sigmoid)
plt.plot(x, sigmoid)
plt.plot(x, dsigmoid)
plt.title("sigmoid")
save("sigmoid")

# %% tanh
new()
_x = np.arange(-10, 10, 0.01)
tanh = np.tanh(_x)
dtanh = 1 - np.power(tanh, 2)
plt.plot(_x, tanh)
plt.plot(_x, dtanh)
plt.axhline(0, color="black", linestyle="-")
plt.title("tanh")
save("tanh")

# %% relu
new()
_x = np.arange(-10, 10, 0.01)
relu = np.maximum(0, _x)
drelu = [0 if x < 0 else 1 for x in _x]
plt.plot(_x, relu)
plt.plot(_x, drelu)
plt.axhline(0, color="black", linestyle="-")
plt.title("relu")
save("relu")

# %% leaky relu
new()
alpha = 0.1
_x = np.arange(-10, 10, 0.01)
leakyrelu = [alpha * x if x < 0 else x for x in _x]
dleakyrelu = [alpha if x < 0 else 1 for x in _x]
plt.plot(_x, leakyrelu)
plt.plot(_x, dleakyrelu)
plt.title("leakyrelu alpha=0.1")
save("leaky-relu")

# %% elu
new()
alpha = 1
_x = np.arange(-10, 10, 0.01)
elu = [alpha * (np.expm1(x)) if x < 0 else x for x in _x]
delu = [alpha * (np.exp(x)) if x < 0 else 1 for x in _x]
plt.plot(_x, elu)
plt.plot(_x, delu)
plt.axhline(0, color="black", linestyle="--")
plt.title("elu alpha=1")
save("elu")

# %% prelu (the article gives no code; same as leaky relu with the initial alpha 0.25)
new()
alpha = 0.25
_x = np.arange(-10, 10, 0.01)
prelu = [alpha * x if x < 0 else x for x in _x]
dprelu = [alpha if x < 0 else 1 for x in _x]
plt.plot(_x, prelu)
plt.plot(_x, dprelu)
plt.title("prelu alpha=0.25")
save("prelu")

# %% selu
new()
alpha = 1.6733
lambda_ = 1.0507
_x = np.arange(-10, 10, 0.01)
selu = [lambda_ * (alpha * (np.expm1(x)) if x < 0 else x) for x in _x]
dselu = [lambda_ * alpha * (np.exp(x)) if x < 0 else lambda_ for x in _x]
plt.plot(_x, selu)
plt.plot(_x, dselu)
plt.axhline(0, color="black", linestyle="--")
plt.title("selu")
save("selu")

# %% softmax
new()
_x = np.arange(-10, 10, 0.1)
softmax = np.exp(_x) / np.sum(np.exp(_x))
plt.plot(_x, softmax)
plt.plot(_x, softmax * (1 - softmax))
plt.title("softmax")
save("softmax")

# %% all derivatives in one figure (section 2)
new()
_x = np.arange(-10, 10, 0.01)
s = 1 / (1 + np.e ** (-_x))
plt.plot(_x, s * (1 - s), label="sigmoid")
plt.plot(_x, dtanh, label="tanh")
plt.plot(_x, drelu, label="relu")
plt.plot(_x, dleakyrelu, label="leaky relu")
plt.plot(_x, delu, label="elu")
plt.plot(_x, dprelu, label="prelu")
plt.plot(_x, dselu, label="selu")
plt.axhline(0, color="black", linestyle="-")
plt.legend()
plt.title("derivatives")
save("derivatives")

# For bench/figures.ts: seconds spent importing, and seconds spent drawing and writing.
print(f"import {t_imported - t_start:.4f} work {time.perf_counter() - t_imported:.4f}")
