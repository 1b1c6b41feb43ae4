// The idle page (src/app/idle_gate.h): left alone it draws a frame every half second instead of
// one per animation frame, and wakes at once on input; index.html?idle=off never idles; reading
// state() wakes it, so the other tests' waitFrames keep working; state({ wake: false }) does not.
//   node tests/web/idle.mjs [SITE_DIR]        (default build/web/site)
// Frames are counted with window.digitlab.framesDrawn(), which does not wake the page.
import {
  collectErrors, makeChecks, runBrowserTest, siteArgs, waitForApp, waitFrames,
} from './lib.mjs';

const args = siteArgs();
const checks = makeChecks('idle');
const { check } = checks;

const framesDrawn = (page) => page.evaluate(() => window.digitlab.framesDrawn());
async function framesOver(page, ms, meanwhile = async () => page.waitForTimeout(ms)) {
  const before = await framesDrawn(page);
  await meanwhile();
  return (await framesDrawn(page)) - before;
}

async function open(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(url);
  if (!check(await waitForApp(page), `${url}: app ready`)) return null;
  await page.waitForTimeout(3000);  // the start's fetches, then the gate's awake second
  return { context, page, errors };
}

await runBrowserTest('idle', checks, args, async (browser, url) => {
  const idle = await open(browser, url);
  if (!idle) return;
  const { page } = idle;
  // At most 2 s / 0.5 s plus the one under way; at least one: idle is slow, not stopped.
  const quiet = await framesOver(page, 2000);
  check(quiet >= 1 && quiet <= 6, `left alone: ${quiet} frames in 2 s (1..6)`);

  // The mouse moving over the canvas: a frame per animation frame again (a 50 ms step each).
  const moving = await framesOver(page, 1000, async () => {
    for (let i = 0; i < 20; ++i) {
      await page.mouse.move(300 + i * 10, 300);
      await page.waitForTimeout(50);
    }
  });
  check(moving >= 15, `the mouse moving for 1 s: ${moving} frames (>= 15)`);

  await page.waitForTimeout(2000);
  const after = await framesOver(page, 2000);
  check(after <= 6, `idle again once the mouse rests: ${after} frames in 2 s (<= 6)`);

  // A key and the wheel wake it too: frames at the animation rate for the awake second after.
  const inputs = {
    'a key press': () => page.keyboard.press('Shift'),
    'the mouse wheel': () => page.mouse.wheel(0, 40),
  };
  for (const [what, act] of Object.entries(inputs)) {
    await page.waitForTimeout(1500);  // idle again
    const woken = await framesOver(page, 600, async () => {
      await act();
      await page.waitForTimeout(600);
    });
    check(woken >= 10, `${what} on the idle page: ${woken} frames in the next 0.6 s (>= 10)`);
  }

  // A test's waitFrames reads state(), which wakes the page: 10 frames come at once.
  const start = Date.now();
  await waitFrames(page, 10);
  const ms = Date.now() - start;
  check(ms < 2500, `waitFrames(10) on the idle page: ${ms} ms (< 2500; idle frames alone: 5000)`);
  // state({ wake: false }) leaves it asleep (the page benchmark reads training with it).
  await page.waitForTimeout(1500);
  const peeked = await framesOver(page, 1000, async () => {
    for (let i = 0; i < 10; ++i) {
      await page.evaluate(() => window.digitlab.state({ wake: false }));
      await page.waitForTimeout(100);
    }
  });
  check(peeked <= 4, `state({ wake: false }) 10 times in 1 s: ${peeked} frames (<= 4)`);
  check(idle.errors.length === 0, `no errors logged (${idle.errors.join('; ')})`);
  await idle.context.close();

  const off = await open(browser, `${url}?idle=off`);
  if (!off) return;
  const busy = await framesOver(off.page, 2000);
  check(busy >= 20, `?idle=off left alone: ${busy} frames in 2 s (>= 20)`);
  await off.context.close();
});
