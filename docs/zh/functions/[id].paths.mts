import { functionParams } from "../../.vitepress/data/functions.mjs";

export default {
  paths: () => functionParams("zh"),
};
