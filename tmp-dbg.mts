import { sigmoidOf, softplusOf, ddLog1p } from "./src/activations/logistic.ts";
import { ddExp, ddExpSplit } from "./src/activations/dd.ts";
console.log(sigmoidOf(0, 0), softplusOf(-1, -1, 0, 1), Math.log1p(Math.exp(-1)));
console.log(ddExp([-0, -0], [0, 0]), ddExp([-1, 0], [0, 0]), ddLog1p([0.36787944117144233, 0], [0, 0]));
