// The measured comparison table (总结对比) of the report and the lab: one row per function, one column per
// number the experiments put in their `table`, each beside what the article says about it.
import { catalog } from "actlab";
import type { Lang } from "actlab";
import type { ExperimentResult, Summary, Verdict } from "actlab/experiments";
import { num, statCell } from "./result-tables.js";

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
 * VERDICT_WORDS.inconclusive.en;        // "inconclusive at this scale"
 */
export const VERDICT_WORDS: Readonly<Record<Verdict, { en: string; zh: string }>> = {
  holds: { en: "holds", zh: "成立" },
  "does-not-hold": { en: "does not hold at this scale", zh: "在此规模下不成立" },
  inconclusive: { en: "inconclusive at this scale", zh: "在此规模下无法判定" },
  mixed: { en: "mixed", zh: "部分成立" },
};

/**
 * A verdict's words, or the verdict itself when it is not one of the four.
 *
 * @example
 * verdictWords("inconclusive", "en");   // "inconclusive at this scale"
 * verdictWords("holds", "zh");           // "成立"
 */
export function verdictWords(v: string, lang: Lang): string {
  return (VERDICT_WORDS as Readonly<Record<string, { en: string; zh: string } | undefined>>)[v]?.[lang] ?? v;
}

/** Whether a measurement agrees with the article's ✓/✗ (from the cell's verdict of the article's statement). */
export type Agreement = "agrees" | "contradicts" | "inconclusive";

/**
 * The marks of agreement beside the article's ✓/✗, with their meaning.
 *
 * @example
 * AGREEMENT.agrees.mark;          // "="
 * AGREEMENT.contradicts.mark;     // "≠"
 */
export const AGREEMENT: Readonly<Record<Agreement, { readonly mark: string; readonly short: { readonly en: string; readonly zh: string }; readonly en: string; readonly zh: string }>> = {
  agrees: { mark: "=", short: { en: "agrees", zh: "一致" }, en: "the measurement agrees with the article", zh: "实测与原文一致" },
  contradicts: { mark: "≠", short: { en: "contradicts", zh: "相反" }, en: "the measurement contradicts the article", zh: "实测与原文相反" },
  inconclusive: { mark: "?", short: { en: "inconclusive", zh: "无法判定" }, en: "the measurement cannot decide at this scale (interval straddles the threshold, too few seeds finished, or not judged)", zh: "在此规模下实测无法判定（区间跨过阈值、完成的种子太少或未作判定）" },
};

/**
 * holds → agrees, does-not-hold → contradicts, anything else (inconclusive, mixed, none) → inconclusive.
 *
 * @example
 * agreementOf("holds");          // "agrees"
 * agreementOf("does-not-hold");  // "contradicts"
 * agreementOf(undefined);        // "inconclusive"
 */
export function agreementOf(v: Verdict | undefined): Agreement {
  return v === "holds" ? "agrees" : v === "does-not-hold" ? "contradicts" : "inconclusive";
}

/**
 * Every symbol of the comparison table, explained (the report and the lab show this legend).
 *
 * @example
 * TABLE_LEGEND.map((l) => l.symbol);   // every mark the table can show
 */
export const TABLE_LEGEND: ReadonlyArray<{ readonly symbol: string; readonly en: string; readonly zh: string }> = [
  { symbol: "✓", en: "the article names this a strength of the function (its words are listed below the table)", zh: "原文列为该函数的优点（原文语句见表下）" },
  { symbol: "✗", en: "the article names this a weakness of the function", zh: "原文列为该函数的缺点" },
  { symbol: AGREEMENT.agrees.mark, en: AGREEMENT.agrees.en, zh: AGREEMENT.agrees.zh },
  { symbol: AGREEMENT.contradicts.mark, en: AGREEMENT.contradicts.en, zh: AGREEMENT.contradicts.zh },
  { symbol: AGREEMENT.inconclusive.mark, en: AGREEMENT.inconclusive.en, zh: AGREEMENT.inconclusive.zh },
  { symbol: "a [b, c]", en: "median over seeds [95 % bootstrap interval]", zh: "各种子的中位数 [95 % 自助法区间]" },
  { symbol: "✕k/n", en: "k of n seeds diverged (not in the median; a verdict needs ≥ 80 % of the seeds); — : none finished", zh: "n 个种子中 k 个发散（不计入中位数；判定至少需要 80 % 的种子）；—：没有种子完成" },
  { symbol: "– ✓, – ✗", en: "the article judges this function here, but it was not measured in this run", zh: "原文对此有判断，但本次运行没有测量该函数" },
  { symbol: "", en: "empty cell: not measured, and the article says nothing", zh: "空格：未测量，原文也未提及" },
];

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
const VANISHING: ColumnInfo["article"] = { sigmoid: ["✗", "容易梯度消失"], tanh: ["✗", "梯度消失问题仍然存在"], relu: ["✓", "解决了梯度消失问题"], selu: ["✓", "避免了梯度的爆炸和消失"] };
const COLUMNS: readonly ColumnInfo[] = [
  {
    // ‖∂L/∂z₁‖ / ‖∂L/∂z_top‖: the backpropagated signal itself.
    match: /delta|backprop/i,
    label: { en: "backprop signal ratio, layer 1 / top", zh: "反传信号比（第 1 层/顶层）" },
    article: VANISHING,
  },
  {
    match: /grad.*ratio|ratio.*grad|vanish/i,
    label: { en: "weight-gradient ratio, layer 1 / top", zh: "权重梯度比（第 1 层/顶层）" },
    article: VANISHING,
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
    label: { en: "dead share (f′ = 0), highest surviving lr", zh: "死单元比例（f′ = 0，可存活的最高学习率）" },
    article: { relu: ["✗", "存在Dead Relu问题"], "leaky-relu": ["✓", "可以避免出现“死神经元”"], elu: ["✓", "避免“死神经元”"] },
  },
  {
    match: /update|epoch|converg/i,
    label: { en: "updates to target ×ReLU", zh: "达到目标的更新次数 ×ReLU" },
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

/** One cell: the measured number (if the function was run), the article's mark on it and whether they agree. */
export interface MeasuredCell {
  /** The median from the experiment's `table`; undefined if it has none for this function. */
  readonly value?: number;
  /** The cell's summary (median, interval, seeds), when the experiment gives one. */
  readonly summary?: Summary;
  /** The number as shown (median [interval] ✕k/n), "–" for a marked cell without one, else "". */
  readonly text: string;
  /** The article's ✓ or ✗ for this function and quantity, if it judges it. */
  readonly mark?: Mark;
  /** The article's sentence behind the mark. */
  readonly quote?: string;
  /** Beside a mark with a measurement: does the measurement agree with it (from the cell's verdict)? */
  readonly agreement?: Agreement;
  /** The mark shown: "✓ =", "✗ ≠", "✓ ?", or "✓"/"✗" alone when there is no measurement. */
  readonly markText?: string;
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
 * const cell = (median: number, verdict: Verdict) => ({ median, ci: [median / 2, median * 2], min: 0, max: 1, n: 10, diverged: 0, verdict });
 * const result = { id: "vanishing", table: { sigmoid: { gradRatio: cell(3.2e-7, "holds") }, relu: { gradRatio: cell(0.8, "does-not-hold") } } };
 * const t = measuredTable([result as unknown as ExperimentResult], "en");
 * t.columns[0].label;                 // "weight-gradient ratio, layer 1 / top"
 * t.rows.map((r) => r.name);          // ["Sigmoid", "ReLU"]
 * t.rows[0].cells[0].text;            // "3.20e−7 [1.60e−7, 6.40e−7]"
 * t.rows[0].cells[0].markText;        // "✗ =": a weakness, and the measurement agrees
 * t.rows[1].cells[0].markText;        // "✓ ≠": a strength, and the measurement contradicts it
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
      const raw: unknown = results.find((r) => r.id === c.experiment)?.table?.[id]?.[c.key];
      const said = c.info?.article[id];
      // A mark without a number (the function was not run): "–" says so.
      if (raw === undefined || raw === null) return { text: said ? "–" : "", ...(said ? { mark: said[0], quote: said[1], markText: said[0] } : {}) };
      // A bare number: a result of the older contract, without interval or verdict.
      const summary = typeof raw === "object" ? (raw as Summary & { verdict?: Verdict }) : undefined;
      const value = summary ? num(summary.median) : num(raw);
      const agreement = said ? agreementOf(summary?.verdict) : undefined;
      return {
        value,
        ...(summary ? { summary } : {}),
        text: statCell(summary ?? value),
        ...(said ? { mark: said[0], quote: said[1], agreement, markText: `${said[0]} ${AGREEMENT[agreement as Agreement].mark}` } : {}),
      };
    }),
  }));
  return { columns, rows };
}
