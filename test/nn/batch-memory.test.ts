/**
 * Issue 24, item 6: a float32 network fed many batch sizes keeps bounded memory. It used to keep
 * one set of buffers per distinct batch size, forever (2,750 sizes: 54 → 563 MiB). Counted here
 * in floats handed out by the nn arenas (nnAllocated), which is what the arenas' memory holds.
 */
import { describe, expect, it } from "vitest";
import { Activation, createRng, Dense, Sequential, softmaxCrossEntropy } from "../../packages/actlab/src/nn/index.js";
import { nnAllocated } from "../../packages/actlab/src/nn/fast.js";

const SIZES = 2750;

describe("float32 layers over 2,750 batch sizes", () => {
  it("a Dense → tanh → Dense net holds fewer than 4× the largest batch's buffers, whatever the order of sizes", () => {
    const rng = createRng(5);
    const inputs = 3;
    const hidden = 4;
    const classes = 2;
    const net = new Sequential([
      new Dense(inputs, hidden, { dtype: "float32", rng }),
      new Activation("tanh"),
      new Dense(hidden, classes, { dtype: "float32", rng }),
    ]);
    // sizes 1..2750, growing, then shuffled: both the worst case for growth and for reuse
    const order = Array.from({ length: SIZES }, (_, i) => i + 1);
    const shuffled = order.slice();
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rng.random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const x = new Float32Array(SIZES * inputs).map(() => rng.normal());
    const labels = Int32Array.from({ length: SIZES }, (_, i) => i % classes);
    const before = nnAllocated();
    for (const rows of [...order, ...shuffled.slice(0, 500)]) {
      net.zeroGrad();
      const logits = net.forward(x.subarray(0, rows * inputs));
      const { grad } = softmaxCrossEntropy(logits, labels.subarray(0, rows), classes);
      net.backward(grad, true);
    }
    const floats = nnAllocated() - before;
    // Per row of the largest batch, the buffers are: Dense 1 its output (4), x's copy (3), dy's
    // copy (4), dx (3); tanh its f′ (4) and dx (4); Dense 2 its output (2), dy's copy (2), dx (4).
    // Each kind grows by doubling, so it ends below 2·2750 rows and has used below 4·2750 in all.
    const perRow = 4 + 3 + 4 + 3 + 4 + 4 + 2 + 2 + 4;
    expect(floats).toBeLessThan(4 * SIZES * perRow);
    // one buffer per size, as before the fix, would be Σ rows·perRow ≈ 113 M floats
    expect(floats).toBeLessThan(((SIZES * (SIZES + 1)) / 2) * perRow / 100);
  });

  it("a fixed batch size allocates once: the second epoch hands out nothing", () => {
    const net = new Sequential([new Dense(3, 5, { dtype: "float32" }), new Activation("relu"), new Dense(5, 2, { dtype: "float32" })]);
    const x = new Float32Array(32 * 3).fill(0.5);
    const labels = new Int32Array(32);
    const step = () => {
      net.zeroGrad();
      net.backward(softmaxCrossEntropy(net.forward(x), labels, 2).grad, false);
    };
    step();
    const after = nnAllocated();
    for (let i = 0; i < 10; i++) step();
    expect(nnAllocated()).toBe(after);
  });
});
