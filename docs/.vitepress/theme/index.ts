import type { Theme } from "vitepress";
import DefaultTheme from "vitepress/theme";
import { defineAsyncComponent } from "vue";
import "./style.css";

declare global {
  interface Window {
    /** The site's base path, worked out by the first script of every page (scripts/build-site.mjs). */
    __ACTLAB_BASE__?: string;
  }
}

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    // The live figure's code (the library, Observable Plot and d3) loads only on pages that show one.
    app.component("LiveFigure", defineAsyncComponent(() => import("./LiveFigure.vue")));
  },
};

export default theme;
