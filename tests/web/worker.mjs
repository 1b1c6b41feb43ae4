// Training in the page's Web Worker (src/platform/worker_training_host.h, web/training_worker.js),
// in headless Chromium, on the bundled MNIST with the book's 784-200-10 preset. It checks:
//   - the page trains in the worker (state().trainer) and the drawing's outputs change while it
//     trains: the worker's weight snapshots reach the model
//   - training goes on while the page is hidden behind another tab (the page draws no frames
//     then; what the worker trained meanwhile shows when it comes back)
//   - pause holds (no samples move), resume goes on, stop ends the run
//   - ?worker=off trains on the main thread (state().trainer "main"), and there, hidden, the run
//     waits: the contrast that shows the hidden-tab check above is the worker's doing
//   - a worker whose script cannot load (blocked), and one whose engine (digitlab_trainer.wasm)
//     cannot: the page says so (state().hostNote) and trains on the main thread
// Screenshot: build/web/screenshots/worker-training.png (laptop size, training in the worker).
//   node tests/web/worker.mjs [SITE_DIR]     (default build/web/site; SITE_URL= as smoke.mjs)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  clickAt, collectErrors, drawSeven, findButton, makeChecks, runBrowserTest, screens, siteArgs,
  waitForApp,
} from './lib.mjs';

const { siteDir, shotDir } = siteArgs();
const checks = makeChecks('worker');
const { check } = checks;
const kHiddenMs = 4000;

const state = (page) => page.evaluate(() => window.digitlab.state());
const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

async function clickButton(page, name) {
  const r = await findButton(page, name);
  if (!check(r !== null, `the "${name}" button is on screen`)) throw new Error(`no ${name}`);
  await clickAt(page, r);
}

// Polls state() until done(s) or the timeout; returns the last state.
async function until(page, done, timeout = 60000, every = 100) {
  const start = Date.now();
  for (;;) {
    const s = await state(page);
    if (done(s) || Date.now() - start > timeout) return s;
    await page.waitForTimeout(every);
  }
}

async function openPage(context, url) {
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(url);
  if (!await waitForApp(page)) throw new Error('the app did not start');
  return { page, errors };
}

// The bundled MNIST, the book's preset, Start, past the accuracy-before-training pass.
async function startMnistRun(page) {
  await clickButton(page, 'mnist');
  let s = await until(page, (t) => t.data.train === 60000 || t.lastError !== '', 120000);
  check(s.data.train === 60000, `the bundled MNIST loaded (${s.data.train} images, "${s.lastError}")`);
  await clickButton(page, 'preset-book-200');
  await clickButton(page, 'start');
  s = await until(page, (t) => t.training.samplesSeen > 0 && !t.training.evaluating);
  check(s.training.phase === 'running' && s.training.samplesSeen > 0,
        `the run is under way (${s.training.phase}, ${s.training.samplesSeen} samples)`);
  return s;
}

// Samples trained over ms with the page hidden behind another tab, as seen when it is back.
async function hiddenSamples(context, page, ms) {
  const before = (await state(page)).training.samplesSeen;
  const other = await context.newPage();
  await other.goto('about:blank');
  await other.bringToFront();
  const visibility = await page.evaluate(() => document.visibilityState);
  await new Promise((ok) => setTimeout(ok, ms));
  await page.bringToFront();
  await other.close();
  // Back in front: a few frames poll what the worker sent meanwhile.
  await page.waitForTimeout(500);
  const after = (await state(page)).training.samplesSeen;
  return { visibility, samples: after - before };
}

async function workerRun(browser, url) {
  const context = await browser.newContext(screens.laptop);
  const { page, errors } = await openPage(context, url);
  let s = await state(page);
  check(s.trainer === 'worker' && s.hostNote === '',
        `the page trains in a Web Worker (trainer "${s.trainer}", note "${s.hostNote}")`);
  s = await drawSeven(page);
  const untrained = s.outputs;
  await startMnistRun(page);

  // The drawing's outputs follow the worker's snapshots while the run goes on.
  s = await until(page, (t) => !same(t.outputs, untrained), 20000);
  check(!same(s.outputs, untrained) && s.training.phase === 'running',
        `the drawing's outputs change while the worker trains (${s.training.samplesSeen} ` +
        `samples; prediction ${s.prediction})`);
  const file = join(shotDir, 'worker-training.png');
  writeFileSync(file, await page.screenshot());
  console.log(`     screenshot: ${file}`);

  // Visible rate, then the same time hidden.
  const t0 = await page.evaluate(() => performance.now());
  const v0 = (await state(page)).training.samplesSeen;
  await page.waitForTimeout(kHiddenMs);
  const visibleRate = ((await state(page)).training.samplesSeen - v0) /
                      ((await page.evaluate(() => performance.now())) - t0) * 1000;
  const hidden = await hiddenSamples(context, page, kHiddenMs);
  const hiddenRate = hidden.samples / kHiddenMs * 1000;
  console.log(`     visible ${visibleRate.toFixed(0)} samples/s; hidden (${hidden.visibility}) ` +
              `${hiddenRate.toFixed(0)} samples/s`);
  check(hidden.visibility === 'hidden', `the page was hidden behind another tab (${hidden.visibility})`);
  check(hiddenRate > 0.3 * visibleRate,
        `training went on while the page was hidden: ${hidden.samples} samples in ` +
        `${kHiddenMs / 1000} s (${hiddenRate.toFixed(0)}/s against ${visibleRate.toFixed(0)}/s shown)`);

  // Pause: nothing moves (a moment first for what the worker sent before it took the pause).
  await clickButton(page, 'pause');
  await page.waitForTimeout(300);
  const paused = (await state(page)).training;
  await page.waitForTimeout(1000);
  const later = (await state(page)).training;
  check(paused.phase === 'paused' && later.samplesSeen === paused.samplesSeen,
        `pause holds the worker's run at ${paused.samplesSeen} samples (${later.samplesSeen} a second later)`);
  await clickButton(page, 'resume');
  s = await until(page, (t) => t.training.samplesSeen > paused.samplesSeen, 20000);
  check(s.training.samplesSeen > paused.samplesSeen && s.training.phase === 'running',
        `resume goes on (${s.training.samplesSeen} samples)`);
  await clickButton(page, 'stop');
  s = await until(page, (t) => t.training.phase !== 'running', 10000);
  const stopped = s.training.samplesSeen;
  await page.waitForTimeout(500);
  s = await state(page);
  check(s.training.phase === 'stopped' && s.training.samplesSeen === stopped,
        `stop ends the run (${s.training.phase}, ${stopped} samples, then still)`);
  check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  await context.close();
}

// ?worker=off: the main thread trains, between frames, and only while the page is shown.
async function mainThreadRun(browser, url) {
  const context = await browser.newContext(screens.laptop);
  const { page, errors } = await openPage(context, `${url}?worker=off`);
  let s = await state(page);
  check(s.trainer === 'main', `?worker=off trains on the main thread (trainer "${s.trainer}")`);
  await startMnistRun(page);
  s = await until(page, (t) => t.training.samplesSeen > 20000, 30000);
  check(s.training.samplesSeen > 20000, `the main thread trains (${s.training.samplesSeen} samples)`);
  const hidden = await hiddenSamples(context, page, 2000);
  console.log(`     main thread, hidden ${hidden.visibility}: ${hidden.samples} samples in 2 s`);
  await clickButton(page, 'stop');
  check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  await context.close();
}

// A worker that cannot start: its script or its engine blocked. The page says so and trains on
// the main thread.
async function fallbackRun(browser, url, blocked) {
  const context = await browser.newContext(screens.laptop);
  await context.route(`**/${blocked}`, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(url);
  if (!await waitForApp(page)) throw new Error('the app did not start');
  let s = await until(page, (t) => t.trainer === 'main', 20000);
  check(s.trainer === 'main' &&
        s.hostNote.startsWith("Training runs on the page's main thread: the worker could not start"),
        `${blocked} blocked: the page falls back to the main thread and says so ("${s.hostNote}")`);
  await startMnistRun(page);
  s = await until(page, (t) => t.training.samplesSeen > 5000, 30000);
  check(s.training.samplesSeen > 5000, `and trains there (${s.training.samplesSeen} samples)`);
  await clickButton(page, 'stop');
  await context.close();
}

await runBrowserTest('worker', checks, { siteDir, shotDir }, async (browser, url) => {
  await workerRun(browser, url);
  await mainThreadRun(browser, url);
  await fallbackRun(browser, url, 'training_worker.js');
  await fallbackRun(browser, url, 'digitlab_trainer.wasm');
});
