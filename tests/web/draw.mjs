// Drawing in the web app, in headless Chromium: digits drawn with real mouse moves on the pad
// (hand-made strokes at several sizes and places) must be classified right, Delete must clear
// the pad (prediction back to null), and a one-finger touch stroke must draw without scrolling
// the page. Screenshots go to build/web/screenshots/draw-*.png for a person to look at.
//   node tests/web/draw.mjs [SITE_DIR]          (default build/web/site; SITE_URL= as smoke.mjs)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  collectErrors, makeChecks, runBrowserTest, siteArgs, waitForApp, waitFrames,
} from './lib.mjs';

const { siteDir, shotDir } = siteArgs();
const checks = makeChecks('draw');
const { check } = checks;

// Strokes (polylines) of each digit in a unit box, x right and y down, drawn as a person would.
function ellipse(cx, cy, rx, ry, n = 32) {
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    return [cx + rx * Math.sin(a), cy - ry * Math.cos(a)];
  });
}
const digits = {
  0: [ellipse(0.5, 0.5, 0.32, 0.46)],
  1: [[[0.56, 0.04], [0.44, 0.96]]],
  2: [[[0.18, 0.25], [0.3, 0.1], [0.5, 0.04], [0.7, 0.1], [0.78, 0.27], [0.7, 0.45], [0.18, 0.94],
       [0.85, 0.94]]],
  3: [[[0.2, 0.15], [0.4, 0.04], [0.65, 0.06], [0.78, 0.2], [0.72, 0.36], [0.48, 0.47], [0.74, 0.56],
       [0.82, 0.73], [0.7, 0.9], [0.45, 0.96], [0.18, 0.88]]],
  4: [[[0.62, 0.04], [0.14, 0.64], [0.86, 0.64]], [[0.64, 0.3], [0.64, 0.97]]],
  7: [[[0.15, 0.08], [0.85, 0.08], [0.42, 0.96]]],
};

// Where each digit goes, in units of the pad: its box's corner and side.
const cases = [
  { digit: 0, x: 0.1, y: 0.1, size: 0.8 },
  { digit: 1, x: 0.05, y: 0.05, size: 0.4 },
  { digit: 2, x: 0.2, y: 0.15, size: 0.65 },
  { digit: 3, x: 0.4, y: 0.38, size: 0.55 },
  { digit: 4, x: 0.08, y: 0.3, size: 0.6 },
  { digit: 7, x: 0.5, y: 0.05, size: 0.45 },
];

// A digit's strokes in page pixels.
function strokesOnPad(pad, { digit, x, y, size }) {
  return digits[digit].map((stroke) => stroke.map(([u, v]) => [
    pad.x + (x + u * size) * pad.width, pad.y + (y + v * size) * pad.height,
  ]));
}

// Real mouse events: press at the first point, move through the others in steps of about
// 12 px, release. Each move takes a few frames in headless Chromium here, so the app sees them
// all; finer steps only make the test slower.
async function drawWithMouse(page, strokes) {
  for (const stroke of strokes) {
    await page.mouse.move(...stroke[0]);
    await page.mouse.down();
    for (let i = 1; i < stroke.length; ++i) {
      const dist = Math.hypot(stroke[i][0] - stroke[i - 1][0], stroke[i][1] - stroke[i - 1][1]);
      await page.mouse.move(...stroke[i], { steps: Math.max(1, Math.round(dist / 12)) });
    }
    await page.mouse.up();
  }
}

async function screenshot(page, name) {
  const file = join(shotDir, `draw-${name}.png`);
  writeFileSync(file, await page.screenshot());
  return file;
}

async function mouseDigits(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(url);
  if (!check(await waitForApp(page), 'mouse: app ready')) return context.close();

  const pad = await page.evaluate(() => window.digitlab.padRect());
  check(pad.width > 200 && Math.abs(pad.width - pad.height) < 1 && pad.x >= 0 && pad.y >= 0 &&
        pad.x + pad.width <= 1280 && pad.y + pad.height <= 720,
        `mouse: the pad is a square inside the page: ${JSON.stringify(pad)}`);
  let state = await waitFrames(page, 2);
  check(state.prediction === null, 'mouse: an empty pad has no prediction');

  for (const c of cases) {
    await drawWithMouse(page, strokesOnPad(pad, c));
    state = await waitFrames(page, 3);
    const top = state.prediction === null ? 'none' : state.outputs[state.prediction].toFixed(3);
    const file = await screenshot(page, `${c.digit}`);
    check(state.prediction === c.digit,
          `mouse: a ${c.digit} drawn at ${c.size} of the pad reads as ${state.prediction} ` +
          `(activation ${top}; ${file})`);
    check(state.outputs.length === 10 && state.outputs.every((v) => v > 0 && v < 1),
          `mouse: ten outputs in (0, 1)`);

    await page.keyboard.press('Delete');
    state = await waitFrames(page, 2);
    check(state.prediction === null && state.outputs.every((v) => v === 0),
          `mouse: Delete clears the pad (prediction ${state.prediction})`);
  }
  check(errors.length === 0, `mouse: no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await context.close();
}

// One finger through the Chrome DevTools protocol, as a phone's touch screen would send it,
// on a high-DPI page (the pad rectangle's conversion from canvas pixels matters there).
async function touchDigit(browser, url) {
  const context = await browser.newContext({
    viewport: { width: 900, height: 700 }, deviceScaleFactor: 2, hasTouch: true,
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(url);
  if (!check(await waitForApp(page), 'touch: app ready')) return context.close();
  const cdp = await page.context().newCDPSession(page);
  const pad = await page.evaluate(() => window.digitlab.padRect());
  const [stroke] = strokesOnPad(pad, { digit: 7, x: 0.2, y: 0.15, size: 0.7 });
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: points.map(([x, y]) => ({ x, y })),
  });
  await touch('touchStart', [stroke[0]]);
  for (let i = 1; i < stroke.length; ++i) {
    const [x0, y0] = stroke[i - 1], [x1, y1] = stroke[i];
    const steps = Math.max(1, Math.round(Math.hypot(x1 - x0, y1 - y0) / 12));
    for (let s = 1; s <= steps; ++s) {
      await touch('touchMove', [[x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps]]);
    }
  }
  await touch('touchEnd', []);
  const state = await waitFrames(page, 3);
  const file = await screenshot(page, 'touch');
  check(state.prediction !== null, `touch: a finger stroke drew ink (prediction ${state.prediction}; ${file})`);
  check(state.prediction === 7, `touch: the 7 drawn by touch reads as ${state.prediction}`);
  const scroll = await page.evaluate(() => ({
    x: window.scrollX, y: window.scrollY, top: document.scrollingElement.scrollTop,
    zoom: window.visualViewport ? window.visualViewport.scale : 1,
  }));
  check(scroll.x === 0 && scroll.y === 0 && scroll.top === 0 && scroll.zoom === 1,
        `touch: the page did not scroll or zoom (${JSON.stringify(scroll)})`);
  check(errors.length === 0, `touch: no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await context.close();
}

await runBrowserTest('draw', checks, { siteDir, shotDir }, async (browser, url) => {
  await mouseDigits(browser, url);
  await touchDigit(browser, url);
});
