// The training panel's augmentation settings in the web app, in headless Chromium, by real
// input: a 7 drawn on the pad; the fold opened ("augment"); the rotate slider dragged with the
// mouse: the fields, the config the next run gets (state().augment.config, the CLI's --augment
// form) and the preview row (its fingerprint) change; "New samples" gives another row; a value
// past the core's limits typed into the thickness slider (Ctrl+click, "5", Enter) shows the
// core's message and leaves the config and the row as they were. Then on a phone (390x844,
// touch): the fold opened and a slider set by taps, the row within the screen; and a 4K screen.
// Screenshots: build/web/screenshots/augment-{laptop,bad-value,phone,4k}.png.
//   node tests/web/augment.mjs [SITE_DIR]       (default build/web/site; SITE_URL= as smoke.mjs)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  clickAt, drawSeven, findButton, finger, makeChecks, openPage, runBrowserTest, siteArgs, tapper,
  waitFrames,
} from './lib.mjs';

const { siteDir, shotDir } = siteArgs();
const checks = makeChecks('augment');
const { check } = checks;

const augmentOf = (page) => page.evaluate(() => window.digitlab.state().augment);
const noErrors = (label, errors) =>
  check(errors.length === 0, `${label}: no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);

// Opens the fold with press(rect) (a click or a tap) unless it is open.
async function openFold(page, label, press, find) {
  if ((await augmentOf(page)).open) return true;
  const fold = await find('augment');
  if (!check(fold !== null, `${label}: the Augmentation fold is on the page`)) return false;
  await press(fold);
  await waitFrames(page, 3);
  return check((await augmentOf(page)).open, `${label}: a ${label === 'phone' ? 'tap' : 'click'} opens it`);
}

async function laptop(browser, url) {
  const { context, page, errors, ready } = await openPage(browser, 'laptop', url);
  if (!check(ready, 'laptop: app ready')) return context.close();
  await drawSeven(page);
  const find = (name) => findButton(page, name);
  if (!await openFold(page, 'laptop', (r) => clickAt(page, r), find)) return context.close();
  let a = await augmentOf(page);
  check(a.preview.source === 'pad' && a.preview.count === 8,
        `laptop: the row shows 8 versions of the pad's digit (${a.preview.source}, ${a.preview.count})`);
  check(a.config === 'none' && a.message === '', `laptop: no augmentation yet (${a.config})`);
  const first = a.preview.fingerprint;

  // A drag along the rotate slider, from a fifth of its width to nine tenths.
  const rotate = await find('augment-rotate');
  if (!check(rotate !== null, 'laptop: the rotate slider is on the page')) return context.close();
  const y = rotate.y + rotate.height / 2;
  await page.mouse.move(rotate.x + rotate.width * 0.2, y);
  await waitFrames(page, 2);
  await page.mouse.down();
  await waitFrames(page, 2);
  await page.mouse.move(rotate.x + rotate.width * 0.9, y, { steps: 12 });
  await waitFrames(page, 2);
  await page.mouse.up();
  await waitFrames(page, 3);
  a = await augmentOf(page);
  check(a.fields.rotate > 15, `laptop: the drag set rotate (${a.fields.rotate})`);
  check(a.config.startsWith('rotate='),
        `laptop: the next run's config has it (${a.config})`);
  check(a.preview.fingerprint !== first, `laptop: the preview row changed (${first} -> ${a.preview.fingerprint})`);
  writeFileSync(join(shotDir, 'augment-laptop.png'), await page.screenshot());

  const again = await find('augment-new');
  if (check(again !== null, 'laptop: "New samples" is on the page')) {
    const before = a.preview;
    await clickAt(page, again);
    a = await augmentOf(page);
    check(a.preview.seed === before.seed + 1 && a.preview.fingerprint !== before.fingerprint,
          `laptop: "New samples" steps the seed (${a.preview.seed}) and changes the row`);
  }

  // A value past the core's limits (thickness at most 2), typed after a Ctrl+click.
  const good = a;
  const thickness = await find('augment-thickness');
  if (!check(thickness !== null, 'laptop: the thickness slider is on the page')) return context.close();
  await page.mouse.move(thickness.x + thickness.width / 2, thickness.y + thickness.height / 2);
  await waitFrames(page, 2);
  await page.keyboard.down('Control');
  await waitFrames(page, 2);
  await page.mouse.down();
  await waitFrames(page, 2);
  await page.mouse.up();
  await waitFrames(page, 2);
  await page.keyboard.up('Control');
  await waitFrames(page, 2);
  await page.keyboard.type('5');
  await waitFrames(page, 2);
  await page.keyboard.press('Enter');
  a = await waitFrames(page, 3).then(() => augmentOf(page));
  check(a.fields.thickness === 5, `laptop: the typed 5 stays in its field (${a.fields.thickness})`);
  check(a.message.startsWith('thickness must be'), `laptop: the core's message shows ("${a.message}")`);
  check(a.config === good.config, `laptop: the config keeps the last good settings (${a.config})`);
  check(a.preview.fingerprint === good.preview.fingerprint, 'laptop: and the row stays as it was');
  writeFileSync(join(shotDir, 'augment-bad-value.png'), await page.screenshot());
  noErrors('laptop', errors);
  await context.close();
}

async function phone(browser, url) {
  const { context, page, errors, ready } = await openPage(browser, 'phone', url);
  if (!check(ready, 'phone: app ready')) return context.close();
  const cdp = await context.newCDPSession(page);
  const touch = finger(cdp);
  const tap = tapper(page, touch);
  // The page scrolls (a finger's swipe): down from the top until the item is wholly in view.
  const find = async (name) => {
    const rectOf = () => page.evaluate((n) => window.digitlab.buttonRect(n), name);
    let r = await rectOf();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let yy = 0; !r && yy < height; yy += 300) {
      await page.evaluate((to) => window.scrollTo(0, to), yy);
      await waitFrames(page, 3);
      r = await rectOf();
    }
    return r;
  };
  // A 7 by one finger on the pad, at the top of the page: the row's digit.
  await page.evaluate(() => window.scrollTo(0, 0));
  await waitFrames(page, 3);
  const pad = await page.evaluate(() => window.digitlab.padRect());
  const points = [[0.25, 0.2], [0.75, 0.2], [0.45, 0.85]].map(([u, v]) => [pad.x + u * pad.width, pad.y + v * pad.height]);
  await touch('touchStart', points[0]);
  for (let i = 1; i < points.length; ++i)
    for (let s = 1; s <= 15; ++s)
      await touch('touchMove', [points[i - 1][0] + ((points[i][0] - points[i - 1][0]) * s) / 15,
                                points[i - 1][1] + ((points[i][1] - points[i - 1][1]) * s) / 15]);
  await touch('touchEnd', null);
  await waitFrames(page, 3);
  if (!await openFold(page, 'phone', tap, find)) return context.close();
  let a = await augmentOf(page);
  check(a.preview.source === 'pad' && a.preview.count === 8,
        `phone: the row shows 8 versions of the drawn digit (${a.preview.source}, ${a.preview.count})`);
  const first = a.preview.fingerprint;
  const shear = await find('augment-shear');
  if (!check(shear !== null, 'phone: the shear slider is on the page')) return context.close();
  check(shear.x >= 0 && shear.x + shear.width <= 390, `phone: it fits across the screen (${shear.x}+${shear.width})`);
  // The item is the slider and its label: a tap at 45% of it lands on the slider's right part.
  await tap({ x: shear.x + shear.width * 0.45, y: shear.y, width: 0, height: shear.height });
  a = await augmentOf(page);
  check(a.fields.shear > 0.2, `phone: a tap on the slider sets shear (${a.fields.shear})`);
  check(a.config.includes('shear='), `phone: the next run's config has it (${a.config})`);
  const row = await find('augment-preview');
  if (check(row !== null, 'phone: the preview row is on the page')) {
    check(row.x >= 0 && row.x + row.width <= 390, `phone: the row fits across the screen (${row.width} px)`);
    check(row.height >= 28, `phone: a CSS pixel or more per MNIST pixel (${row.height} px high)`);
  }
  a = await augmentOf(page);
  check(a.preview.fingerprint !== first, 'phone: the row follows the settings');
  writeFileSync(join(shotDir, 'augment-phone.png'), await page.screenshot());
  noErrors('phone', errors);
  await context.close();
}

async function fourK(browser, url) {
  const { context, page, errors, ready } = await openPage(browser, '4k', url);
  if (!check(ready, '4k: app ready')) return context.close();
  await drawSeven(page);
  if (!await openFold(page, '4k', (r) => clickAt(page, r), (n) => findButton(page, n))) return context.close();
  const row = await findButton(page, 'augment-preview');
  check(row !== null && row.height >= 40, `4k: the preview row is on screen (${row && row.height} px high)`);
  await page.mouse.move(1, 1);  // nothing hovered in the picture
  await waitFrames(page, 2);
  writeFileSync(join(shotDir, 'augment-4k.png'), await page.screenshot());
  noErrors('4k', errors);
  await context.close();
}

await runBrowserTest('augment', checks, { siteDir, shotDir }, async (browser, url) => {
  await laptop(browser, url);
  await phone(browser, url);
  await fourK(browser, url);
});
