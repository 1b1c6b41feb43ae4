// My digits in the web app, in headless Chromium, through real browser events only: a 7 drawn
// with the mouse is added by a click on the "7" under the pad (state().myDigits counts it), a
// reload keeps it (IndexedDB), the Inside section's My digits tab exports it as CSV (the
// download holds one row: label 7 and 784 pixel values), a digit key adds another drawing, and
// the gallery's x removes one, which a reload keeps too. Screenshots go to
// build/web/screenshots/mydigits-*.png, at a desktop size and at a phone's 390x844.
//   node tests/web/mydigits.mjs [SITE_DIR]     (default build/web/site; SITE_URL= as smoke.mjs)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  clickAt, collectErrors, drawSeven, makeChecks, runBrowserTest, siteArgs, waitForApp,
  waitFrames,
  findItem,
} from './lib.mjs';

const args = siteArgs();
const { shotDir } = args;
const checks = makeChecks('mydigits');
const { check } = checks;

const rectOf = (page, name) => page.evaluate((n) => window.digitlab.buttonRect(n), name);
const state = (page) => page.evaluate(() => window.digitlab.state());

async function shot(page, name) {
  writeFileSync(join(shotDir, `mydigits-${name}.png`), await page.screenshot());
}

// Clicks a named item; false (a failed check) when it is not on screen.
async function clickNamed(page, name) {
  const r = await findItem(page, name);
  if (!check(r !== null, `"${name}" is on screen`)) return false;
  await clickAt(page, r);
  return true;
}

// Opens the Inside section on the My digits tab, by clicking its header and the tab.
async function openTab(page) {
  if (!(await state(page)).inside.open && !(await clickNamed(page, 'inside'))) return false;
  await waitFrames(page, 3);
  if (!(await clickNamed(page, 'tab:My digits'))) return false;
  await waitFrames(page, 3);
  return true;
}

async function desktop(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 },
                                             acceptDownloads: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(url);
  if (!check(await waitForApp(page), 'app ready')) return context.close();
  check((await state(page)).myDigits === 0, 'a fresh browser has no digits kept');

  // Draw a 7 and add it with a real click on the "7" under the pad.
  await drawSeven(page);
  if (!(await clickNamed(page, 'mydigit:add:7'))) return context.close();
  let s = await waitFrames(page, 2);
  check(s.myDigits === 1, `adding by the button: myDigits ${s.myDigits} (expected 1)`);
  check(s.notice.startsWith('Added a 7'), `the message line says so: "${s.notice}"`);
  await shot(page, 'added');

  // A reload keeps it (the page's IndexedDB, written after the change).
  await page.waitForTimeout(500);  // the write-back to IndexedDB is asynchronous
  await page.reload();
  if (!check(await waitForApp(page), 'reload: app ready')) return context.close();
  s = await waitFrames(page, 2);
  check(s.myDigits === 1, `reload: myDigits still ${s.myDigits} (expected 1)`);
  check(s.lastError === '', `reload: no error (${s.lastError})`);

  // Export CSV from the tab: the download is the book's CSV of that one 7.
  if (!(await openTab(page))) return context.close();
  const csvButton = await findItem(page, 'mydigit:csv');
  if (check(csvButton !== null, 'the tab shows Export CSV')) {
    const [download] = await Promise.all([page.waitForEvent('download'), clickAt(page, csvButton)]);
    const text = readFileSync(await download.path(), 'utf8');
    const rows = text.split('\n').filter((line) => line.length > 0);
    const fields = rows.length ? rows[0].split(',') : [];
    check(download.suggestedFilename() === 'my-digits.csv',
          `the download is named ${download.suggestedFilename()}`);
    check(rows.length === 1, `the CSV has ${rows.length} row(s) (expected 1)`);
    check(fields[0] === '7', `its label is ${fields[0]} (expected 7)`);
    check(fields.length === 785 && fields.slice(1).every((v) => /^\d+$/.test(v) && +v <= 255),
          `it has ${fields.length - 1} pixel values 0..255 (expected 784)`);
    check(fields.slice(1).some((v) => +v > 0), 'the pixels hold the drawing (some ink)');
  }
  await shot(page, 'tab');

  // A digit key adds the drawing too (keys 0-9 while no text field has the keyboard).
  await page.evaluate(() => window.scrollTo(0, 0));
  await waitFrames(page, 3);
  await drawSeven(page);
  await page.keyboard.press('4');
  s = await waitFrames(page, 3);
  check(s.myDigits === 2, `adding by the key 4: myDigits ${s.myDigits} (expected 2)`);

  // The gallery's x removes one; a reload keeps the removal.
  if (!(await openTab(page))) return context.close();
  if (await clickNamed(page, 'mydigit:remove:0')) {
    s = await waitFrames(page, 2);
    check(s.myDigits === 1, `removing by x: myDigits ${s.myDigits} (expected 1)`);
  }
  await page.waitForTimeout(500);
  await page.reload();
  if (!check(await waitForApp(page), 'reload 2: app ready')) return context.close();
  s = await waitFrames(page, 2);
  check(s.myDigits === 1, `reload 2: myDigits ${s.myDigits} (expected 1: the removal was kept)`);
  check(errors.length === 0, `no errors in the page (${errors.join(' | ')})`);
  await context.close();
}

// A phone: the add row and the tab, to look at.
async function phone(browser, url) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 },
                                             deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(url);
  if (!check(await waitForApp(page), 'phone: app ready')) return context.close();
  await drawSeven(page);
  await shot(page, 'phone-pad');
  const add = await rectOf(page, 'mydigit:add:9');
  check(add !== null && add.x + add.width <= 390, 'phone: the add row fits the screen');
  if (add) {
    await clickAt(page, add);
    const s = await waitFrames(page, 3);
    check(s.myDigits === 1, `phone: a click on 9 adds it (myDigits ${s.myDigits})`);
  }
  if (await openTab(page)) await shot(page, 'phone-tab');
  await context.close();
}

runBrowserTest('mydigits', checks, args, async (browser, url) => {
  await desktop(browser, url);
  await phone(browser, url);
});
