// The bundled models in the page, in headless Chromium: index.html?model=strong opens with the
// strong model loaded (state().bundledModel, its layers) and it reads a 7 drawn with the mouse;
// the model menu switches models with real clicks, fetching the strong model's file only then
// (never at start-up: the first frame waits for nothing but the default model); an unknown
// name says so and keeps the default. Screenshots of the open menu at phone, laptop and 4K
// sizes: build/web/screenshots/models-*.png.
//   node tests/web/models.mjs [SITE_DIR]          (default build/web/site; SITE_URL= as smoke.mjs)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  clickAt, collectErrors, countColours, drawSeven, findItem, makeChecks, runBrowserTest, screens,
  siteArgs, waitForApp, waitFrames,
} from './lib.mjs';

const { siteDir, shotDir } = siteArgs();
const checks = makeChecks('models');
const { check } = checks;

const sizes = screens;

// The page at url (a query appended), with the model files it requested.
async function open(browser, url, query, options = sizes.laptop) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = collectErrors(page);
  const modelRequests = [];
  page.on('request', (req) => { if (req.url().includes('/models/')) modelRequests.push(req.url()); });
  await page.goto(url + query);
  const ready = await waitForApp(page);
  return { context, page, errors, modelRequests, ready };
}

const state = (page) => page.evaluate(() => window.digitlab.state());
const waitForModel = (page, name) => page.waitForFunction(
  (n) => window.digitlab.state().bundledModel === n, name, { timeout: 20000 })
  .then(() => true, () => false);

// A click with the mouse, or a tap on a touch screen.
async function press(page, r, touch) {
  if (!touch) return clickAt(page, r);
  await page.touchscreen.tap(r.x + r.width / 2, r.y + r.height / 2);
  await waitFrames(page, 3);
}

async function linkChoosesStrong(browser, url) {
  const { context, page, errors, ready } = await open(browser, url, '?model=strong');
  if (!check(ready, '?model=strong: app ready')) return context.close();
  check(await waitForModel(page, 'strong'), '?model=strong: the strong model is loaded');
  let s = await state(page);
  check(JSON.stringify(s.layers) === '[784,512,10]', `?model=strong: its layers (${s.layers})`);
  check(s.lastError === '', `?model=strong: no error (${s.lastError})`);
  s = await drawSeven(page);
  check(s.prediction === 7, `?model=strong: a drawn 7 reads as 7 (got ${s.prediction})`);
  const strongOutputs = s.outputs;
  check(errors.length === 0, `?model=strong: no errors (${errors.join('; ')})`);
  await context.close();
  return strongOutputs;
}

async function menuSwitches(browser, url, strongOutputs) {
  const { context, page, errors, modelRequests, ready } = await open(browser, url, '');
  if (!check(ready, 'menu: app ready')) return context.close();
  let s = await state(page);
  check(s.bundledModel === 'book', `menu: the page opens with the book model (${s.bundledModel})`);
  check(JSON.stringify(s.bundledModels) === '["book","strong"]',
        `menu: it offers book and strong (${s.bundledModels})`);
  check(modelRequests.length === 0,
        `menu: no model file fetched for the first frame (${modelRequests.join(', ')})`);
  s = await drawSeven(page);
  const bookOutputs = s.outputs;
  check(s.prediction === 7, `menu: the book model reads the 7 (got ${s.prediction})`);

  const button = await findItem(page, 'models');
  if (!check(button !== null, 'menu: its button is on the page')) return context.close();
  await clickAt(page, button);
  const entry = await findItem(page, 'model:strong');
  if (!check(entry !== null, 'menu: a click opens it, strong is listed')) return context.close();
  await clickAt(page, entry);
  check(await waitForModel(page, 'strong'), 'menu: a click on strong loads it');
  check(modelRequests.some((u) => u.endsWith('/models/strong.dlm')),
        'menu: strong.dlm was fetched on demand');
  s = await waitFrames(page, 3);
  check(JSON.stringify(s.layers) === '[784,512,10]', `menu: strong's layers (${s.layers})`);
  check(s.prediction === 7, `menu: strong reads the same 7 (got ${s.prediction})`);
  // The answer is the strong network's: the same outputs as in the ?model=strong page for the
  // same strokes, and not the book's.
  const close = (a, b) => a && b && a.every((v, i) => Math.abs(v - b[i]) < 1e-4);
  check(close(s.outputs, strongOutputs), 'menu: its outputs are those ?model=strong gave');
  check(!close(s.outputs, bookOutputs), 'menu: they differ from the book model\'s');
  check(s.notice.includes("'strong'"), `menu: the notice says so (${s.notice})`);

  // And back to the book model, with no question: strong is a bundled model as loaded.
  await clickAt(page, await findItem(page, 'models'));
  await clickAt(page, await findItem(page, 'model:book'));
  check(await waitForModel(page, 'book'), 'menu: a click on book goes back');
  check(modelRequests.length === 1,
        `menu: the default came from the preloaded assets, not fetched (${modelRequests.join(', ')})`);
  s = await state(page);
  check(s.modelQuestion === '' && JSON.stringify(s.layers) === '[784,200,10]',
        'menu: the book model again, nothing asked');
  check(errors.length === 0, `menu: no errors (${errors.join('; ')})`);
  await context.close();
}

async function unknownName(browser, url) {
  const { context, page, errors, modelRequests, ready } = await open(browser, url, '?model=nope');
  if (!check(ready, '?model=nope: app ready')) return context.close();
  const s = await waitFrames(page, 3);
  check(s.lastError.includes("There is no bundled model 'nope' (one of: book, strong)"),
        `?model=nope: the message says so (${s.lastError})`);
  check(s.bundledModel === 'book' && JSON.stringify(s.layers) === '[784,200,10]',
        `?model=nope: the default model stays (${s.bundledModel})`);
  check(modelRequests.length === 0, '?model=nope: nothing fetched');
  check(errors.length === 0, `?model=nope: no errors (${errors.join('; ')})`);
  await context.close();
}

// The open menu at each size, for a person to look at: wholly on screen, entries clickable.
async function shootMenu(browser, url, size) {
  const options = sizes[size];
  const { context, page, ready } = await open(browser, url, '', options);
  if (!check(ready, `${size}: app ready`)) return context.close();
  await press(page, await findItem(page, 'models'), !!options.hasTouch);
  const entry = await findItem(page, 'model:strong');
  check(entry !== null && entry.x >= 0 && entry.x + entry.width <= options.viewport.width + 1,
        `${size}: the open menu's entries are wholly on screen`);
  const png = await page.screenshot();
  const file = join(shotDir, `models-${size}.png`);
  writeFileSync(file, png);
  check(countColours(png) > 20, `${size}: the screenshot is not blank (${file})`);
  if (entry) {
    await press(page, entry, !!options.hasTouch);
    check(await waitForModel(page, 'strong'), `${size}: a ${options.hasTouch ? 'tap' : 'click'} chooses strong`);
  }
  await context.close();
}

runBrowserTest('models', checks, { siteDir, shotDir }, async (browser, url) => {
  const strongOutputs = await linkChoosesStrong(browser, url);
  await menuSwitches(browser, url, strongOutputs);
  await unknownName(browser, url);
  for (const size of Object.keys(sizes)) await shootMenu(browser, url, size);
});
