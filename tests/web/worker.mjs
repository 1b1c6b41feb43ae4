// Training in the page's Web Worker (src/platform/worker_training_host.h, web/training_worker.js),
// in headless Chromium, on the bundled MNIST with the book's 784-200-10 preset. It checks:
//   - the page trains in the worker (state().trainer) and the drawing's outputs change while it
//     trains: the worker's weight snapshots reach the model; the worker is created with the
//     first run (none before)
//   - training goes on while the page draws no frames (as a hidden tab: see hiddenSamples);
//     what the worker trained meanwhile shows when the page draws again
//   - pause holds (no samples move), resume goes on, stop ends the run
//   - ?worker=off trains on the main thread (state().trainer "main"), and there, without frames,
//     the run waits: the contrast that shows the check above is the worker's doing
//   - the worker's messages alone draw frames on an idle page (no state() call, which wakes it)
//   - a worker whose script cannot load (blocked), and one whose engine (digitlab_trainer.wasm)
//     cannot: the page says so (state().hostNote) and trains on the main thread, the run
//     started before the failure included (nothing of it had arrived: no failure)
//   - a worker that dies during a run: the run is rolled back (failed, the model from before
//     it), the page says so and trains on the main thread from then on
//   - a worker that dies while a Stop is on its way: the run ends stopped, its weights kept
//   - a host replaced by a new one (window.digitlab.newTrainingHost()): the old one ends only its
//     own worker, and the new one trains in its own
//   - a run that diverges, in the worker and with ?worker=off: set up in the panel as a person
//     would (the book's 784-200-10 with ReLU, two more hidden layers of 200, lr 100: the
//     CLI's `digitlab train --activation relu --hidden 200,200,200 --lr 100` diverges in its
//     first steps; sigmoid networks do not), it ends failed saying it diverged, the model from
//     before it is back (its layers and the drawing's outputs; while the run went on the model
//     was the run's new network, so this compares two models), and a sane run trains after it
// Screenshots: build/web/screenshots/worker-training.png (laptop size, training in the worker),
// worker-diverged.png and worker-diverged-main.png (the panel after the diverged run).
//   node tests/web/worker.mjs [SITE_DIR]     (default build/web/site; SITE_URL= as smoke.mjs)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  clickAt, drawSeven, findButton, makeChecks, openPage, runBrowserTest, screens, siteArgs,
  typeInto as typeIntoField, waitForApp, waitFrames,
} from './lib.mjs';

const { siteDir, shotDir } = siteArgs();
const checks = makeChecks('worker');
const { check } = checks;
const kHiddenMs = 4000;

const state = (page) => page.evaluate(() => window.digitlab.state());
const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

async function clickButton(page, name) {
  const r = await findButton(page, name);
  if (!check(r !== null, `the "${name}" button is on screen`))
    throw new Error(`no ${name}: ${JSON.stringify((await state(page)).training)}`);
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

// The page at url on a laptop screen (lib.mjs's openPage); an error when the app does not start.
async function openLaptop(browser, url) {
  const opened = await openPage(browser, 'laptop', url);
  if (!opened.ready) throw new Error('the app did not start');
  return opened;
}

// lib.mjs's typeInto; a field not on screen is a failed check and ends the test (the throw).
async function typeInto(page, name, text) {
  if (!check(await typeIntoField(page, name, text), `the "${name}" field is on screen`))
    throw new Error(`no ${name}`);
}

// The bundled MNIST, loaded through its button.
async function loadMnist(page) {
  await clickButton(page, 'mnist');
  const s = await until(page, (t) => t.data.train === 60000 || t.lastError !== '', 120000);
  check(s.data.train === 60000, `the bundled MNIST loaded (${s.data.train} images, "${s.lastError}")`);
}

// The bundled MNIST, the book's preset (epochs: its 5 unless given), Start, past the
// accuracy-before-training pass.
async function startMnistRun(page, epochs = null) {
  await loadMnist(page);
  await clickButton(page, 'preset-book-200');
  if (epochs) await typeInto(page, 'epochs', String(epochs));
  await clickButton(page, 'start');
  const s = await until(page, (t) => t.training.samplesSeen > 0 && !t.training.evaluating);
  check(s.training.phase === 'running' && s.training.samplesSeen > 0 &&
        (!epochs || s.training.epochs === epochs),
        `the run is under way (${s.training.phase}, ${s.training.samplesSeen} samples, ` +
        `${s.training.epochs} epochs)`);
  return s;
}

// Samples trained over ms while the page draws no frames, as seen when it draws again. A hidden
// tab gets no animation frames, so the app's loop stops while its message handlers still run;
// headless Chromium keeps a page visible whatever is tried (another tab in front,
// Target.activateTarget, a minimised window, focus emulation off; Page.setWebLifecycleState
// 'frozen' leaves a shown page's frames running), so the test stops the app's loop as a hidden
// tab does: Emscripten's pauseMainLoop, then resumeMainLoop.
async function hiddenSamples(page, ms) {
  const before = (await state(page)).training.samplesSeen;
  await page.evaluate(() => Module.pauseMainLoop());
  const frames0 = await page.evaluate(() => window.digitlab.framesDrawn());
  await page.waitForTimeout(ms);
  const frames1 = await page.evaluate(() => window.digitlab.framesDrawn());
  // state() reads the app as its last frame left it: what had come before the frames stopped.
  const stopped = (await state(page)).training.samplesSeen;
  await page.evaluate(() => Module.resumeMainLoop());
  await page.waitForTimeout(500);  // a few frames poll what the worker sent meanwhile
  const after = (await state(page)).training.samplesSeen;
  return { samples: after - before, whileStopped: stopped - before, frames: frames1 - frames0 };
}

async function workerRun(browser, url) {
  const { context, page, errors } = await openLaptop(browser, url);
  let s = await drawSeven(page);
  const untrained = s.outputs;
  // The worker is created with the first run (its datasets), not during the page's start-up.
  check(page.workers().length === 0,
        `no worker before any run: ${page.workers().length} after the start and a drawing`);
  s = await startMnistRun(page, 40);  // long enough for every check below
  check(page.workers().length === 1, `one worker once a run began (${page.workers().length})`);
  check(s.trainer === 'worker' && s.hostNote === '',
        `the page trains in a Web Worker (trainer "${s.trainer}", note "${s.hostNote}")`);

  // The drawing's outputs follow the worker's snapshots while the run goes on.
  s = await until(page, (t) => !same(t.outputs, untrained), 20000);
  check(!same(s.outputs, untrained) && s.training.phase === 'running',
        `the drawing's outputs change while the worker trains (${s.training.samplesSeen} ` +
        `samples; prediction ${s.prediction})`);
  const file = join(shotDir, 'worker-training.png');
  writeFileSync(file, await page.screenshot());
  console.log(`     screenshot: ${file}`);
  await messagesDrawFrames(page);

  // Visible rate, then the same time hidden.
  const t0 = await page.evaluate(() => performance.now());
  const v0 = (await state(page)).training.samplesSeen;
  await page.waitForTimeout(kHiddenMs);
  const visibleRate = ((await state(page)).training.samplesSeen - v0) /
                      ((await page.evaluate(() => performance.now())) - t0) * 1000;
  const hidden = await hiddenSamples(page, kHiddenMs);
  const hiddenRate = hidden.samples / (kHiddenMs + 500) * 1000;
  console.log(`     drawing ${visibleRate.toFixed(0)} samples/s; no frames ${hiddenRate.toFixed(0)} samples/s`);
  check(hidden.frames === 0, `no frames were drawn meanwhile (${hidden.frames})`);
  check(hiddenRate > 0.5 * visibleRate,
        `training went on while the page drew no frames (as when hidden): ${hidden.samples} samples in ` +
        `${(kHiddenMs + 500) / 1000} s (${hiddenRate.toFixed(0)}/s against ${visibleRate.toFixed(0)}/s drawing)`);

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

// The worker's messages alone keep an idle page drawing (draw_next_frame per message): the
// mouse at rest, no state() call (which wakes the page) from a second before to the end, only
// framesDrawn(), which does not. Expected: about the worker's snapshot rate (13 a second while
// it trains, none during a whole test pass); at least 8 (a busy main thread may draw two
// messages in one frame); an idle page draws 2.
async function messagesDrawFrames(page) {
  await page.mouse.move(2, 2);
  await page.waitForTimeout(1500);  // past the awake second the move and state() gave
  const f0 = await page.evaluate(() => window.digitlab.framesDrawn());
  const t0 = Date.now();
  await page.waitForTimeout(2000);
  const frames = (await page.evaluate(() => window.digitlab.framesDrawn())) - f0;
  const rate = frames / ((Date.now() - t0) / 1000);
  check(rate >= 8,
        `the worker's messages alone draw frames on an idle page: ${frames} frames in 2 s ` +
        `(${rate.toFixed(1)}/s; an idle page draws 2/s)`);
}

// A page training MNIST in its worker, a 7 on the pad whose outputs the run has changed since
// `before`, the untrained ones.
async function learningRun(browser, url) {
  const { context, page } = await openLaptop(browser, url);
  const before = (await drawSeven(page)).outputs;
  await startMnistRun(page, 40);
  const s = await until(page, (t) => !same(t.outputs, before), 20000);
  check(!same(s.outputs, before), 'the run has changed the drawing\'s outputs');
  return { context, page, before };
}

// The worker dies while a Stop is on its way (its post of the Stop ends it instead, then its
// error event): the user asked to keep what the run had, so the run ends stopped, not rolled
// back; the model keeps the newest weights the worker sent.
async function workerDiesAtStopRun(browser, url) {
  const { context, page, before } = await learningRun(browser, url);
  await page.evaluate(() => {
    const worker = Object.values(Module.trainingWorkers)[0];
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (buffer, transfer) => {
      const bytes = new Uint8Array(buffer);
      if (bytes.length === 6 && bytes[5] === 5) {  // a Stop (training_codec.h): the worker dies
        worker.terminate();
        worker.dispatchEvent(new ErrorEvent('error', { message: 'killed at stop' }));
        return;
      }
      post(buffer, transfer);
    };
  });
  await clickButton(page, 'stop');
  let s = await until(page, (t) => t.training.phase !== 'running' && t.hostNote !== '', 10000);
  check(s.training.phase === 'stopped' && s.lastError === '',
        `a worker that dies at the stop ends the run stopped (${s.training.phase}, "${s.lastError}")`);
  check(!same(s.outputs, before), `the trained weights are kept (outputs ${s.outputs.slice(0, 3)}...)`);
  check(s.trainer === 'main' && s.hostNote.includes('killed at stop'),
        `the page trains on the main thread now and says why ("${s.hostNote}")`);
  await context.close();
}

// A second host made while the first lives (the session's use_host makes the new one, then
// ends the old one): the old host ends its worker, and the new one makes its own at its first
// run (the ids keep a late message of the old worker from reaching the new host).
async function secondHostRun(browser, url) {
  const { context, page, errors } = await openLaptop(browser, url);
  await until(page, (t) => t.trainer === 'worker', 5000);
  await startMnistRun(page);  // the first host's worker is created with the run's data
  await clickButton(page, 'stop');
  await until(page, (t) => t.training.phase !== 'running', 10000);
  const ids = () => page.evaluate(() => Object.keys(Module.trainingWorkers || {}));
  const first = await ids();
  await page.evaluate(() => window.digitlab.newTrainingHost());
  const between = await ids();
  await clickButton(page, 'start');  // the new host gets the data, and makes its worker
  const s = await until(page, (t) => t.training.samplesSeen > 0 && !t.training.evaluating);
  const second = await ids();
  check(first.length === 1 && between.length === 0 && second.length === 1 &&
        second[0] !== first[0],
        `the old host ended its worker and the new one trains in its own (${first} -> ` +
        `[${between}] -> ${second})`);
  check(s.trainer === 'worker' && s.hostNote === '' && s.training.samplesSeen > 0,
        `the new host's worker trains (${s.trainer}, ${s.training.samplesSeen} samples, ` +
        `note "${s.hostNote}")`);
  await clickButton(page, 'stop');
  check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  await context.close();
}

// ?worker=off: the main thread trains, between frames, and only while the page is shown.
async function mainThreadRun(browser, url) {
  const { context, page, errors } = await openLaptop(browser, `${url}?worker=off`);
  let s = await state(page);
  check(s.trainer === 'main', `?worker=off trains on the main thread (trainer "${s.trainer}")`);
  await startMnistRun(page, 40);  // not over before the rate is read and Stop clicked
  s = await until(page, (t) => t.training.samplesSeen > 20000, 30000);
  check(s.training.samplesSeen > 20000, `the main thread trains (${s.training.samplesSeen} samples)`);
  const before = await state(page);
  await page.waitForTimeout(2000);
  const shownRate = ((await state(page)).training.samplesSeen - before.training.samplesSeen) / 2;
  const hidden = await hiddenSamples(page, 2000);
  console.log(`     main thread: ${shownRate.toFixed(0)} samples/s drawing; ${hidden.whileStopped} ` +
              `samples over 2 s without frames`);
  // What the frames between the last state() read and the pause trained: a frame or two, far
  // under the 2 s the worker trains through (a loaded machine's frame can train 0.1 s's worth).
  check(hidden.whileStopped < 0.25 * shownRate,
        `on the main thread a run waits while the page draws no frames (${hidden.whileStopped} samples)`);
  await clickButton(page, 'stop');
  check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  await context.close();
}

// A worker that cannot start: its script or its engine blocked, the block held back until a
// run has been started (the Start waits in the worker's queue, or is lost with its script). The
// page says so, and that run, of which nothing had arrived, trains on the main thread without
// a failure (worker_training_host.h's fallback); a second run trains there too.
async function fallbackRun(browser, url, blocked) {
  const context = await browser.newContext(screens.laptop);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(`**/${blocked}`, async (route) => {
    await held;
    await route.abort();
  });
  const page = await context.newPage();
  await page.goto(url);
  if (!await waitForApp(page)) throw new Error('the app did not start');
  await clickButton(page, 'mnist');
  let s = await until(page, (t) => t.data.train === 60000 || t.lastError !== '', 120000);
  check(s.data.train === 60000, `the bundled MNIST loaded (${s.data.train} images)`);
  await clickButton(page, 'preset-book-200');
  await clickButton(page, 'start');
  s = await state(page);
  check(s.trainer === 'worker' && s.training.phase === 'running' && s.training.samplesSeen === 0,
        `${blocked} held back: the run is started in the worker, nothing trained yet ` +
        `(${s.trainer}, ${s.training.phase}, ${s.training.samplesSeen} samples)`);
  release();
  let failed = false;
  s = await until(page, (t) => {
    failed ||= t.training.phase === 'failed';
    return failed || (t.trainer === 'main' && t.training.samplesSeen > 5000);
  }, 60000);
  check(s.trainer === 'main' &&
        s.hostNote.startsWith("Training runs on the page's main thread: the worker could not start"),
        `${blocked} blocked: the page falls back to the main thread and says so ("${s.hostNote}")`);
  check(!failed && s.training.phase === 'running' && s.training.samplesSeen > 5000 &&
        s.lastError === '',
        `the run started before the failure trains there, not failed (${s.training.phase}, ` +
        `${s.training.samplesSeen} samples, error "${s.lastError}")`);
  await clickButton(page, 'stop');
  s = await until(page, (t) => t.training.phase !== 'running', 10000);
  await clickButton(page, 'start');
  s = await until(page, (t) => t.training.phase === 'running' && t.training.samplesSeen > 2000, 30000);
  check(s.training.samplesSeen > 2000, `and a new run trains there (${s.training.samplesSeen} samples)`);
  await clickButton(page, 'stop');
  await context.close();
}

// The worker dies in the middle of a run (terminated, then its error event, as a crash or an
// out-of-memory would end it): the run ends Failed with the reason, the model is the one from
// before the run (the drawing's outputs are the untrained ones again), the page says it trains
// on the main thread now, and a new run does.
async function workerDiesRun(browser, url) {
  const { context, page, before } = await learningRun(browser, url);
  await page.evaluate(() => {
    const worker = Object.values(Module.trainingWorkers)[0];  // the page's one host's
    worker.terminate();
    worker.dispatchEvent(new ErrorEvent('error', { message: 'killed by the test' }));
  });
  let s = await until(page, (t) => t.training.phase !== 'running' && t.hostNote !== '', 10000);
  check(s.training.phase === 'failed' && s.lastError.includes('The training worker stopped (killed by the test)'),
        `the run ends failed with the reason (${s.training.phase}: "${s.lastError}")`);
  check(same(s.outputs, before), `the model from before the run is back (outputs ${s.outputs.slice(0, 3)}...)`);
  check(s.trainer === 'main' && s.hostNote.includes('the worker stopped (killed by the test)'),
        `the page trains on the main thread now and says why ("${s.hostNote}")`);
  await clickButton(page, 'start');
  s = await until(page, (t) => t.training.samplesSeen > 2000, 30000);
  check(s.training.phase === 'running' && s.training.samplesSeen > 2000,
        `a new run trains on the main thread (${s.training.samplesSeen} samples)`);
  await clickButton(page, 'stop');
  await context.close();
}

// Picks `kind` in the panel's combo `name` (training_panel_settings.cpp's kind_combo): a click
// on the combo's box (its left end: the item's rect takes in the label to its right), then on
// the entry in the list it opens.
async function pickInCombo(page, name, kind) {
  const r = await findButton(page, name);
  if (!check(r !== null, `the "${name}" combo is on screen`)) throw new Error(`no ${name}`);
  await clickAt(page, { x: r.x, y: r.y, width: r.height, height: r.height });
  await waitFrames(page, 2);
  const entry = await page.evaluate((n) => window.digitlab.buttonRect(n), `${name}-${kind}`);
  if (!check(entry !== null, `the "${name}" combo lists ${kind}`)) throw new Error(`no ${kind}`);
  await clickAt(page, entry);
}

// A run that diverges, set up in the panel (see the top of the file), on the host `query`
// gives ('' the worker, '?worker=off' the main thread): failed and said, the model from
// before it back, then a sane run trains.
async function divergeRun(browser, url, query, trainer, shot) {
  const { context, page, errors } = await openLaptop(browser, url + query);
  let s = await drawSeven(page);
  check(s.trainer === trainer, `${trainer}: the page trains there (trainer "${s.trainer}")`);
  const before = { layers: s.layers, outputs: s.outputs };
  await loadMnist(page);
  await clickButton(page, 'preset-book-200');
  await pickInCombo(page, 'activation', 'relu');
  await clickButton(page, 'hidden-add');
  await clickButton(page, 'hidden-add');
  await typeInto(page, 'lr', '100');
  // What the model was while the run went on, looked at after every frame in the page (the
  // worker may end the run sooner than a poll from here comes round): the run's own network,
  // else the rollback below would compare a model with itself.
  await page.evaluate(() => {
    window.runLayers = null;
    const look = () => {
      const t = window.digitlab.state();
      if (t.layers.length !== 3) window.runLayers = t.layers;
      if (!window.runLayers && t.training.phase !== 'failed') requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await clickButton(page, 'start');
  s = await until(page, (t) => t.training.phase !== 'running', 60000);
  const runLayers = await page.evaluate(() => window.runLayers);
  check(runLayers !== null && same(runLayers, [784, 200, 200, 200, 10]),
        `while it ran, the model was the run's ${runLayers ? runLayers.join('-') : '(never seen)'} network`);
  check(s.training.phase === 'failed' && s.lastError.includes('diverged'),
        `the run ends failed, saying it diverged (${s.training.phase}: "${s.lastError}")`);
  check(same(s.layers, before.layers) && same(s.outputs, before.outputs),
        `the model from before the run is back (${s.layers.join('-')}, outputs ` +
        `${s.outputs.slice(0, 3).map((v) => v.toFixed(4))}...; before the run ` +
        `${before.layers.join('-')}, ${before.outputs.slice(0, 3).map((v) => v.toFixed(4))}...)`);
  await waitFrames(page, 3);
  const file = join(shotDir, shot);
  writeFileSync(file, await page.screenshot());
  console.log(`     screenshot: ${file}`);

  await clickButton(page, 'preset-book-200');
  await clickButton(page, 'start');
  s = await until(page, (t) => t.training.samplesSeen > 2000 || t.training.phase !== 'running', 30000);
  check(s.training.phase === 'running' && s.training.samplesSeen > 2000 && same(s.layers, [784, 200, 10]) &&
        s.lastError === '',
        `then the book's run trains (${s.training.phase}, ${s.training.samplesSeen} samples, ` +
        `${s.layers.join('-')})`);
  await clickButton(page, 'stop');
  check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
  await context.close();
}

await runBrowserTest('worker', checks, { siteDir, shotDir }, async (browser, url) => {
  await workerRun(browser, url);
  await mainThreadRun(browser, url);
  await fallbackRun(browser, url, 'training_worker.js');
  await fallbackRun(browser, url, 'digitlab_trainer.wasm');
  await workerDiesRun(browser, url);
  await workerDiesAtStopRun(browser, url);
  await secondHostRun(browser, url);
  await divergeRun(browser, url, '', 'worker', 'worker-diverged.png');
  await divergeRun(browser, url, '?worker=off', 'main', 'worker-diverged-main.png');
});
