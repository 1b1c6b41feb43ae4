// The page on a phone, in headless Chromium emulating one (390x844 CSS px, devicePixelRatio 3,
// touch): the page scrolls natively and the app follows it, so a swipe outside the drawing pad
// scrolls (and draws nothing), a swipe on the pad draws (and scrolls nothing), a tap on a
// button presses it; the viewport allows zooming; Tab hands the arrow keys to ImGui's keyboard
// navigation and the mouse gives them back. Screenshots: build/web/screenshots/touch-*.png.
//   node tests/web/touch.mjs [SITE_DIR]         (default build/web/site; SITE_URL= as smoke.mjs)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  finger, makeChecks, openPage, runBrowserTest, siteArgs, swipeWith, waitFrames,
} from './lib.mjs';

const { siteDir, shotDir } = siteArgs();
const checks = makeChecks('touch');
const { check } = checks;

// One finger along points (CSS px), through the DevTools protocol as a touch screen sends it.
async function swipe(page, cdp, points, { steps = 12 } = {}) {
  await swipeWith(finger(cdp), points, steps);
}

async function tap(cdp, [x, y]) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

const scrollY = (page) => page.evaluate(() => window.scrollY);

async function phone(browser, url) {
  const { context, page, errors, ready } = await openPage(browser, 'phone', url);
  if (!check(ready, 'phone: app ready')) return context.close();
  const cdp = await context.newCDPSession(page);
  let state = await waitFrames(page, 3);

  const viewport = await page.getAttribute('meta[name=viewport]', 'content');
  check(!/user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*1(\.0*)?\b/.test(viewport),
        `phone: the viewport allows zooming ("${viewport}")`);
  const extent = await page.evaluate(() => ({
    page: document.documentElement.scrollHeight, window: innerHeight,
  }));
  check(extent.page > extent.window * 1.5,
        `phone: the page is as long as the app's content (${extent.page} px in a ${extent.window} px window)`);

  // A swipe up from below the pad: the page scrolls, the app's content with it, no ink.
  const pad = await page.evaluate(() => window.digitlab.padRect());
  const below = Math.min(830, pad.y + pad.height + 150);
  check(below > pad.y + pad.height, `phone: room below the pad to start a swipe (${JSON.stringify(pad)})`);
  await swipe(page, cdp, [[200, below], [200, below - 400]]);
  await page.waitForTimeout(500);  // the browser's fling
  state = await waitFrames(page, 3);
  const y = await scrollY(page);
  writeFileSync(join(shotDir, 'touch-scrolled.png'), await page.screenshot());
  check(y > 150, `phone: a swipe outside the pad scrolls the page (scrollY ${y})`);
  check(Math.abs(state.scrollY - y * 3) <= 3,
        `phone: the app's content follows the page (app ${state.scrollY} px = page ${y} x 3)`);
  check(state.prediction === null, 'phone: the swipe drew nothing');

  // Back to the top: a stroke on the pad draws a 7 and leaves the page where it is.
  await page.evaluate(() => window.scrollTo(0, 0));
  state = await waitFrames(page, 3);
  check(state.scrollY === 0, `phone: scrolled back to the top, the app too (${state.scrollY})`);
  const p = await page.evaluate(() => window.digitlab.padRect());
  const at = (u, v) => [p.x + u * p.width, p.y + v * p.height];
  await swipe(page, cdp, [at(0.25, 0.2), at(0.75, 0.2), at(0.45, 0.85)], { steps: 15 });
  state = await waitFrames(page, 3);
  writeFileSync(join(shotDir, 'touch-drawn.png'), await page.screenshot());
  check(state.prediction === 7, `phone: a 7 drawn on the pad by touch reads as ${state.prediction}`);
  check(await scrollY(page) === 0 && state.scrollY === 0, 'phone: drawing did not scroll the page');

  // A tap on a button below the fold, after scrolling to it: it is pressed.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await waitFrames(page, 3);
  const mnist = await page.evaluate(() => window.digitlab.buttonRect('mnist'));
  if (check(mnist !== null, 'phone: the "Load bundled MNIST" button is in view at the bottom')) {
    await tap(cdp, [mnist.x + mnist.width / 2, mnist.y + mnist.height / 2]);
    const loaded = await page.waitForFunction(() => window.digitlab.state().data.train > 0, null,
      { timeout: 60000 }).then(() => true, () => false);
    check(loaded, 'phone: a tap on the button loads the bundled MNIST');
  }
  check(errors.length === 0, `phone: no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await context.close();
}

// Keyboard: Tab starts ImGui's navigation (the arrows move its focus, not the test digits);
// using the mouse ends it (the arrows step through test digits again).
async function keyboard(browser, url) {
  const { context, page, ready } = await openPage(browser, 'laptop', url);
  if (!check(ready, 'keyboard: app ready')) return context.close();
  let state = await waitFrames(page, 2);
  check(state.keyboardNav === false, 'keyboard: the arrows start on the test digits');
  await page.keyboard.press('Tab');
  state = await waitFrames(page, 3);
  check(state.keyboardNav === true, 'keyboard: Tab turns on ImGui\'s keyboard navigation');
  await page.keyboard.press('ArrowRight');
  state = await waitFrames(page, 3);
  check(state.index === 0 && state.label === -1, `keyboard: the arrows navigate then (index ${state.index})`);
  const pad = await page.evaluate(() => window.digitlab.padRect());
  await page.mouse.click(pad.x + pad.width / 2, pad.y + pad.height / 2);
  await page.keyboard.press('Delete');
  state = await waitFrames(page, 3);
  check(state.keyboardNav === false, 'keyboard: a mouse click ends keyboard navigation');
  await page.keyboard.press('ArrowRight');
  state = await waitFrames(page, 3);
  check(state.index === 1 && state.label >= 0, `keyboard: the arrows step test digits again (index ${state.index})`);
  await context.close();
}

await runBrowserTest('touch', checks, { siteDir, shotDir }, async (browser, url) => {
  await phone(browser, url);
  await keyboard(browser, url);
});
