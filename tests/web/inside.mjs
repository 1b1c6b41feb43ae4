// The Inside section in headless Chromium at a phone's, a laptop's and a 4K screen's size:
// opened by a real click (a tap on the phone), then every one of its tabs clicked in turn with a
// digit on the pad. Each tab must show (state().inside.tab), draw something (its screenshot has
// many colours), and keep its clickable items inside the page's width (nothing cut off). Then
// the Compare tab's answer and the About window. Screenshots: build/web/screenshots/inside-*.png,
// for a person to look at.
//   node tests/web/inside.mjs [SITE_DIR]          (default build/web/site; SITE_URL= as smoke.mjs)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  clickAt, collectErrors, countColours, drawSeven, findItem, makeChecks, runBrowserTest, screens,
  siteArgs, waitForApp, waitFrames,
} from './lib.mjs';

const { siteDir, shotDir } = siteArgs();
const checks = makeChecks('inside');
const { check } = checks;

const sizes = screens;

// A click with the mouse, or a tap on a touch screen.
async function press(page, r, touch) {
  if (!touch) return clickAt(page, r);
  await page.touchscreen.tap(r.x + r.width / 2, r.y + r.height / 2);
  await waitFrames(page, 3);
}

async function shoot(page, name) {
  const file = join(shotDir, `inside-${name}.png`);
  const png = await page.screenshot();
  writeFileSync(file, png);
  return { file, colours: countColours(png) };
}

async function atSize(browser, url, size) {
  const options = sizes[size];
  const touch = !!options.hasTouch;
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(url);
  if (!check(await waitForApp(page), `${size}: app ready`)) return context.close();
  await drawSeven(page);
  const header = await findItem(page, 'inside');
  if (!check(header !== null, `${size}: the Inside header is on the page`)) return context.close();
  await press(page, header, touch);
  let state = await waitFrames(page, 4);
  check(state.inside.open, `${size}: a ${touch ? 'tap' : 'click'} opens the section`);

  const width = options.viewport.width;
  const tabs = await page.evaluate(() => window.digitlab.buttonNames()
    .filter((n) => n.startsWith('tab:'))
    .sort((a, b) => window.digitlab.buttonRect(a).x - window.digitlab.buttonRect(b).x));
  check(tabs.length >= 4, `${size}: the section has its tabs (${tabs.join(', ')})`);
  // The first tab (shown when the section opens) last, so that every click changes the tab.
  for (const tab of [...tabs.slice(1), tabs[0]]) {
    const label = tab.slice(4);
    const r = await findItem(page, tab);
    if (!check(r !== null, `${size}: the ${label} tab is on screen`)) continue;
    await press(page, r, touch);
    state = await waitFrames(page, 6);
    check(state.inside.tab === label, `${size}: clicking ${label} shows it (${state.inside.tab})`);
    const names = await page.evaluate(() => window.digitlab.buttonNames());
    const cut = [];
    for (const n of names) {
      const b = await page.evaluate((m) => window.digitlab.buttonRect(m), n);
      if (b && (b.x < -0.5 || b.x + b.width > width + 0.5)) cut.push(n);
    }
    check(cut.length === 0, `${size}: ${label}: every item within the page's width` +
          (cut.length ? ` (cut: ${cut.join(', ')})` : ''));
    const shot = await shoot(page, `${size}-${label.replace(/ /g, '-').toLowerCase()}`);
    check(shot.colours > 40, `${size}: ${label} draws a view (${shot.colours} colours; ${shot.file})`);
  }
  check(errors.length === 0, `${size}: no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await context.close();
}

// Compare: the page opens with the pre-trained model, so the pre-trained model compared with
// it answers the same numbers; after training a few steps it would not, which the desktop's
// headless test checks with a pinned copy.
async function compareAndAbout(browser, url) {
  const context = await browser.newContext(sizes.laptop);
  const page = await context.newPage();
  await page.goto(url);
  if (!check(await waitForApp(page), 'compare: app ready')) return context.close();
  await drawSeven(page);
  await clickAt(page, await findItem(page, 'inside'));
  await clickAt(page, await findItem(page, 'tab:Compare'));
  let state = await waitFrames(page, 4);
  const other = state.inside.compare;
  check(other.with === 'pre-trained' && other.outputs.length === 10 &&
        other.outputs.every((v, i) => Math.abs(v - state.outputs[i]) < 1e-6),
        `compare: the pre-trained model beside itself answers the same (${other.with})`);
  await clickAt(page, await findItem(page, 'compare:pin'));
  state = await waitFrames(page, 3);
  check(state.inside.compare.with === 'pinned', `compare: Pin compares with the pinned copy`);

  await page.evaluate(() => window.scrollTo(0, 0));
  await waitFrames(page, 3);
  await clickAt(page, await findItem(page, 'about'));
  state = await waitFrames(page, 4);
  const shot = await shoot(page, 'about');
  check(state.about, `about: the About button opens the window (${shot.file})`);
  await page.keyboard.press('Escape');
  state = await waitFrames(page, 4);
  check(!state.about, 'about: Escape closes it');
  await context.close();
}

await runBrowserTest('inside', checks, { siteDir, shotDir }, async (browser, url) => {
  for (const size of Object.keys(sizes)) await atSize(browser, url, size);
  await compareAndAbout(browser, url);
});
