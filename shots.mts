import { buildLab, startServer, launch, openPage } from "./test/lab/harness.ts";
const which = process.argv[2];
const browser = await launch();
if (which === "lab") {
  await buildLab("/tmp/labshot");
  const { server, url } = await startServer("/tmp/labshot");
  for (const lang of ["en", "zh"]) {
    const { page, errors } = await openPage(browser, { width: 1280, height: 900 });
    await page.goto(`${url}/#/experiments/dead-units?lang=${lang}`);
    await page.waitForTimeout(1500);
    const run = page.locator("#exp-run");
    if (await run.count()) await run.click();
    await page.waitForSelector("#exp-verdict", { timeout: 120000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/tmp/lab-dead-${lang}.png`, fullPage: true });
    console.log(lang, errors);
  }
  server.close();
} else {
  const { page } = await openPage(browser, { width: 1100, height: 900 });
  await page.goto(`file://${which}`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/report-shot.png`, fullPage: false });
  const el = page.locator("#table");
  if (await el.count()) { await el.scrollIntoViewIfNeeded(); await page.screenshot({ path: `/tmp/report-table.png` }); }
}
await browser.close();
