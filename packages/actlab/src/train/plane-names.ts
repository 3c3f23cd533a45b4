// The names of the plane's data sets and of the input features, apart from the code that makes
// them: the lab's URL state reads these lists in its first view, which ships no data generator.

/**
 * Names of the built-in data sets of the plane: Playground's circle, xor, gauss and spiral, a
 * three-class spiral and two moons. All but spiral3 have two classes.
 *
 * @example
 * planeDatasets;   // ["circle", "xor", "gauss", "spiral", "spiral3", "moons"]
 */
export const planeDatasets = ["circle", "xor", "gauss", "spiral", "spiral3", "moons"] as const;
/** One of {@link planeDatasets}. */
export type PlaneDataset = (typeof planeDatasets)[number];

/**
 * The regression data sets of the Network view (Playground's two): a tilted plane, the value
 * (x₁ + x₂)/12, and a sum of six Gaussian bumps of either sign. Their points have one "class"
 * and a value in [−1, 1] each (`targets`); the network learns them with squared error.
 *
 * @example
 * regressionDatasets;   // ["reg-plane", "reg-gauss"]
 */
export const regressionDatasets = ["reg-plane", "reg-gauss"] as const;
/** One of {@link regressionDatasets}. */
export type RegressionDataset = (typeof regressionDatasets)[number];

/**
 * Ids of the input features a network may be fed, computed from a point (x₁, x₂): the
 * coordinates, their squares, their product and their sines.
 *
 * @example
 * featureIds;   // ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"]
 */
export const featureIds = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"] as const;
/** One of {@link featureIds}. */
export type FeatureId = (typeof featureIds)[number];
