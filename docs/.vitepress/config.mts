import { fileURLToPath } from "node:url";
import { defineConfig, type DefaultTheme } from "vitepress";

// The documentation site (VitePress, English and Chinese). `npm run site` builds it with the lab
// into site-dist/ (scripts/build-site.mjs); the base below is a placeholder that the build
// replaces with relative URLs, so the folder works under any path of any static server.
export const BASE_PLACEHOLDER = "/__actlab_base__/";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const lib = (p: string) => here(`../../packages/actlab/src/${p}`);

const GUIDE = [
  ["getting-started", "Getting started", "快速上手"],
  ["library", "The library", "函数库"],
  ["nn", "actlab/nn", "actlab/nn"],
  ["tfjs", "TF.js", "TF.js"],
  ["cli", "The command line", "命令行"],
  ["figures", "Figures", "图表"],
  ["training", "Training", "训练"],
  ["experiments", "Experiments and verdicts", "实验与结论"],
  ["lab", "The lab", "实验室（网页）"],
  ["exactness", "Exactness", "精确性"],
  ["speed", "Speed", "速度"],
  ["conventions", "Conventions, PyTorch and TF.js", "约定及与 PyTorch、TF.js 的差异"],
  ["development", "Development", "开发"],
] as const;

function sidebar(lang: "en" | "zh"): DefaultTheme.SidebarItem[] {
  const prefix = lang === "en" ? "/" : "/zh/";
  return [
    {
      text: lang === "en" ? "Guide" : "指南",
      items: GUIDE.map(([slug, en, zh]) => ({ text: lang === "en" ? en : zh, link: `${prefix}guide/${slug}` })),
    },
    {
      text: lang === "en" ? "Reference" : "参考",
      items: [
        { text: lang === "en" ? "Functions (live figures)" : "函数一览（实时图）", link: `${prefix}functions/` },
        { text: lang === "en" ? "API reference" : "API 参考（英文）", link: "/api/README" },
      ],
    },
  ];
}

function nav(lang: "en" | "zh"): DefaultTheme.NavItem[] {
  const prefix = lang === "en" ? "/" : "/zh/";
  return [
    { text: lang === "en" ? "Guide" : "指南", link: `${prefix}guide/getting-started` },
    { text: lang === "en" ? "Functions" : "函数", link: `${prefix}functions/` },
    { text: "API", link: "/api/README" },
    // The lab is a separate app beside the docs in the static build (site-dist/lab/).
    { text: lang === "en" ? "Lab" : "实验室", link: "/lab/index.html", target: "_self" },
  ];
}

export default defineConfig({
  base: BASE_PLACEHOLDER,
  title: "actlab",
  description: "Activation functions made exact, fast and visible",
  srcExclude: ["figures/**", "report/**", "lab/**", "README.md"],
  outDir: here("../../site-dist"),
  cacheDir: here("../../node_modules/.cache/vitepress"),
  lastUpdated: false,
  // Written with the placeholder base, which the static build rewrites like every other URL.
  head: [["link", { rel: "icon", type: "image/svg+xml", href: `${BASE_PLACEHOLDER}favicon.svg` }]],
  transformPageData(pageData) {
    // The function pages are one template (functions/[id].md): their title comes from the registry.
    const p = pageData.params as { name?: string; localName?: string } | undefined;
    if (p?.name) pageData.title = pageData.relativePath.startsWith("zh/") ? `${p.name}（${p.localName}）` : p.name;
  },
  cleanUrls: false,
  // Links into the lab app and the copied report are checked by test/site (the built folder).
  ignoreDeadLinks: [/(^|\/)lab\/index\.html$/, /(^|\/)report\//],
  locales: {
    root: {
      label: "English",
      lang: "en",
      themeConfig: { nav: nav("en"), sidebar: sidebar("en") },
    },
    zh: {
      label: "简体中文",
      lang: "zh-CN",
      title: "actlab",
      description: "激活函数：精确、快速、看得见",
      themeConfig: {
        nav: nav("zh"),
        sidebar: sidebar("zh"),
        outline: { label: "本页目录" },
        docFooter: { prev: "上一页", next: "下一页" },
        darkModeSwitchLabel: "外观",
        sidebarMenuLabel: "菜单",
        returnToTopLabel: "回到顶部",
        langMenuLabel: "语言",
      },
    },
  },
  themeConfig: {
    // The language menu leads to the other language's home: the API reference is in English only,
    // so "the same page in Chinese" does not exist for every page.
    i18nRouting: false,
    search: {
      provider: "local",
      options: {
        locales: {
          zh: {
            translations: {
              button: { buttonText: "搜索", buttonAriaLabel: "搜索" },
              modal: { noResultsText: "没有找到", resetButtonTitle: "清除", footer: { selectText: "选择", navigateText: "切换", closeText: "关闭" } },
            },
          },
        },
      },
    },
    outline: { level: [2, 3] },
  },
  markdown: {
    math: false,
    config(md) {
      // The API reference (docs/api) is TypeDoc's Markdown, where text such as "returns the <svg>"
      // is prose, not HTML: on those pages raw HTML is shown as text.
      for (const rule of ["html_inline", "html_block"] as const) {
        const original = md.renderer.rules[rule]!;
        md.renderer.rules[rule] = (tokens, idx, options, env, self) =>
          typeof env?.relativePath === "string" && env.relativePath.startsWith("api/")
            ? md.utils.escapeHtml(tokens[idx].content)
            : original(tokens, idx, options, env, self);
      }
    },
  },
  vite: {
    resolve: {
      // The live figures bundle the library and the CLI's renderer from their sources, as the lab does.
      alias: [
        { find: /^actlab$/, replacement: lib("index.ts") },
        { find: /^actlab\/([a-z]+)$/, replacement: lib("$1/index.ts") },
        { find: /^actlab-cli\/render$/, replacement: here("../../packages/cli/src/render/index.ts") },
      ],
    },
    build: { target: "es2022", chunkSizeWarningLimit: 1200 },
    server: { fs: { allow: [here("../..")] } },
  },
});
