// The loops someone writes from the textbook formulas: the baseline the issue measured. They are
// deliberately naive (σ′ = σ(1 − σ), tanh′ = 1 − tanh², e^x − 1 without expm1), which is also
// why the bench's accuracy table shows them losing digits in the tails.
import { SELU_ALPHA, SELU_LAMBDA } from "../packages/actlab/src/index.js";

type F32 = Float32Array;
export interface Textbook {
  f(x: F32, y: F32, a: number): void;
  g(x: F32, dy: F32, dx: F32, a: number): void;
  fd(x: F32, y: F32, d: F32, a: number): void;
}

const sigmoid: Textbook = {
  f(x, y) {
    for (let i = 0; i < x.length; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
  },
  g(x, dy, dx) {
    for (let i = 0; i < x.length; i++) {
      const s = 1 / (1 + Math.exp(-x[i]));
      dx[i] = dy[i] * s * (1 - s);
    }
  },
  fd(x, y, d) {
    for (let i = 0; i < x.length; i++) {
      const s = 1 / (1 + Math.exp(-x[i]));
      y[i] = s;
      d[i] = s * (1 - s);
    }
  },
};

const tanh: Textbook = {
  f(x, y) {
    for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]);
  },
  g(x, dy, dx) {
    for (let i = 0; i < x.length; i++) {
      const t = Math.tanh(x[i]);
      dx[i] = dy[i] * (1 - t * t);
    }
  },
  fd(x, y, d) {
    for (let i = 0; i < x.length; i++) {
      const t = Math.tanh(x[i]);
      y[i] = t;
      d[i] = 1 - t * t;
    }
  },
};

/** The leaky/PReLU shape, relu being α = 0. */
function slope(): Textbook {
  return {
    f(x, y, a) {
      for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : a * x[i];
    },
    g(x, dy, dx, a) {
      for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : a * dy[i];
    },
    fd(x, y, d, a) {
      for (let i = 0; i < x.length; i++) {
        y[i] = x[i] > 0 ? x[i] : a * x[i];
        d[i] = x[i] > 0 ? 1 : a;
      }
    },
  };
}

const relu: Textbook = {
  f(x, y) {
    for (let i = 0; i < x.length; i++) y[i] = Math.max(0, x[i]);
  },
  g(x, dy, dx) {
    for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
  },
  fd(x, y, d) {
    for (let i = 0; i < x.length; i++) {
      y[i] = Math.max(0, x[i]);
      d[i] = x[i] > 0 ? 1 : 0;
    }
  },
};

function eluLike(scale: number, fixedAlpha?: number): Textbook {
  return {
    f(x, y, a) {
      const al = fixedAlpha ?? a;
      for (let i = 0; i < x.length; i++) y[i] = scale * (x[i] > 0 ? x[i] : al * (Math.exp(x[i]) - 1));
    },
    g(x, dy, dx, a) {
      const al = fixedAlpha ?? a;
      for (let i = 0; i < x.length; i++) dx[i] = dy[i] * scale * (x[i] > 0 ? 1 : al * Math.exp(x[i]));
    },
    fd(x, y, d, a) {
      const al = fixedAlpha ?? a;
      for (let i = 0; i < x.length; i++) {
        const e = Math.exp(x[i]);
        y[i] = scale * (x[i] > 0 ? x[i] : al * (e - 1));
        d[i] = scale * (x[i] > 0 ? 1 : al * e);
      }
    },
  };
}

export const textbook: Readonly<Record<string, Textbook>> = {
  sigmoid,
  tanh,
  relu,
  "leaky-relu": slope(),
  prelu: slope(),
  elu: eluLike(1),
  selu: eluLike(SELU_LAMBDA, SELU_ALPHA),
};

export const textbookSoftmax = {
  /** Rows of `size` entries. */
  f(x: F32, y: F32, size: number): void {
    const n = size;
    for (let r = 0; r < x.length; r += n) {
      let m = -Infinity;
      for (let j = r; j < r + n; j++) if (x[j] > m) m = x[j];
      let s = 0;
      for (let j = r; j < r + n; j++) {
        const e = Math.exp(x[j] - m);
        y[j] = e;
        s += e;
      }
      for (let j = r; j < r + n; j++) y[j] /= s;
    }
  },
  g(y: F32, dy: F32, dx: F32, size: number): void {
    const n = size;
    for (let r = 0; r < y.length; r += n) {
      let dot = 0;
      for (let j = r; j < r + n; j++) dot += y[j] * dy[j];
      for (let j = r; j < r + n; j++) dx[j] = y[j] * (dy[j] - dot);
    }
  },
};
