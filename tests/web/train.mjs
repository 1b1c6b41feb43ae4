// Training in the web app and keeping its work, in headless Chromium. Everything goes through
// real browser events: uploads through the page's <input type=file> (setInputFiles), clicks
// with the mouse on the panel's buttons (found by window.digitlab.buttonRect, read-only like
// padRect), drawing with the mouse. It checks:
//   - a small upload (2,000 MNIST training images as gzip IDX + a 500-image CSV test set)
//     trains a fresh 784-100-10 network (the core's book-100 preset, all its epochs) and
//     raises its test accuracy from the untrained one; the drawing's outputs change (the run
//     takes a few frames: its frames and the longest, frameMsMax, are printed against the
//     50 ms target)
//   - bad uploads (a truncated IDX pair, a mismatched pair, a garbage .dlm, a model of another
//     shape) show lastError and change nothing
//   - the model downloads as a .dlm; a reload keeps the trained model (IndexedDB); "back to
//     pre-trained" restores the pre-trained one and forgets it; the downloaded file loads back
//     through the picker and by drag-and-drop onto the page (a dropped garbage file is refused)
//   - the bundled MNIST loads on demand with progress (60,000 + 10,000 images) and trains in
//     slices (frames keep coming; the longest is printed), pause holds, stop ends the run
// Screenshots: build/web/screenshots/train-*.png.
//   node tests/web/train.mjs [SITE_DIR]     (default build/web/site; SITE_URL= as smoke.mjs)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

import {
  clickAt, collectErrors, drawSeven, findButton, makeChecks, root, runBrowserTest, siteArgs,
  typeInto, waitForApp, waitFrames,
} from './lib.mjs';

const { siteDir, shotDir } = siteArgs();
const checks = makeChecks('train');
const { check } = checks;
const mnistDir = process.env.DIGITLAB_MNIST_DIR || join(root, 'build/deps/mnist');
// The target is no frame over 50 ms; it is printed as a figure, not asserted (the
// machines are shared and noisy: timings are benchmarks, not pass/fail tests). What is asserted
// is structural: the page kept drawing frames all through a long run (the bundled MNIST's), i.e.
// training is sliced. The small upload's run is too short for that: the fast kernels train its
// 2,000 samples in a frame or two.
const kFrameTargetMs = 50;
const kMinFramesDuringRun = 10;
const kMnistWatchMs = 1500;  // of the bundled MNIST's run, long enough for kMinFramesDuringRun
const kMnistEpochs = 40;     // far more than the watch, the pause and the resume take

// ---- test data, written at run time from the bundled MNIST (never committed) ----

// The first n images (or labels) of an IDX file: header with the count replaced, then data.
function idxHead(file, n) {
  const bytes = readFileSync(join(mnistDir, file));
  const header = bytes.readUInt32BE(0) === 0x803 ? 16 : 8;
  const item = header === 16 ? 28 * 28 : 1;
  const out = Buffer.from(bytes.subarray(0, header + n * item));
  out.writeUInt32BE(n, 4);
  return out;
}

function csvOf(imagesIdx, labelsIdx, n) {
  const lines = [];
  for (let i = 0; i < n; ++i) {
    const pixels = imagesIdx.subarray(16 + i * 784, 16 + (i + 1) * 784);
    lines.push(`${labelsIdx[8 + i]},${Array.from(pixels).join(',')}`);
  }
  return lines.join('\n') + '\n';
}

// CRC-32 (IEEE), as the model file's trailer needs.
function crc32(bytes) {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; ++k) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

// A well-formed model file (model_file.h's layout) of another shape: 100-8-10, not 784-...-10.
function otherShapeModel() {
  const sizes = [100, 8, 10], weights = 100 * 8 + 8 * 10;
  const b = Buffer.alloc(16 + 4 * sizes.length + 4 + 4 + 8 + 8 + 8 + 4 * weights);
  let at = b.write('DLMD');
  for (const v of [1, 1, sizes.length, ...sizes]) at = b.writeUInt32LE(v, at);
  at = b.writeFloatLE(0.1, at);
  at = b.writeUInt32LE(0, at);
  for (const v of [1n, 0n, BigInt(weights)]) at = b.writeBigUInt64LE(v, at);
  for (let i = 0; i < weights; ++i) at = b.writeFloatLE(0.01 * ((i % 7) - 3), at);
  const out = Buffer.alloc(b.length + 4);
  b.copy(out);
  out.writeUInt32LE(crc32(b), b.length);
  return out;
}

function makeFiles(dir) {
  const f = (name, bytes) => { writeFileSync(join(dir, name), bytes); return join(dir, name); };
  const testImages = idxHead('t10k-images-idx3-ubyte', 500);
  const testLabels = idxHead('t10k-labels-idx1-ubyte', 500);
  const trainImages = idxHead('train-images-idx3-ubyte', 2000);
  return {
    // Names say nothing of the contents: the app sorts files by content.
    upload: [f('digits.gz', gzipSync(trainImages)),
             f('answers.idx', idxHead('train-labels-idx1-ubyte', 2000)),
             f('check.csv', csvOf(testImages, testLabels, 500))],
    truncated: [f('cut-images.idx', trainImages.subarray(0, trainImages.length - 5000)),
                f('cut-labels.idx', idxHead('train-labels-idx1-ubyte', 2000))],
    mismatched: [f('some-images.idx', trainImages),
                 f('fewer-labels.idx', idxHead('train-labels-idx1-ubyte', 1999))],
    garbageModel: [f('garbage.dlm', Buffer.concat([Buffer.from('DLMD'), Buffer.alloc(5000, 7)]))],
    otherShape: [f('small-net.dlm', otherShapeModel())],
  };
}

// ---- page helpers ----

const state = (page) => page.evaluate(() => window.digitlab.state());

async function shot(page, name) {
  const file = join(shotDir, `train-${name}.png`);
  writeFileSync(file, await page.screenshot());
  return file;
}

// A real click on one of the panel's buttons (found, scrolled to, clicked as lib.mjs does).
// settle off: the caller watches what the click started from the release on.
async function clickButton(page, name, { settle = true } = {}) {
  const r = await findButton(page, name);
  if (!check(r !== null, `the "${name}" button is on screen`)) return false;
  await clickAt(page, r, { settle });
  return true;
}

// Polls state() until done(s) or the timeout; frameMsMax is the longest frame since the
// previous state() call, so the largest over the polls is the longest frame of the wait.
// frames counts from firstFrame (default: the first poll's frame count).
async function watch(page, done, { timeout = 120000, every = 100, onState = () => {}, firstFrame = null } = {}) {
  const start = Date.now();
  let frameMax = 0, s;
  for (;;) {
    s = await state(page);
    if (firstFrame === null) firstFrame = s.frames;
    frameMax = Math.max(frameMax, s.frameMsMax);
    onState(s);
    if (done(s) || Date.now() - start > timeout) break;
    await page.waitForTimeout(every);
  }
  return { state: s, frameMax, frames: s.frames - firstFrame, ms: Date.now() - start,
           timedOut: !done(s) };
}

// Drag-and-drop of files onto the page: a DataTransfer holding the files, then the drag events
// a real drop sends, on the canvas (Playwright's way to drop files; the page's handler is the
// one a user's drop reaches).
async function dropFiles(page, paths) {
  const files = paths.map((p) => ({ name: basename(p), base64: readFileSync(p).toString('base64') }));
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    return dt;
  }, files);
  for (const type of ['dragenter', 'dragover', 'drop'])
    await page.dispatchEvent('canvas', type, { dataTransfer: transfer });
}

const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

// ---- the checks ----

async function trainSmallUpload(page, files) {
  let s = await state(page);
  check(s.training && s.training.phase === 'idle' && s.data.train === 0,
        `the panel starts idle with no data: ${JSON.stringify(s.training)}`);
  s = await drawSeven(page);
  check(s.prediction !== null, `a drawn 7 gets an answer from the pre-trained network (${s.prediction})`);
  const pretrainedOutputs = s.outputs;

  await page.setInputFiles('#file-input', files.upload);
  const up = await watch(page, (t) => t.data.train > 0 || t.lastError !== '', { timeout: 20000 });
  check(up.state.lastError === '' && up.state.data.train === 2000 && up.state.data.test === 500,
        `the upload (gzip IDX pair + CSV test set) gives 2,000 training and 500 test images ` +
        `(${JSON.stringify(up.state.data)}, error "${up.state.lastError}")`);
  await shot(page, 'upload');

  // The core's book-100 preset (a fresh 784-100-10, its epochs and rate), then Start.
  if (!await clickButton(page, 'preset-book-100')) return null;
  const framesBefore = (await state(page)).frames;
  if (!await clickButton(page, 'start', { settle: false })) return null;
  let outputsMoved = false;
  // Until the run has ended: state() reads the app between frames, so the first reading can
  // come before the frame that takes the release (the phase still idle).
  const run = await watch(page, (t) => ['finished', 'stopped', 'failed'].includes(t.training.phase), {
    timeout: 60000, every: 50, firstFrame: framesBefore,
    onState: (t) => {
      if (t.training.samplesSeen > 0 && !same(t.outputs, pretrainedOutputs)) outputsMoved = true;
    },
  });
  const t = run.state.training;
  console.log(`     run: ${run.ms} ms, ${run.frames} frames from the click, ${JSON.stringify(t)}, longest frame ` +
              `${run.frameMax.toFixed(1)} ms (target ${kFrameTargetMs} ms)` +
              (run.timedOut ? `; never ended (notice "${run.state.notice}", error "${run.state.lastError}")` : ''));
  check(t.phase === 'finished' && t.epochs >= 1 && t.epoch === t.epochs &&
        t.samplesSeen === 2000 * t.epochs,
        `Start ran the preset's ${t.epochs} epochs: epoch ${t.epoch}, ${t.samplesSeen} samples`);
  check(run.state.layers.join('-') === '784-100-10', `a fresh ${run.state.layers.join('-')} network`);
  const [baseline, ...afterEpochs] = t.accuracies;
  check(afterEpochs.length === t.epochs && afterEpochs.at(-1) === t.testAccuracy &&
        t.testAccuracy > baseline + 0.3 &&
        t.testAccuracy > 0.75, `test accuracy rose from ${baseline} (untrained) to ${t.testAccuracy}`);
  check(outputsMoved, 'the drawing\'s outputs changed as the network trained');
  await waitFrames(page, 3);
  await shot(page, 'done');
  return { trained: await state(page), frameMax: run.frameMax };
}

async function corruptUploads(page, files, trained) {
  for (const [what, paths, shotName] of [['truncated IDX pair', files.truncated, 'error-idx'],
                                         ['mismatched IDX pair', files.mismatched, 'error-pair'],
                                         ['garbage .dlm', files.garbageModel, 'error-dlm'],
                                         ['model of another shape', files.otherShape, 'error-shape']]) {
    await page.setInputFiles('#file-input', paths);
    const r = await watch(page, (t) => t.lastError.includes(paths[0].split('/').at(-1)),
                          { timeout: 20000 });
    const s = r.state;
    check(s.lastError.startsWith('Upload refused'), `${what}: the app says "${s.lastError}"`);
    check(same(s.outputs, trained.outputs) && same(s.layers, trained.layers),
          `${what}: model and outputs for the same drawing unchanged`);
    check(s.data.train === 2000 && s.data.test === 500 && s.training.phase === 'finished',
          `${what}: dataset and training state unchanged`);
    await shot(page, shotName);
  }
}

async function keepTheWork(page, trained, tmp) {
  // Download the model.
  const [download] = await Promise.all([page.waitForEvent('download'), clickButton(page, 'download')]);
  const saved = join(tmp, download.suggestedFilename());
  await download.saveAs(saved);
  const bytes = readFileSync(saved);
  check(bytes.subarray(0, 4).toString() === 'DLMD' && bytes.length > 300000,
        `the model downloads as ${download.suggestedFilename()} (${bytes.length} bytes)`);

  // A reload keeps the trained model (IndexedDB).
  await page.reload();
  check(await waitForApp(page), 'reload: app ready');
  let s = await state(page);
  check(s.layers.join('-') === '784-100-10' && s.kept,
        `reload: the trained ${s.layers.join('-')} model is back (${s.notice})`);
  s = await drawSeven(page);
  check(s.prediction !== null && Math.abs(s.outputs[7] - trained.outputs[7]) < 0.05,
        `reload: the same 7 gets the trained model's answer (${s.outputs[7].toFixed(3)} vs ` +
        `${trained.outputs[7].toFixed(3)})`);
  await shot(page, 'reload');

  // Back to pre-trained: the 784-200-10 network again, and it stays after a reload.
  await clickButton(page, 'reset');
  s = await state(page);
  check(s.layers.join('-') === '784-200-10' && !s.kept && s.lastError === '',
        `"Back to pre-trained" gives ${s.layers.join('-')} back`);
  await page.reload();
  check(await waitForApp(page), 'reload 2: app ready');
  s = await state(page);
  check(s.layers.join('-') === '784-200-10' && !s.kept,
        `reload 2: still the pre-trained ${s.layers.join('-')} (the kept model was forgotten)`);

  // The downloaded file loads back through the picker.
  await page.setInputFiles('#file-input', [saved]);
  const r = await watch(page, (t) => t.layers.join('-') === '784-100-10' || t.lastError !== '',
                        { timeout: 20000 });
  check(r.state.layers.join('-') === '784-100-10' && r.state.lastError === '',
        `the downloaded .dlm loads back (${r.state.notice})`);
  await clickButton(page, 'reset');

  // ...and by dropping it onto the page; a dropped garbage file is refused and changes nothing.
  await watch(page, (t) => t.layers.join('-') === '784-200-10', { timeout: 20000 });
  await dropFiles(page, [saved]);
  const dropped = await watch(page, (t) => t.layers.join('-') === '784-100-10' || t.lastError !== '',
                              { timeout: 20000 });
  check(dropped.state.layers.join('-') === '784-100-10' && dropped.state.lastError === '',
        `a .dlm dropped onto the page loads (${dropped.state.layers.join('-')})`);
  const garbage = join(tmp, 'dropped-garbage.dlm');
  writeFileSync(garbage, Buffer.from('not a model at all'));
  await dropFiles(page, [garbage]);
  const refused = await watch(page, (t) => t.lastError !== '', { timeout: 20000 });
  check(refused.state.lastError.startsWith('Upload refused') &&
        same(refused.state.outputs, dropped.state.outputs),
        `a dropped garbage file is refused, the model kept ("${refused.state.lastError}")`);
  await clickButton(page, 'reset');
}

async function bundledMnist(page) {
  // Longest gap between animation frames, measured in the page: it also sees time spent
  // outside the app's frame callback (the upload handed to wasm and unzipped there).
  await page.evaluate(() => {
    window.__gap = 0;
    let last = performance.now();
    const tick = (now) => { window.__gap = Math.max(window.__gap, now - last); last = now; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const gap = () => page.evaluate(() => { const g = window.__gap; window.__gap = 0; return g; });

  let s = await state(page);
  check(!s.fetch.active && s.data.train === 0, 'reload: no dataset loaded at start');
  // Localhost serves the 11 MB at once: Chromium's own throttling (4 MB/s) lets the test
  // see the progress bar move.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions',
                 { offline: false, latency: 20, downloadThroughput: 4e6, uploadThroughput: -1 });
  if (!await clickButton(page, 'mnist')) return;
  await page.waitForTimeout(800);
  await shot(page, 'mnist-progress');
  const fractions = [];
  const load = await watch(page, (t) => t.data.train > 0 || t.lastError !== '', {
    timeout: 120000, every: 20,
    onState: (t) => { if (t.fetch.active) fractions.push(t.fetch.fraction); },
  });
  await cdp.send('Network.emulateNetworkConditions',
                 { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const partial = fractions.filter((f) => f > 0 && f < 1);
  s = load.state;
  console.log(`     MNIST: ${load.ms} ms, ${fractions.length} progress readings ` +
              `(${partial.length} between 0 and 1), longest animation-frame gap ${(await gap()).toFixed(0)} ms`);
  check(s.data.train === 60000 && s.data.test === 10000 && s.lastError === '',
        `the bundled MNIST loads on demand: ${s.data.train} training / ${s.data.test} test ` +
        `images from "${s.data.source}"`);
  check(partial.length >= 3 && fractions.every((f) => f === -1 || (f >= 0 && f <= 1)),
        `its progress was reported (${partial.length} readings between 0 and 1, from ` +
        `${partial[0]} to ${partial.at(-1)})`);

  // The book's 784-200-10 preset on the full set for a few seconds: frame times, pause, stop.
  // Its 5 epochs can end before Pause is clicked on a loaded machine (and the click would land
  // on Start, in Pause's place): a long run instead.
  await clickButton(page, 'preset-book-200');
  check(await typeInto(page, 'epochs', String(kMnistEpochs)), 'the "epochs" field is on screen');
  await clickButton(page, 'start');
  await gap();
  const watchStart = Date.now();
  const run = await watch(page, (t) => Date.now() - watchStart >= kMnistWatchMs &&
                                       t.training.samplesSeen > 0, { timeout: 60000 });
  const rafGap = await gap();
  console.log(`     MNIST run: ${run.state.training.samplesSeen} samples in ${run.ms} ms; longest ` +
              `frame ${run.frameMax.toFixed(1)} ms, longest animation-frame gap ${rafGap.toFixed(1)} ms`);
  check(run.frames >= kMinFramesDuringRun && run.state.training.phase === 'running' &&
        run.state.training.epochs === kMnistEpochs,
        `MNIST training: the page drew ${run.frames} frames during the run (longest ` +
        `${run.frameMax.toFixed(1)} ms; target ${kFrameTargetMs} ms; ` +
        `${run.state.training.epochs} epochs)`);
  await shot(page, 'mnist-running');
  // Pause: nothing moves (a moment first for what the worker sent before it took the pause).
  await clickButton(page, 'pause');
  await page.waitForTimeout(300);
  const paused = (await state(page)).training;
  await page.waitForTimeout(500);
  const later = (await state(page)).training;
  check(paused.phase === 'paused' && later.samplesSeen === paused.samplesSeen,
        `pause holds the run at ${paused.samplesSeen} samples (${later.samplesSeen} half a second later)`);
  await clickButton(page, 'resume');
  await watch(page, (t) => t.training.samplesSeen > paused.samplesSeen, { timeout: 20000 });
  // Stop: a worker's run ends when the worker answers, a few frames later.
  await clickButton(page, 'stop');
  s = (await watch(page, (t) => t.training.phase !== 'running', { timeout: 10000 })).state;
  check(s.training.phase === 'stopped' && !s.training.running, `stop ends the run (${s.training.phase})`);
  await shot(page, 'mnist-stopped');
  await clickButton(page, 'reset');
  return { frameMax: run.frameMax, rafGap };
}

const tmp = mkdtempSync(join(tmpdir(), 'digitlab-train-'));
try {
  const files = makeFiles(tmp);
  await runBrowserTest('train', checks, { siteDir, shotDir }, async (browser, url) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(url);
    if (check(await waitForApp(page), 'app ready')) {
      const small = await trainSmallUpload(page, files);
      if (small) {
        await corruptUploads(page, files, small.trained);
        await keepTheWork(page, small.trained, tmp);
      }
      const mnist = await bundledMnist(page);
      console.log(`     frame-time figure: longest frame while training ${small ? small.frameMax.toFixed(1) : '?'} ms ` +
                  `(2,000-image upload, 784-100-10), ${mnist ? mnist.frameMax.toFixed(1) : '?'} ms (MNIST, 784-200-10)`);
    }
    check(errors.length === 0, `no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
    await context.close();
  });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
