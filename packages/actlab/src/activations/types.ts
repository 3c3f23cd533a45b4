/** The array types every kernel accepts: Float64Array is the reference precision, Float32Array the speed format. */
export type Floats = Float32Array | Float64Array;

/** Text in both of the languages actlab speaks. */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

/**
 * A language code of the texts: "en" (English) or "zh" (Chinese).
 */
export type Lang = keyof Bilingual;

/** One parameter of an activation, as the CLI, the lab's sliders and the validators read it. */
export interface ParamSpec {
  readonly name: string;
  readonly symbol: string; // LaTeX, e.g. "\\alpha"
  readonly default: number;
  /** Valid range; `minExclusive` makes the lower bound open (ELU's α > 0). */
  readonly min: number;
  readonly max: number;
  readonly minExclusive?: boolean;
  /** True when the parameter is trained from data (PReLU's α), false for a fixed hyper-parameter. */
  readonly learnable: boolean;
  /** PReLU: one value shared by all elements, or one per channel. */
  readonly perChannel?: boolean;
  /** A sensible range for a slider (inside [min, max]). */
  readonly slider: readonly [number, number];
  readonly description: Bilingual;
}

/** A constant that is part of the definition, not a parameter (SELU's α and λ). */
export interface ConstantSpec {
  readonly name: string;
  readonly symbol: string;
  readonly value: number;
  /** The value as published, with every digit the article gives. */
  readonly text: string;
}

export type Saturation = "none" | "left" | "right" | "both";

/** Shape properties, stated at the default parameters. */
export interface Properties {
  readonly monotonic: boolean;
  readonly bounded: boolean;
  readonly zeroCentred: boolean;
  /** Continuously differentiable everywhere (no kink at 0). */
  readonly smooth: boolean;
  /** Which tails flatten so the derivative tends to 0. */
  readonly saturating: Saturation;
}

/**
 * A paper or page a function comes from or is explained in: its title and address.
 */
export interface Reference {
  readonly title: string;
  readonly url: string;
}

/** What a figure of the function shows by default (the article's choices). */
export interface FigureDefaults {
  readonly domain: readonly [number, number];
  /** Parameters for the figure when they differ from the defaults (the article plots leaky ReLU with α = 0.1). */
  readonly params?: Readonly<Record<string, number>>;
}

/** Everything actlab knows about a function apart from its arithmetic. */
export interface ActivationInfo {
  /** kebab-case id, e.g. "leaky-relu". */
  readonly id: string;
  /** Display name, e.g. "Leaky ReLU". */
  readonly name: string;
  /** Names in both languages; `zh` is the article's 含义 column (e.g. S型生长曲线). */
  readonly names: Bilingual;
  readonly kind: "elementwise" | "vector";
  /** LaTeX for f and f′ (for softmax: f_i and ∂f_i/∂x_j). */
  readonly latex: { readonly f: string; readonly df: string };
  readonly params: readonly ParamSpec[];
  readonly constants: readonly ConstantSpec[];
  /** Output range at the default parameters, as an interval with LaTeX text. */
  readonly range: { readonly min: number; readonly max: number; readonly latex: string };
  readonly properties: Properties;
  readonly summary: Bilingual;
  readonly strengths: { readonly en: readonly string[]; readonly zh: readonly string[] };
  readonly weaknesses: { readonly en: readonly string[]; readonly zh: readonly string[] };
  /** Where PyTorch and TF.js name or define it, and how they differ from actlab. */
  readonly elsewhere: { readonly pytorch: string; readonly tfjs: string; readonly note?: Bilingual };
  readonly references: readonly Reference[];
  readonly figure: FigureDefaults;
}

/** A parameter value: a number, or (PReLU) one number per channel. */
export type ParamValue = number | ArrayLike<number>;
/**
 * Parameters of an activation by name (`{ alpha: 0.5 }`); a name left out takes its default.
 * Every function validates them where they enter and throws a RangeError naming the bad one.
 */
export type Params = Readonly<Record<string, ParamValue | undefined>>;

/** An elementwise activation: metadata plus exact scalar math and array kernels. */
export interface Activation<Id extends string = string> extends ActivationInfo {
  readonly id: Id;
  readonly kind: "elementwise";
  /** f(x) in float64. */
  f(x: number, p?: Params): number;
  /** d f / d x evaluated at x, in float64 (the "otherwise" branch at a kink: relu′(0) = 1). */
  df(x: number, p?: Params): number;
  /** y = f(x) elementwise; same array type as x; writes into `out` when given. */
  forward<T extends Floats>(x: T, p?: Params, out?: T): T;
  /** dx = dy · f′(x) elementwise. */
  backward<T extends Floats>(x: T, dy: T, p?: Params, out?: T): T;
  /** y = f(x) and d = f′(x) in one pass (what training uses, so its backward is a multiply). */
  forwardWithDerivative<T extends Floats>(x: T, p?: Params, y?: T, d?: T): { y: T; d: T };
}

/** An activation with a learnable parameter: the gradient with respect to it. */
export interface LearnableActivation<Id extends string = string> extends Activation<Id> {
  /** ∂f/∂α at x (for a single α). */
  dfdAlpha(x: number, p?: Params): number;
  /**
   * Σ dy · ∂f/∂α over the elements that share each α: a length-1 array for a shared α,
   * or one entry per channel (channel of element i is i mod channels).
   */
  backwardAlpha<T extends Floats>(x: T, dy: T, p?: Params, out?: T): T;
}
