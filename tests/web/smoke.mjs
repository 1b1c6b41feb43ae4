// Smoke test of the web app in headless Chromium (playwright-core driving Debian's chromium).
//   node tests/web/smoke.mjs [SITE_DIR]        (default build/web/site)
//   SITE_URL=http://localhost:8080/ node tests/web/smoke.mjs   (test a running server instead)
// Serves SITE_DIR on a free port, loads the page at devicePixelRatio 1 and 2, waits for the app's
// first frame (window.digitlab.ready), checks its state, an arrow key, that the canvas is not
// blank and that nothing was logged as an error; saves screenshots beside the site, e.g.
// build/web/screenshots/. Checks that the site serves the licence and the third-party notices.
// Exits non-zero on any failure.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  collectErrors, countColours, makeChecks, root, runBrowserTest, siteArgs, waitForApp,
} from './lib.mjs';

const { siteDir, shotDir } = siteArgs();
const checks = makeChecks('smoke');
const { check } = checks;

async function visit(browser, url, scale) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: scale });
  const page = await context.newPage();
  const errors = collectErrors(page);

  const start = Date.now();
  await page.goto(url);
  const ready = await waitForApp(page);
  check(ready, `dpr ${scale}: app ready (first frame after ${Date.now() - start} ms)`);
  if (!ready) {
    console.log('page says:', await page.textContent('#message').catch(() => '?'));
  } else {
    await page.waitForFunction(() => window.digitlab.state().frames >= 10);
    const state = await page.evaluate(() => window.digitlab.state());
    console.log(`     state: ${JSON.stringify(state)}`);
    check(state.lastError === '', `dpr ${scale}: no error shown in the app`);
    check(state.layers.length >= 2 && state.layers[0] === 784 && state.layers.at(-1) === 10,
          `dpr ${scale}: model ${state.layers.join('-')} loaded`);
    check(state.samples > 1, `dpr ${scale}: ${state.samples} samples loaded`);
    check(state.prediction === null && state.label === -1, `dpr ${scale}: opens on an empty pad, no prediction`);
    check(state.canvas[0] === 1280 * scale && state.canvas[1] === 720 * scale,
          `dpr ${scale}: canvas backing store ${state.canvas} matches CSS size x ${scale}`);
    check(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight &&
                                    document.documentElement.scrollWidth <= innerWidth),
          `dpr ${scale}: no scrollbars`);

    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((f) => window.digitlab.state().frames > f + 2, state.frames);
    const after = await page.evaluate(() => window.digitlab.state());
    check(after.index === 1 && after.label >= 0,
          `dpr ${scale}: right arrow loads the next test digit into the pad (index ${after.index})`);
    check(after.prediction >= 0 && after.prediction <= 9, `dpr ${scale}: prediction ${after.prediction}`);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((f) => window.digitlab.state().frames > f + 2, after.frames);

    const shot = await page.screenshot();
    const file = join(shotDir, `page-dpr${scale}.png`);
    writeFileSync(file, shot);
    const colours = countColours(shot);
    check(colours > 20, `dpr ${scale}: screenshot has ${colours} colours (${file})`);
  }
  check(errors.length === 0, `dpr ${scale}: no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await context.close();
}

// The site ships the licence and the third-party notices (emscripten.cmake), served as text
// and the same as in the sources.
async function notices(url) {
  for (const [file, source] of [['LICENSE.txt', 'LICENSE'],
                                ['THIRD_PARTY_NOTICES.txt', 'web/THIRD_PARTY_NOTICES.txt']]) {
    const res = await fetch(new URL(file, url));
    const type = res.headers.get('content-type') || '';
    const same = res.ok && (await res.text()) === readFileSync(join(root, source), 'utf8');
    check(same && type.startsWith('text/plain'),
          `site serves ${file} as ${type || '?'} (HTTP ${res.status}), the same as ${source}`);
  }
}

await runBrowserTest('smoke', checks, { siteDir, shotDir }, async (browser, url) => {
  await notices(url);
  await visit(browser, url, 1);
  await visit(browser, url, 2);
});
