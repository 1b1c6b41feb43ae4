// The Inside section's Step tab (one training step, step by step) in headless Chromium, through
// real clicks: open the section, pick the Step tab, draw a 7 with the mouse, choose a label (7;
// 2 on the phone), walk the five stages with Next, then Apply twice. It checks, through
// window.digitlab.state().step, that each click moved one stage on, that the step applied once
// per click, and that the output for the chosen label moved towards its target (0.99, the
// book's) and is what the app now answers. The same walk on a phone (390x844 CSS px, touch
// taps) checks the buttons are on screen there too. Screenshots:
// build/web/screenshots/step-*.png, one per stage and size.
//   node tests/web/step.mjs [SITE_DIR]          (default build/web/site; SITE_URL= as smoke.mjs)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  clickAt, collectErrors, drawSeven, findItem, makeChecks, runBrowserTest, screens, siteArgs,
  waitForApp, waitFrames,
} from './lib.mjs';

const { siteDir, shotDir } = siteArgs();
const checks = makeChecks('step');
const { check } = checks;
const kStages = ['forward', 'output-error', 'errors-back', 'update', 'apply'];
const kTarget = 0.99;  // the book's target for the label (layer_math.h's target_value)

const state = (page) => page.evaluate(() => window.digitlab.state());

// A tap as a finger gives it (the phone): touch start and end at the rect's centre, a few
// frames apart, since ImGui reads its input once per frame.
async function tapAt(page, cdp, r) {
  const points = [{ x: r.x + r.width / 2, y: r.y + r.height / 2 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points });
  await waitFrames(page, 2);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await waitFrames(page, 2);
}

async function walk(browser, url, { name, label, context: options, touch }) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(url);
  if (!check(await waitForApp(page), `${name}: app ready`)) return context.close();
  const cdp = touch ? await context.newCDPSession(page) : null;
  const press = async (what) => {
    const r = await findItem(page, what);
    if (!check(r !== null, `${name}: "${what}" is on screen`)) return false;
    const width = options.viewport.width;
    check(r.x >= 0 && r.x + r.width <= width, `${name}: "${what}" lies within the page's width`);
    if (touch) await tapAt(page, cdp, r);
    else await clickAt(page, r);
    return true;
  };
  const screenshot = async (label) =>
    writeFileSync(join(shotDir, `step-${name}-${label}.png`), await page.screenshot());

  let s = await drawSeven(page, 4);
  check(s.prediction !== null, `${name}: the 7 drawn on the pad has an answer (${s.prediction})`);
  if (!(await press('inside'))) return context.close();
  if (!(await press('tab:Step'))) return context.close();
  s = await waitFrames(page, 3);
  check(s.inside.open && s.step.stage === 0, `${name}: the Step tab opens on its first stage`);
  check(s.step.label === null, `${name}: a drawing has no label until one is chosen (${s.step.label})`);
  await screenshot('no-label');

  if (!(await press(`step:label:${label}`))) return context.close();
  s = await state(page);
  check(s.step.label === label, `${name}: label ${label} chosen (${s.step.label})`);
  await screenshot(kStages[0]);
  for (let stage = 1; stage < kStages.length; ++stage) {
    if (!(await press('step:next'))) return context.close();
    s = await state(page);
    check(s.step.stage === stage, `${name}: Next shows stage ${stage + 1}, ${kStages[stage]} (${s.step.stage + 1})`);
    await screenshot(kStages[stage]);
  }

  // Apply twice: each time the output for the label moves towards 0.99, and the app answers
  // with it.
  let before = s.outputs[label];
  for (let n = 1; n <= 2; ++n) {
    if (!(await press('step:apply'))) return context.close();
    s = await waitFrames(page, 2);
    check(s.step.applied === n && s.step.appliedLabel === label,
          `${name}: Apply applied step ${n} for label ${label} (applied ${s.step.applied}, label ${s.step.appliedLabel})`);
    check(Math.abs(s.step.before - before) < 1e-6,
          `${name}: step ${n} started from the app's output for ${label} (${s.step.before} vs ${before})`);
    check(Math.abs(kTarget - s.step.after) < Math.abs(kTarget - s.step.before),
          `${name}: step ${n} moved the output for ${label} towards ${kTarget}: ${s.step.before} -> ${s.step.after}`);
    check(Math.abs(s.outputs[label] - s.step.after) < 1e-6,
          `${name}: the app now answers ${s.outputs[label]} for ${label}, the step's ${s.step.after}`);
    before = s.outputs[label];
  }
  await screenshot('applied');
  check(s.lastError === '', `${name}: no error line (${s.lastError})`);
  check(errors.length === 0, `${name}: no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await context.close();
}

await runBrowserTest('step', checks, { siteDir, shotDir }, async (browser, url) => {
  // The 7 as a 7 (its output, near 0.99 already, moves a little), and on the phone as a 2 (a
  // label the network denies: its output rises from near 0).
  await walk(browser, url,
             { name: 'desktop', label: 7, context: { viewport: { width: 1280, height: 720 } } });
  await walk(browser, url, {
    name: 'phone',
    label: 2,
    context: screens.phone,
    touch: true,
  });
});
