// The Inside section's Diagram tab in the web app, in headless Chromium, through real clicks and
// taps: a 7 drawn on the pad, the section opened ("inside"), the Diagram tab chosen
// ("tab:Diagram"); then the first hidden layer's most active node (state().diagram.mostActive,
// clicked by its rect "node:1:U") is switched off: state().ablated lists it, the diagram's
// outputs without it (state().diagram.ablatedOutputs) differ from the network's, which stay as
// they were (the model is not changed); "Restore all" brings them back. Once with a mouse on a
// desktop-sized page, once with a finger on a phone's (390x844, touch).
// Screenshots: build/web/screenshots/diagram-*.png.
//   node tests/web/diagram.mjs [SITE_DIR]       (default build/web/site; SITE_URL= as smoke.mjs)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  clickAt, drawSeven, finger, makeChecks, openPage, runBrowserTest, siteArgs, swipeWith, tapper,
  waitFrames,
} from './lib.mjs';

const { siteDir, shotDir } = siteArgs();
const checks = makeChecks('diagram');
const { check } = checks;

const rectOf = (page, name) => page.evaluate((n) => window.digitlab.buttonRect(n), name);

// The rect of a named item, scrolling the page (which the app follows) down and then back up
// until it is wholly in view; null if it never is.
async function reveal(page, name) {
  let r = await rectOf(page, name);
  for (let i = 0; !r && i < 30; ++i) {
    await page.evaluate((down) => window.scrollBy(0, down ? 200 : -200), i < 15);
    await waitFrames(page, 3);
    r = await rectOf(page, name);
  }
  return r;
}

const maxDiff = (a, b) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

// One pass of the test; press(rect) clicks or taps the centre of a rect; draw() draws a 7.
async function ablateAndRestore(page, label, press, draw) {
  let state = await draw();
  if (!check(state.prediction !== null, `${label}: the drawing has an answer (${state.prediction})`)) return;
  const outputs = state.outputs;

  const inside = await reveal(page, 'inside');
  if (!check(inside !== null, `${label}: the Inside section's header is on the page`)) return;
  await press(inside);
  const tab = await reveal(page, 'tab:Diagram');
  if (!check(tab !== null, `${label}: the Diagram tab is on the page`)) return;
  await press(tab);
  state = await waitFrames(page, 3);
  check(state.inside.open, `${label}: the section is open`);
  const top = state.diagram.mostActive;
  if (!check(Array.isArray(top) && top[0] === 1,
             `${label}: the first hidden layer's most active unit is known (${JSON.stringify(top)})`)) return;
  check(state.ablated.length === 0 && maxDiff(state.diagram.ablatedOutputs, outputs) < 1e-6,
        `${label}: nothing switched off yet, the diagram's outputs are the network's`);

  const node = await reveal(page, `node:1:${top[1]}`);
  if (!check(node !== null, `${label}: node 1:${top[1]} is on the page (${JSON.stringify(node)})`)) return;
  check(node.width >= 8 && node.height >= 8, `${label}: the node is big enough to hit (${node.width}x${node.height})`);
  await press(node);
  state = await waitFrames(page, 3);
  writeFileSync(join(shotDir, `diagram-${label}-off.png`), await page.screenshot());
  check(JSON.stringify(state.ablated) === JSON.stringify([top]),
        `${label}: state().ablated lists the clicked unit (${JSON.stringify(state.ablated)})`);
  const change = maxDiff(state.diagram.ablatedOutputs, state.outputs);
  check(change > 1e-3, `${label}: switching it off changes the diagram's outputs (by up to ${change.toFixed(4)})`);
  check(maxDiff(state.outputs, outputs) < 1e-6, `${label}: the network's own outputs stay as they were`);

  const restore = await reveal(page, 'restore');
  if (!check(restore !== null, `${label}: the Restore all button is on the page`)) return;
  await press(restore);
  state = await waitFrames(page, 3);
  check(state.ablated.length === 0, `${label}: Restore all switches every unit back on`);
  check(maxDiff(state.diagram.ablatedOutputs, state.outputs) < 1e-6,
        `${label}: and the diagram's outputs are the network's again`);
  writeFileSync(join(shotDir, `diagram-${label}.png`), await page.screenshot());
}

async function desktop(browser, url) {
  const { context, page, errors, ready } = await openPage(browser, 'laptop', url);
  if (!check(ready, 'desktop: app ready')) return context.close();
  await ablateAndRestore(page, 'desktop', (r) => clickAt(page, r), () => drawSeven(page));
  check(errors.length === 0, `desktop: no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await context.close();
}

async function phone(browser, url) {
  const { context, page, errors, ready } = await openPage(browser, 'phone', url);
  if (!check(ready, 'phone: app ready')) return context.close();
  const cdp = await context.newCDPSession(page);
  const touch = finger(cdp);
  const tap = tapper(page, touch);
  // A 7 by one finger on the pad, at the top of the page.
  const draw = async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await waitFrames(page, 3);
    const p = await page.evaluate(() => window.digitlab.padRect());
    const points = [[0.25, 0.2], [0.75, 0.2], [0.45, 0.85]].map(([u, v]) => [p.x + u * p.width, p.y + v * p.height]);
    await swipeWith(touch, points, 15);
    return waitFrames(page, 3);
  };
  await ablateAndRestore(page, 'phone', tap, draw);
  check(errors.length === 0, `phone: no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await context.close();
}

await runBrowserTest('diagram', checks, { siteDir, shotDir }, async (browser, url) => {
  await desktop(browser, url);
  await phone(browser, url);
});
