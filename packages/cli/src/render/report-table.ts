// The measured comparison table (总结对比) of the report and the lab: one row per function, one column per
// number the experiments put in their `table`, each beside what the article says about it.
import { catalog } from "actlab";
import type { Lang } from "actlab";
import type { ExperimentResult, Verdict } from "actlab/experiments";
import { shortNumber } from "./render-chart.js";

/** A column of the comparison table as the experiments module names it (its TABLE_COLUMNS). */
export interface TableColumn {
  readonly key: string;
  readonly experiment: string;
  readonly label: { readonly en: string; readonly zh: string };
}

/**
 * A verdict in words, as the CLI, the report and the lab show it.
 *
 * @example
 * VERDICT_WORDS.holds.en;               // "holds"
 * VERDICT_WORDS["does-not-hold"].zh;    // "在此规模下不成立"
 */
export const VERDICT_WORDS: Readonly<Record<Verdict, { en: string; zh: string }>> = {
  holds: { en: "holds", zh: "成立" },
  "does-not-hold": { en: "does not hold at this scale", zh: "在此规模下不成立" },
  mixed: { en: "mixed", zh: "部分成立" },
};

/** ✓: the article names this as a strength of the function; ✗: as a weakness. */
export type Mark = "✓" | "✗";

interface ColumnInfo {
  /** Matches the key an experiment uses in its `table`. */
  readonly match: RegExp;
  readonly label: { readonly en: string; readonly zh: string };
  /** What the article says, by function id: the mark and its sentence (quoted from the article). */
  readonly article: Readonly<Record<string, readonly [Mark, string]>>;
}

// The article's own words for each measured quantity (section 1 and its 总结对比 table).
const COLUMNS: readonly ColumnInfo[] = [
  {
    match: /grad.*ratio|ratio.*grad|vanish/i,
    label: { en: "gradient ratio, layer 1 / top", zh: "梯度比（第 1 层 / 顶层）" },
    article: { sigmoid: ["✗", "容易梯度消失"], tanh: ["✗", "梯度消失问题仍然存在"], relu: ["✓", "解决了梯度消失问题"], selu: ["✓", "避免了梯度的爆炸和消失"] },
  },
  {
    match: /signal|std|variance|var\b/i,
    label: { en: "signal std at depth", zh: "深层信号标准差" },
    article: { selu: ["✓", "自标准化属性（例如方差稳定化）"] },
  },
  {
    match: /mean/i,
    label: { en: "mean activation", zh: "平均激活值" },
    article: { sigmoid: ["✗", "Sigmoid函数输出不是0均值"], tanh: ["✓", "解决了的Sigmoid函数输出不是0均值的问题"], relu: ["✗", "Relu函数的输出也不是以0为均值的函数"], elu: ["✓", "输出的均值接近于0"] },
  },
  {
    match: /born/i,
    label: { en: "P(born dead)", zh: "初始即死的概率" },
    article: { relu: ["✗", "某些神经元可能永远不会被激活"] },
  },
  {
    match: /dead/i,
    label: { en: "dead share at lr 1", zh: "学习率 1 时的死单元比例" },
    article: { relu: ["✗", "存在Dead Relu问题"], "leaky-relu": ["✓", "可以避免出现“死神经元”"], elu: ["✓", "避免“死神经元”"] },
  },
  {
    match: /epoch|converg/i,
    label: { en: "epochs to target (×ReLU)", zh: "达标轮数（×ReLU）" },
    article: { sigmoid: ["✗", "收敛速度较慢"], relu: ["✓", "收敛速度快"], elu: ["✓", "单侧饱和可以加速收敛"] },
  },
  {
    match: /acc|digits/i,
    label: { en: "digits test accuracy", zh: "手写数字测试准确率" },
    article: {},
  },
  {
    match: /cost|time|ns\b|speed/i,
    label: { en: "cost (×ReLU)", zh: "计算开销（×ReLU）" },
    article: { relu: ["✓", "计算速度非常快"], elu: ["✗", "计算比ReLU略慢"] },
  },
];

/** A column of the measured table: which experiment's number it shows, under which label. */
export interface MeasuredColumn {
  /** The experiment and the key in its `table`. */
  readonly experiment: string;
  readonly key: string;
  /** Heading in the table's language. */
  readonly label: string;
  /** What the article says about this quantity, when the key is one it names. */
  readonly info?: ColumnInfo;
}

/** One cell: the measured number (if the function was run) and the article's mark on it. */
export interface MeasuredCell {
  /** The number from the experiment's `table`; undefined if it has none for this function. */
  readonly value?: number;
  /** The number as shown (`shortNumber`), "–" for a marked cell without one, else "". */
  readonly text: string;
  /** The article's ✓ or ✗ for this function and quantity, if it judges it. */
  readonly mark?: Mark;
  /** The article's sentence behind the mark. */
  readonly quote?: string;
}

/** The comparison table (`measuredTable`): columns, and one row of cells per function. */
export interface MeasuredTable {
  /** Columns, in the order they are shown. */
  readonly columns: readonly MeasuredColumn[];
  /** One row per function id, with its display name and one cell per column. */
  readonly rows: ReadonlyArray<{ readonly id: string; readonly name: string; readonly cells: readonly MeasuredCell[] }>;
}

/**
 * Collects the `table` entries of every result: the article's functions first, in its order, then
 * any others; columns in the order (and with the labels) of `known` when the library names them.
 *
 * @example
 * const result = { id: "vanishing", table: { sigmoid: { gradRatio: 3.2e-7 }, relu: { gradRatio: 0.8123 } } };
 * const t = measuredTable([result as ExperimentResult], "en");
 * t.columns[0].label;                 // "gradient ratio, layer 1 / top"
 * t.rows.map((r) => r.name);          // ["Sigmoid", "ReLU"]
 * t.rows[0].cells[0];   // { value: 3.2e-7, text: "3.20e−7", mark: "✗", quote: "容易梯度消失" }
 */
export function measuredTable(results: readonly ExperimentResult[], lang: Lang, known: readonly TableColumn[] = []): MeasuredTable {
  const columns: MeasuredColumn[] = [];
  const ids: string[] = [];
  for (const r of results) {
    for (const [fn, cols] of Object.entries(r.table ?? {})) {
      if (!ids.includes(fn)) ids.push(fn);
      for (const key of Object.keys(cols)) {
        if (columns.some((c) => c.experiment === r.id && c.key === key)) continue;
        const info = COLUMNS.find((c) => c.match.test(key));
        const named = known.find((k) => k.key === key && k.experiment === r.id);
        columns.push({ experiment: r.id, key, info, label: named ? named.label[lang] : info ? info.label[lang] : key });
      }
    }
  }
  const rank = (c: MeasuredColumn) => {
    const i = known.findIndex((k) => k.key === c.key && k.experiment === c.experiment);
    return i < 0 ? known.length : i;
  };
  columns.sort((a, b) => rank(a) - rank(b));
  // Two experiments can measure the same quantity: name each by its experiment then.
  for (const [i, c] of columns.entries()) {
    if (columns.some((d, j) => j !== i && d.label === c.label)) columns[i] = { ...c, label: `${c.label} (${c.experiment})` };
  }
  const order = catalog.map((a) => a.id as string);
  ids.sort((a, b) => (order.includes(a) ? order.indexOf(a) : 1e6) - (order.includes(b) ? order.indexOf(b) : 1e6));
  const rows = ids.map((id) => ({
    id,
    name: catalog.find((a) => a.id === id)?.name ?? id,
    cells: columns.map((c): MeasuredCell => {
      const v = results.find((r) => r.id === c.experiment)?.table?.[id]?.[c.key];
      const said = c.info?.article[id];
      // A mark without a number (the function was not run): "–" says so.
      return { value: v, text: v === undefined ? (said ? "–" : "") : shortNumber(v), mark: said?.[0], quote: said?.[1] };
    }),
  }));
  return { columns, rows };
}
