// The web app's own figures in headless Chromium (TOOLCHAIN.md's flags, software WebGL), printed
// as ONE JSON line on stdout (progress goes to stderr). A benchmark, not a test: nothing here
// passes or fails on a timing.
//   firstFrame  navigation start -> window.digitlab set (the end of the app's first frame), in
//               ms, median of 3 loads, each in a fresh browser context (cold cache); and that
//               load's breakdown (startupBreakdown: the downloads, the runtime ready, the
//               app's start-up marks), in ms from the navigation start
//               (BENCH_ONLY=first for this figure alone)
//   query       one drawn-digit query in the page, from state().query after a 7 drawn with
//               real mouse moves: the forward pass (every frame) and the MNIST preprocessing
//               (each change of the ink), means over the app's last 120 of each
//   train       the bundled MNIST loaded through the panel's button, the book's 784-200-10
//               preset (lr 0.1) started, then samples/s over BENCH_SECONDS (default 18) of
//               training or until the run's 5 epochs end (samplesSeen delta / wall time; the
//               page's test-set checks included; the drawn 7 stays on the pad and is answered
//               every frame, as for a user watching), with the frames in that window: the
//               app's longest frame and how many took over 50 ms (frameMsMax, slowFrames: its
//               own frame callback), and the gaps between animation frames as the page sees
//               them (everything the main thread did, the browser's own work included), their
//               longest, median, 95th percentile and how many exceeded 50 ms
//   recipe      the same for the deep-elastic preset (the strongest MLP recipe: 784-800-800-10
//               on distorted digits), with runMinutes, its 30 epochs at that rate; beside it
//               native.recipe, the native CLI on 10,000 samples of it, and their ratio
//   inside      the frame budget with the Inside section open while training: each of its
//               tabs shown in turn for INSIDE_SECONDS (default 4) during a new run, with the
//               app's longest frame and frames over 50 ms on each, and the samples/s meanwhile
//   idle        a page left alone for IDLE_SECONDS (default 10) after a settling pause, in a
//               context of its own, with idling on (the default) and off (index.html?idle=off,
//               a frame every animation frame as before src/app/idle_gate.h): the CPU seconds
//               of the whole browser (every process under this one: browser, GPU, renderer,
//               from /proc), the page's main-thread task time (DevTools' TaskDuration) and the
//               frames the app drew (window.digitlab.framesDrawn(), which does not wake it)
//   worker      the page training the book's 784-200-10 in its Web Worker (the default host,
//               src/platform/worker_training_host.h) for BENCH_SECONDS on the bundled MNIST,
//               a 7 redrawn on the pad every 5 s, beside the WebAssembly CLI in Node on the same
//               engine (build/web/digitlab-node.js, one epoch, its own samples/s line): the
//               page's samples/s (state(), leaving out the seconds its accuracy checks took,
//               as Node's figure does; withChecksSamplesPerSecond keeps them), Node's, their
//               ratio, and the app's own work per
//               frame on the main thread meanwhile (its frame callback's lengths,
//               window.digitlab.frameTimes(): the browser's idle time between frames is not
//               in them) as median, 95th percentile and longest; the same run's rate over 5 s
//               without the page's frames (its loop paused, as a hidden tab's: the worker alone
//               on the cores, the software GL included); the memory it costs: both
//               .wasm files (the engine is loaded twice, once per thread) and both heaps
//               (the worker's holds its copy of the datasets). Its summary is the LAST line:
//               page_vs_node=0.87 page_samples_per_s=... node_samples_per_s=...
//               main_thread_p95_ms=...
//   native      tests/bench/query_latency.cpp (the native build's query_latency target) for
//               the native query, and, when a native CLI is at hand (NATIVE_CLI, default
//               build/native/digitlab), its samples/s for one epoch of the same network
// Usage: node tests/bench/page_bench.mjs [SITE_DIR]   (default build/web/site)
//   SITE_URL=... as the web tests; BENCH_SECONDS=18; IDLE_SECONDS=10; NATIVE_CLI=path ('' skips
//   it); WORKER_VIEWPORT=1280x720 (the worker figure's page size);
//   BENCH_ONLY=idle measures the idle figures alone, BENCH_ONLY=worker the worker's,
//   BENCH_ONLY=first the first frame's
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import {
  clickAt, drawSeven, findButton, findItem, launchBrowser, root, siteArgs, siteUrl, waitForApp,
} from '../web/lib.mjs';

const { siteDir } = siteArgs();
const trainSeconds = Number(process.env.BENCH_SECONDS || 18);
// The worker figure's page size, WxH (its share of the cores depends on the pixels drawn).
const [workerWidth, workerHeight] = (process.env.WORKER_VIEWPORT || '1280x720').split('x').map(Number);
const idleSeconds = Number(process.env.IDLE_SECONDS || 10);
const onlyIdle = process.env.BENCH_ONLY === 'idle';
const onlyWorker = process.env.BENCH_ONLY === 'worker';
const onlyFirst = process.env.BENCH_ONLY === 'first';
const onlyOne = onlyIdle || onlyWorker || onlyFirst;
const nativeCli = process.env.NATIVE_CLI ?? join(root, 'build/native/digitlab');
const kSlowFrameMs = 50;  // the target: no frame over 50 ms
const log = (...a) => console.error('page_bench:', ...a);
const round = (v, digits = 3) => (v === null || v === undefined ? null : Number(v.toFixed(digits)));
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const state = (page) => page.evaluate(() => window.digitlab.state());

// The moment window.digitlab is assigned (web_main.cpp does it after the first frame), on the
// page's clock, whose zero is the navigation start.
function recordReady() {
  let value;
  Object.defineProperty(window, 'digitlab', {
    configurable: true,
    get() { return value; },
    set(v) {
      if (window.__readyAt === undefined) window.__readyAt = performance.now();
      value = v;
    },
  });
}

// Where a load's time went, on the page's clock (ms from the navigation's start): the files'
// downloads (resource timing: when each began and ended, and its bytes), the moment the wasm
// was compiled and instantiated with digitlab.data in its file system (index.html's
// onRuntimeInitialized), and the app's own marks (web_main.cpp's js_mark): main() begun, the
// WebGL context, ImGui and its renderer, the bundled assets read, the rest of the setup, the
// first animation frame begun and drawn.
function startupBreakdown() {
  const at = (v) => Math.round(v * 10) / 10;
  const files = {};
  for (const r of performance.getEntriesByType('resource')) {
    const name = r.name.split('/').pop().split('?')[0];
    if (/^digitlab\.(js|wasm|data)$/.test(name))  // the page's own (not the worker's)
      files[name] = { start: at(r.startTime), end: at(r.responseEnd), bytes: r.encodedBodySize };
  }
  const marks = {};
  for (const m of performance.getEntriesByType('mark'))
    if (m.name.startsWith('digitlab:')) marks[m.name.slice(9)] = at(m.startTime);
  const nav = performance.getEntriesByType('navigation')[0];
  return { html: at(nav.responseEnd), files, marks };
}

async function firstFrames(browser, url) {
  const loads = [];
  for (let i = 0; i < 3; ++i) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.addInitScript(recordReady);
    await page.goto(url);
    if (!await waitForApp(page)) throw new Error('the app did not start');
    loads.push({ ms: await page.evaluate(() => window.__readyAt),
                 breakdown: await page.evaluate(startupBreakdown) });
    await context.close();
  }
  const sorted = [...loads].sort((a, b) => a.ms - b.ms);
  const middle = sorted[Math.floor(sorted.length / 2)];
  return { ms: round(middle.ms, 1), loads: loads.map((l) => round(l.ms, 1)),
           breakdown: middle.breakdown };
}

// User + system CPU seconds of every process descended from this one (the browser's), from
// /proc/PID/stat (fields 14 and 15, in clock ticks; 100 a second on Linux).
function browserCpuSeconds() {
  const parent = new Map(), ticks = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;  // ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parent.set(Number(name), Number(fields[1]));
    ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
  }
  const descends = (pid) => {
    for (let p = parent.get(pid); p; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, t] of ticks) if (descends(pid)) total += t;
  return total / 100;
}

// One page, alone in its context, left idle: see the header's `idle`.
async function idleFigures(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(url);
  if (!await waitForApp(page)) throw new Error('the app did not start');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics
    .find((m) => m.name === 'TaskDuration').value;
  await page.waitForTimeout(4000);  // the bundled files' fetches, then the gate's awake second
  const frames0 = await page.evaluate(() => window.digitlab.framesDrawn());
  const task0 = await taskSeconds(), cpu0 = browserCpuSeconds();
  await page.waitForTimeout(idleSeconds * 1000);
  const cpu1 = browserCpuSeconds(), task1 = await taskSeconds();
  const frames1 = await page.evaluate(() => window.digitlab.framesDrawn());
  await context.close();
  return { browserCpuSeconds: round(cpu1 - cpu0, 2), pageTaskSeconds: round(task1 - task0, 3),
           frames: frames1 - frames0 };
}

async function clickButton(page, name) {
  const r = await findButton(page, name);
  if (!r) {
    const s = await state(page);
    throw new Error(`the "${name}" button is not on screen: ${JSON.stringify(s.training)} ` +
                    `${s.lastError} ${s.scrollY}`);
  }
  await clickAt(page, r);
}

async function waitFor(page, done, timeout) {
  const start = Date.now();
  for (;;) {
    const s = await state(page);
    if (done(s)) return s;
    if (Date.now() - start > timeout) throw new Error(`timed out: ${JSON.stringify(s.training)}`);
    await page.waitForTimeout(100);
  }
}

// The 7 query_latency.cpp paints, drawn with the mouse, then two seconds of frames.
async function queryFigures(page) {
  const s = await drawSeven(page, 130);
  const q = s.query;
  return {
    prediction: s.prediction,
    ms: round(q.forwardMs + q.preprocessMs, 4),
    forwardMs: round(q.forwardMs, 4), forwardMedianMs: round(q.forwardMedianMs, 4),
    forwards: q.forwards,
    preprocessMs: round(q.preprocessMs, 4), preprocessMedianMs: round(q.preprocessMedianMs, 4),
    preprocesses: q.preprocesses,
  };
}

async function trainFigures(page, preset = 'book-200') {
  if ((await page.evaluate(() => window.digitlab.state())).data.train !== 60000) {
    await clickButton(page, 'mnist');
    await waitFor(page, (s) => s.data.train === 60000 || s.lastError !== '', 120000);
  }
  await clickButton(page, `preset-${preset}`);
  await clickButton(page, 'start');
  // Past the accuracy-before-training pass over the 10,000 test images.
  await waitFor(page, (s) => s.training.samplesSeen > 0 && !s.training.evaluating, 60000);

  // Gaps between animation frames, recorded in the page from here on.
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    const tick = (now) => { window.__gaps.push(now - last); last = now; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  // Until the time is up or the run ends (5 epochs), whichever comes first.
  const read = () => page.evaluate(() => ({ t: performance.now(), s: window.digitlab.state() }));
  const first = await read();
  let frameMsMax = 0, last = first;
  while (last.t - first.t < trainSeconds * 1000 && last.s.training.phase === 'running') {
    await page.waitForTimeout(100);
    last = await read();
    frameMsMax = Math.max(frameMsMax, last.s.frameMsMax);
  }
  const gaps = (await page.evaluate(() => window.__gaps)).slice(1).sort((a, b) => a - b);
  const seconds = (last.t - first.t) / 1000;
  const samples = last.s.training.samplesSeen - first.s.training.samplesSeen;
  const phase = last.s.training.phase;
  if (phase === 'running') await clickButton(page, 'stop');
  return {
    network: last.s.layers.join('-'), phase, epoch: last.s.training.epoch,
    samplesPerSecond: Math.round(samples / seconds),
    seconds: round(seconds, 2), samples,
    frames: last.s.frames - first.s.frames,
    frameMsMax: round(frameMsMax, 1),
    framesOver50ms: last.s.slowFrames - first.s.slowFrames,
    gapMsMax: round(gaps.at(-1) ?? 0, 1),
    gapMsP95: round(gaps[Math.floor(gaps.length * 0.95)] ?? 0, 1),
    gapMsMedian: round(median(gaps) ?? 0, 1),
    gapsOver50ms: gaps.filter((g) => g > kSlowFrameMs + 1).length,
    testAccuracy: last.s.training.testAccuracy,
  };
}

// An item's rectangle (findItem), or an error: the benchmark cannot go on without it.
async function pageRequired(page, name) {
  const r = await findItem(page, name);
  if (!r) throw new Error(`"${name}" is not on screen`);
  return r;
}

// The frame budget with the Inside section open: a new run of the same network trains while
// each of the section's tabs is shown in turn for INSIDE_SECONDS (default 4), the drawn 7 still
// on the pad. Per tab: the app's longest frame and its frames over 50 ms, and the training
// rate meanwhile (what the views cost the run).
async function insideFigures(page) {
  const seconds = Number(process.env.INSIDE_SECONDS || 4);
  // A run under way, past its first test pass: a new one when the last has ended.
  const running = async () => {
    if ((await state(page)).training.phase === 'running') return;
    await clickButton(page, 'start');
    await waitFor(page, (s) => s.training.samplesSeen > 0 && !s.training.evaluating, 60000);
  };
  await running();
  await clickAt(page, await pageRequired(page, 'inside'));
  // The tabs in their order on screen, left to right.
  const tabs = await page.evaluate(() => window.digitlab.buttonNames()
    .filter((n) => n.startsWith('tab:'))
    .sort((a, b) => window.digitlab.buttonRect(a).x - window.digitlab.buttonRect(b).x));
  const result = {};
  for (const tab of tabs) {
    await running();
    await clickAt(page, await pageRequired(page, tab));
    const read = () => page.evaluate(() => ({ t: performance.now(), s: window.digitlab.state() }));
    const first = await read();
    // A run that ends (5 epochs) is followed by a new one; the samples are summed over both.
    let frameMsMax = 0, samples = 0, prev = first, last = first;
    while (last.t - first.t < seconds * 1000) {
      await page.waitForTimeout(100);
      last = await read();
      frameMsMax = Math.max(frameMsMax, last.s.frameMsMax);
      const seen = last.s.training.samplesSeen, before = prev.s.training.samplesSeen;
      samples += seen >= before ? seen - before : seen;
      prev = last;
      if (last.s.training.phase !== 'running') {
        await running();
        prev = await read();
        frameMsMax = Math.max(frameMsMax, prev.s.frameMsMax);
      }
    }
    result[tab.slice(4)] = {
      frameMsMax: round(frameMsMax, 1),
      framesOver50ms: last.s.slowFrames - first.s.slowFrames,
      frames: last.s.frames - first.s.frames,
      samplesPerSecond: Math.round(samples / ((last.t - first.t) / 1000)),
    };
    log(`inside ${tab}: ${JSON.stringify(result[tab.slice(4)])}`);
  }
  if ((await state(page)).training.phase === 'running') await clickButton(page, 'stop');
  await clickAt(page, await pageRequired(page, 'inside'));  // closed again, as it was
  const all = Object.values(result);
  result.frameMsMax = round(Math.max(0, ...all.map((r) => r.frameMsMax)), 1);
  result.framesOver50ms = all.reduce((n, r) => n + r.framesOver50ms, 0);
  return result;
}

// tests/bench/query_latency.cpp, built as the native build's query_latency target.
function nativeQuery() {
  const build = join(root, 'build/native');
  if (!existsSync(build)) return null;
  execFileSync('cmake', ['--build', build, '--target', 'query_latency'], { stdio: 'ignore' });
  return JSON.parse(execFileSync(join(build, 'query_latency'), { encoding: 'utf8' }));
}

// One epoch of 784-200-10 at lr 0.1 with the native CLI: its own samples/s line.
function nativeTraining() {
  if (!nativeCli || !existsSync(nativeCli)) return null;
  const out = execFileSync(nativeCli, ['train', '--hidden', '200', '--lr', '0.1', '--epochs', '1',
                                       '--seed', '1'], { encoding: 'utf8' });
  const m = out.match(/trained (\d+) samples in [\d.]+ s \((\d+) samples\/s\)/);
  return m ? { cli: nativeCli, samplesPerSecond: Number(m[2]) } : null;
}

// The strongest MLP recipe (README, key figures): 30 epochs of MNIST.
const kRecipe = 'deep-elastic', kRecipeEpochs = 30;
function nativeRecipe() {
  if (!nativeCli || !existsSync(nativeCli)) return null;
  const out = execFileSync(nativeCli, ['train', '--preset', kRecipe, '--epochs', '1', '--limit',
                                       '10000', '--test-limit', '100'], { encoding: 'utf8' });
  const m = out.match(/trained (\d+) samples in [\d.]+ s \((\d+) samples\/s\)/);
  return m ? { samplesPerSecond: Number(m[2]) } : null;
}

// Types text into one of the panel's fields (the epochs), its old text replaced, a frame apart
// at each step (ImGui reads the keys once per frame).
async function typeInto(page, name, text) {
  await clickButton(page, name);
  const frames = async (n) => {
    const f = await page.evaluate(() => window.digitlab.state().frames);
    await page.waitForFunction((m) => window.digitlab.state().frames >= m, f + n);
  };
  await page.keyboard.down('Control');
  await frames(2);
  await page.keyboard.press('a');
  await frames(2);
  await page.keyboard.up('Control');
  await frames(2);
  await page.keyboard.type(text);
  await frames(2);
  await page.keyboard.press('Enter');
  await frames(2);
}

// The page's worker training the book's network: see the header's `worker`.
async function workerFigures(browser, url) {
  const context = await browser.newContext({ viewport: { width: workerWidth, height: workerHeight } });
  const page = await context.newPage();
  page.on('pageerror', (err) => log('page error:', String(err)));
  await page.goto(url);
  if (!await waitForApp(page)) throw new Error('the app did not start');
  await drawSeven(page, 10);
  await clickButton(page, 'mnist');
  await waitFor(page, (s) => s.data.train === 60000 || s.lastError !== '', 120000);
  await clickButton(page, 'preset-book-200');
  await typeInto(page, 'epochs', '400');  // a run longer than the window: its rate, not its end
  await clickButton(page, 'start');
  await waitFor(page, (s) => s.training.samplesSeen > 0 && !s.training.evaluating, 60000);
  await page.waitForTimeout(1500);  // the awake second of the clicks and state() reads above
  await page.evaluate(() => window.digitlab.frameTimes());  // from here on
  // The window's ends are read without waking the page (the frames are the worker's and the
  // drawing's alone); a 7 is drawn every 5 s meanwhile (input: a second of frames each time,
  // as for a user drawing).
  const read = () =>
    page.evaluate(() => ({ t: performance.now(), s: window.digitlab.state({ wake: false }) }));
  const first = await read();
  const end = Date.now() + trainSeconds * 1000;
  while (Date.now() < end) {
    await drawSeven(page, 1);
    await page.waitForTimeout(Math.max(0, Math.min(5000, end - Date.now())));
  }
  const last = await read();
  if (last.s.training.phase !== 'running') throw new Error('the run ended inside the window');
  // The same run without the page's frames (its loop paused, as a hidden tab's): what the
  // worker trains when the main thread and the (software) GPU leave the cores to it.
  await page.evaluate(() => Module.pauseMainLoop());
  const quiet0 = await read();
  await page.waitForTimeout(5000);
  await page.evaluate(() => Module.resumeMainLoop());
  await page.waitForTimeout(500);
  const quiet1 = await read();
  const frames = (await page.evaluate(() => window.digitlab.frameTimes())).sort((a, b) => a - b);
  const worker = page.workers()[0];
  const memory = {
    pageWasmBytes: statSync(join(siteDir, 'digitlab.wasm')).size,
    workerWasmBytes: statSync(join(siteDir, 'digitlab_trainer.wasm')).size,
    pageHeapBytes: await page.evaluate(() => HEAPU8.length),
    workerHeapBytes: worker ? await worker.evaluate(() => HEAPU8.length) : null,
  };
  const seconds = (last.t - first.t) / 1000;
  const samples = last.s.training.samplesSeen - first.s.training.samplesSeen;
  // Node's samples/s is its training alone (the CLI tests after it); the page's run also checks
  // its accuracy as it goes (10 times an epoch, for the curve). Like for like, the page's figure
  // leaves out the seconds of those checks (the runner counts them): everything else the page
  // costs, frames and messages and the cores they take, stays in.
  const trainingSeconds = (a, b) =>
    (b.t - a.t) / 1000 - (b.s.training.testSeconds - a.s.training.testSeconds);
  const phase = last.s.training.phase;
  if (phase === 'running') await clickButton(page, 'stop');
  await context.close();
  return {
    trainer: last.s.trainer, network: last.s.layers.join('-'), phase,
    samplesPerSecond: Math.round(samples / trainingSeconds(first, last)),
    withChecksSamplesPerSecond: Math.round(samples / seconds),
    seconds: round(seconds, 2), samples,
    testSeconds: round(last.s.training.testSeconds - first.s.training.testSeconds, 2),
    withoutFramesSamplesPerSecond: Math.round(
      (quiet1.s.training.samplesSeen - quiet0.s.training.samplesSeen) /
      trainingSeconds(quiet0, quiet1)),
    frames: frames.length,
    mainThreadMsMedian: round(median(frames) ?? 0, 2),
    mainThreadMsP95: round(frames[Math.floor(frames.length * 0.95)] ?? 0, 2),
    mainThreadMsMax: round(frames.at(-1) ?? 0, 2),
    memory,
  };
}

// The WebAssembly CLI in Node (emscripten.cmake's digitlab-node, built here if missing): one
// epoch of the same network and rule, its own samples/s line (training alone, no testing).
function nodeTraining() {
  const build = join(root, 'build/web');
  const cli = join(build, 'digitlab-node.js');
  // Every em++ link needs Debian's acorn (emscripten.cmake's header).
  const env = { ...process.env, NODE_PATH: process.env.NODE_PATH || '/usr/share/nodejs' };
  execFileSync('cmake', ['--build', build, '--target', 'digitlab-node'], { stdio: 'ignore', env });
  const out = execFileSync('node', ['--no-experimental-fetch', cli, 'train', '--hidden', '200',
                                    '--lr', '0.1', '--epochs', '1', '--seed', '1'],
                           { encoding: 'utf8' });
  const m = out.match(/trained (\d+) samples in [\d.]+ s \((\d+) samples\/s\)/);
  return m ? { cli, samplesPerSecond: Number(m[2]) } : null;
}

const site = await siteUrl(siteDir);
log(`${site.url} (site ${siteDir}), ${trainSeconds} s of training`);
const browser = await launchBrowser();
const result = { site: siteDir };
try {
  // First, with no other page open, so the browser's processes do nothing else meanwhile.
  if (onlyFirst) {
    log('time to first frame (3 loads)');
    result.firstFrame = await firstFrames(browser, site.url);
  }
  if (!onlyOne || onlyIdle) {
    log(`idle page, ${idleSeconds} s, idling on and off`);
    result.idle = { seconds: idleSeconds, on: await idleFigures(browser, site.url),
                    off: await idleFigures(browser, `${site.url}?idle=off`) };
    log(`idle: ${JSON.stringify(result.idle)}`);
  }
  if (!onlyOne) await pageFigures(browser, site.url, result);
  if (!onlyOne || onlyWorker) {
    log('training in the page\'s worker');
    result.worker = await workerFigures(browser, site.url);
    log(`worker: ${JSON.stringify(result.worker)}`);
  }
} finally {
  await browser.close();
  site.close();
}
if (!onlyOne) nativeFigures(result);
if (!onlyOne || onlyWorker) {
  log('the WebAssembly CLI in Node (one epoch)');
  result.worker.node = nodeTraining();
  if (result.worker.node)
    result.worker.pageToNode =
      round(result.worker.samplesPerSecond / result.worker.node.samplesPerSecond, 3);
}
console.log(JSON.stringify(result));
if (!onlyOne || onlyWorker) {
  const w = result.worker;
  console.log(`page_vs_node=${w.pageToNode} page_samples_per_s=${w.samplesPerSecond} ` +
              `node_samples_per_s=${w.node ? w.node.samplesPerSecond : null} ` +
              `main_thread_p95_ms=${w.mainThreadMsP95}`);
}

// Everything else, in one page: the first frame, the query, training, the Inside tabs.
async function pageFigures(browser, url, result) {
  log('time to first frame (3 loads)');
  result.firstFrame = await firstFrames(browser, url);
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => log('page error:', String(err)));
  await page.goto(url);
  if (!await waitForApp(page)) throw new Error('the app did not start');
  log('drawn-digit query');
  result.query = await queryFigures(page);
  log('training in the page');
  result.train = await trainFigures(page);
  log('every Inside tab while training');
  result.inside = await insideFigures(page);
  // The strongest MLP recipe, last (its preset stays in the panel): its rate here, and how
  // long its whole run would take at it.
  log(`training the ${kRecipe} preset in the page`);
  result.recipe = await trainFigures(page, kRecipe);
  await context.close();
}

// The native CLI's figures beside the page's.
function nativeFigures(result) {
  log('native query latency');
  result.native = { query: nativeQuery() };
  log('native training (one epoch)');
  result.native.train = nativeTraining();
  log(`native training of the ${kRecipe} preset (10,000 samples)`);
  result.native.recipe = nativeRecipe();
  const runSamples = kRecipeEpochs * 60000;
  result.recipe.runMinutes = round(runSamples / result.recipe.samplesPerSecond / 60, 1);
  if (result.native.recipe) {
    result.native.recipe.runMinutes =
      round(runSamples / result.native.recipe.samplesPerSecond / 60, 1);
    result.recipePageToNative =
      round(result.recipe.samplesPerSecond / result.native.recipe.samplesPerSecond, 3);
  }
  if (result.native.train)
    result.pageToNative = round(result.train.samplesPerSecond / result.native.train.samplesPerSecond, 3);
}
