// Files in and out of the Network view: the reader's own CSV of points, the trained model as
// JSON (configuration and weights), the loss history as CSV, and importing a model back.
import type { Lang } from "../../../../packages/actlab/src/activations/types.js";
import { parseModel, type NetworkModelFile } from "../../../../packages/actlab/src/train/network.js";
import { parsePlaneCsv, type PlanePoints } from "../../../../packages/actlab/src/train/plane-data.js";
import { h } from "../../dom.js";
import { nt } from "./strings.js";

export interface FileEvents {
  data(points: PlanePoints, file: string): void;
  /** Uses an imported model (or throws to refuse it); returns what to say about its data. */
  model(model: NetworkModelFile): string;
  exportModel(): void;
  exportHistory(): void;
}

/** Offers `text` as a download named `name`. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file input shown as a button in the page's language (the native one speaks the browser's). */
function fileButton(input: HTMLInputElement, text: string): HTMLElement {
  return h("label", { class: "net-file" }, input, h("span", {}, text));
}

export function filePanel(lang: Lang, ev: FileEvents): { el: HTMLElement; message: HTMLElement } {
  const message = h("p", { class: "field-error", id: "net-file-error", role: "alert" });
  const note = h("p", { class: "small muted", id: "net-file-note", "aria-live": "polite" });
  const read = (input: HTMLInputElement, use: (text: string, name: string) => void): void => {
    const file = input.files?.[0];
    if (!file) return;
    void file.text().then((text) => {
      message.textContent = "";
      try {
        use(text, file.name);
      } catch (e) {
        message.textContent = `${file.name}: ${(e as Error).message}`;
      }
      input.value = "";
    });
  };
  const csv = h("input", { type: "file", id: "net-csv", class: "net-file-input", accept: ".csv,text/csv" });
  csv.addEventListener("change", () =>
    read(csv, (text, name) => {
      const pts = parsePlaneCsv(text);
      ev.data(pts, name);
      note.textContent = `${nt(lang, "loaded", { n: pts.labels.length, k: pts.classes, file: name })} ${nt(lang, "ownDataNote")}`;
    }),
  );
  const model = h("input", { type: "file", id: "net-import", class: "net-file-input", accept: ".json,application/json" });
  model.addEventListener("change", () =>
    read(model, (text) => {
      const m = parseModel(text);
      const about = ev.model(m);
      note.textContent = `${nt(lang, "imported", { epoch: m.epoch })} ${about}`;
    }),
  );
  const el = h(
    "div",
    { class: "net-files" },
    h("div", { class: "field" }, h("span", { class: "small" }, nt(lang, "ownData")), fileButton(csv, nt(lang, "chooseCsv"))),
    h(
      "div",
      { class: "buttons" },
      h("button", { type: "button", id: "net-export-model", onclick: () => ev.exportModel() }, nt(lang, "exportModel")),
      h("button", { type: "button", id: "net-export-history", onclick: () => ev.exportHistory() }, nt(lang, "exportHistory")),
    ),
    fileButton(model, nt(lang, "importModel")),
    message,
    note,
  );
  return { el, message };
}
