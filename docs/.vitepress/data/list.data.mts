import * as lib from "../../../packages/actlab/src/index.js";

// The list of functions for the Functions pages, grouped as the registry groups them.
export default {
  async load() {
    return (lib.groups as Array<{ id: string; title: { en: string; zh: string }; ids: string[] }>).map((g) => ({
      title: g.title,
      functions: g.ids.map((id) => {
        const a = id === "softmax" ? lib.softmaxInfo : lib.getActivation(id);
        return { id, name: a.name as string, names: a.names as { en: string; zh: string }, summary: a.summary as { en: string; zh: string } };
      }),
    }));
  },
};
