// The Inside section's Evaluation tab in the web app, in headless Chromium, through real clicks
// on the items the app notes (window.digitlab.buttonRect):
//   - with the bundled MNIST loaded, opening Inside and the Evaluation tab evaluates the
//     pre-trained model on the 10,000 test images, in slices (frames keep coming), and
//     state().confusion is a 10x10 matrix that sums to the test size
//   - "Evaluate now" runs another pass (a new evaluation id, the same matrix: same weights)
//   - a click on a non-empty cell off the diagonal opens a gallery of exactly that many images
//     (up to a page); a click on its first image puts it into the pad, whose true label is then
//     the cell's row
//   - at a phone's width (390 px) the whole matrix fits across the screen
// Screenshots: build/web/screenshots/evaluation-*.png.
//   node tests/web/evaluation.mjs [SITE_DIR]   (default build/web/site; SITE_URL= as smoke.mjs)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  clickAt, collectErrors, findButton, makeChecks, runBrowserTest, siteArgs, waitForApp,
  waitFrames,
  findItem,
} from './lib.mjs';

const { siteDir, shotDir } = siteArgs();
const checks = makeChecks('evaluation');
const { check } = checks;
const kPageImages = 60;  // EvaluationTab::kPageImages

const state = (page) => page.evaluate(() => window.digitlab.state());

async function shot(page, name) {
  writeFileSync(join(shotDir, `evaluation-${name}.png`), await page.screenshot());
}

// Waits for done(state) for up to timeout ms; returns the last state and the frames drawn.
async function waitFor(page, done, timeout = 60000) {
  const start = Date.now();
  const first = (await state(page)).frames;
  let s;
  do {
    s = await state(page);
    if (done(s)) break;
    await page.waitForTimeout(50);
  } while (Date.now() - start < timeout);
  return { state: s, ok: done(s), frames: s.frames - first };
}

async function clickItem(page, name) {
  const r = await findItem(page, name);
  if (!check(r !== null, `"${name}" is on screen`)) return false;
  await clickAt(page, r);
  return true;
}

const sum = (m) => m.flat().reduce((a, b) => a + b, 0);

async function desktop(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(url);
  if (!check(await waitForApp(page), 'app ready')) return context.close();
  let s = await state(page);
  check(s.confusion === null && s.evaluation.shown === 0,
        `no evaluation at start (confusion ${JSON.stringify(s.confusion)})`);

  const mnist = await findButton(page, 'mnist');
  if (!check(mnist !== null, 'the "Load bundled MNIST" button is on screen')) return context.close();
  await clickAt(page, mnist);
  const loaded = await waitFor(page, (t) => t.data.test === 10000 || t.lastError !== '', 120000);
  if (!check(loaded.ok && loaded.state.lastError === '',
             `the bundled MNIST loads (${loaded.state.data.test} test images, ` +
             `"${loaded.state.lastError}")`)) return context.close();

  await page.evaluate(() => window.scrollTo(0, 0));
  await waitFrames(page, 2);
  if (!await clickItem(page, 'inside')) return context.close();
  if (!await clickItem(page, 'tab:Evaluation')) return context.close();
  const first = await waitFor(page, (t) => t.confusion !== null);
  s = first.state;
  if (!check(first.ok, 'opening the Evaluation tab evaluates the test set')) return context.close();
  check(s.confusion.length === 10 && s.confusion.every((row) => row.length === 10),
        'state().confusion is 10x10');
  check(sum(s.confusion) === 10000, `the matrix sums to the test size (${sum(s.confusion)})`);
  const diagonal = s.confusion.reduce((a, row, i) => a + row[i], 0);
  check(diagonal / 10000 > 0.9, `the pre-trained model reads most digits right (${diagonal})`);
  await shot(page, 'matrix');

  // Evaluate now: a new pass of the same weights, so the same matrix, in slices between frames
  // (watched from the button's release: the page keeps drawing, state() shows it busy).
  const id = s.evaluation.id;
  const now = await findItem(page, 'eval:now');
  if (check(now !== null, '"Evaluate now" is on screen')) {
    // Busy is looked at every animation frame from the page itself: a pass of a few frames
    // can fall between two of waitFor's polls.
    await page.evaluate(() => {
      window.__busySeen = false;
      window.__watchBusy = true;
      const watch = () => {
        if (window.digitlab.state({ wake: false }).evaluation.busy) window.__busySeen = true;
        if (window.__watchBusy) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await clickAt(page, now, { settle: false });
    let busy = false;
    const again = await waitFor(page, (t) => {
      busy ||= t.evaluation.busy;
      return t.evaluation.id > id && !t.evaluation.busy;
    });
    busy ||= await page.evaluate(() => {
      window.__watchBusy = false;
      return window.__busySeen;
    });
    check(again.ok && JSON.stringify(again.state.confusion) === JSON.stringify(s.confusion),
          `Evaluate now evaluates again (id ${id} -> ${again.state.evaluation.id}), same matrix`);
    console.log(`     Evaluate now: ${again.frames} frames from the release to the new matrix`);
    check(busy && again.frames >= 2,
          `evaluated in slices: busy seen ${busy}, ${again.frames} frames drawn meanwhile`);
  }

  // The largest cell off the diagonal that fits on one gallery page.
  let a = -1, p = -1;
  for (let r = 0; r < 10; ++r) {
    for (let c = 0; c < 10; ++c) {
      const n = s.confusion[r][c];
      if (r !== c && n > 0 && n <= kPageImages && (a < 0 || n > s.confusion[a][p])) [a, p] = [r, c];
    }
  }
  if (!check(a >= 0, 'a non-empty cell off the diagonal')) return context.close();
  const count = s.confusion[a][p];
  if (await clickItem(page, `cell:${a}:${p}`)) {
    s = await state(page);
    check(JSON.stringify(s.evaluation.cell) === JSON.stringify([a, p]),
          `clicking cell ${a}:${p} opens it (${JSON.stringify(s.evaluation.cell)})`);
    check(s.evaluation.shown === count,
          `its gallery shows ${s.evaluation.shown} images: the ${count} the matrix counts`);
    await shot(page, 'cell');
  }
  check(s.label === -1, `the pad holds no test digit yet (label ${s.label})`);
  if (await clickItem(page, 'image:0')) {
    s = await state(page);
    check(s.label === a, `a click on the gallery's first image puts it into the pad: label ${s.label}, ` +
                         `the cell's true label ${a}`);
    check(s.prediction !== null, `the network answers it (${s.prediction})`);
  }
  check(errors.length === 0, `no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);

  // A phone's width: the section stays open on its tab, and the matrix fits across the screen
  // (its corner cells wholly in view).
  await page.setViewportSize({ width: 390, height: 844 });
  await waitFrames(page, 4);
  const width = await page.evaluate(() => innerWidth);
  const corner = await findItem(page, 'cell:0:9');
  const other = await findItem(page, 'cell:9:0');
  s = await state(page);
  check(s.inside.open && s.evaluation.cell !== null, 'phone: Inside stays open on its tab');
  check(corner !== null && other !== null && corner.x + corner.width <= width && other.x >= 0,
        `phone: the matrix fits in ${width} px (${JSON.stringify(other)} .. ${JSON.stringify(corner)})`);
  await shot(page, 'phone');
  await context.close();
}

await runBrowserTest('evaluation', checks, { siteDir, shotDir }, desktop);
