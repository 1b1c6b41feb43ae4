// Helpers shared by the browser tests (smoke.mjs, draw.mjs, ...): playwright-core driving
// Debian's chromium with TOOLCHAIN.md's flags, a static server for the built site, the app's
// readiness, a PNG colour count and a pass/fail tally.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'build/deps/package.json'));
export const { chromium } = require('playwright-core');

// TOOLCHAIN.md's flags; playwright adds --headless and a fresh --user-data-dir itself.
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
}

// The site folder from the command line (default build/web/site) and its screenshots folder
// beside it (build/web/site -> build/web/screenshots).
export function siteArgs(argv = process.argv) {
  const siteDir = resolve(argv[2] || join(root, 'build/web/site'));
  return { siteDir, shotDir: join(siteDir, '../screenshots') };
}

// The MIME types the page needs; .wasm must be application/wasm for streaming compilation.
const mimeTypes = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.data': 'application/octet-stream', '.png': 'image/png', '.txt': 'text/plain; charset=utf-8',
};

// A static server for dir on a free port of 127.0.0.1.
export function serve(dir) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    let file = join(dir, path);
    try {
      if (!file.startsWith(dir)) throw new Error('outside the site');
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      // Content-Length as real servers send it: the page's MNIST progress bar reads it.
      res.writeHead(200, { 'Content-Type': mimeTypes[extname(file)] || 'application/octet-stream',
                           'Content-Length': body.length });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// SITE_URL, or a server of its own for siteDir: { url, close() }.
export async function siteUrl(siteDir) {
  if (process.env.SITE_URL) return { url: process.env.SITE_URL, close() {} };
  const server = await serve(siteDir);
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

// Distinct colours of a PNG screenshot (8-bit RGB/RGBA, not interlaced, as Chromium writes).
export function countColours(png) {
  let pos = 8, width = 0, height = 0, channels = 0;
  const idat = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos), type = png.toString('ascii', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('unexpected PNG layout');
      channels = { 2: 3, 6: 4 }[data[9]];
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat)), stride = width * channels;
  const prev = Buffer.alloc(stride), row = Buffer.alloc(stride), colours = new Set();
  for (let y = 0; y < height; ++y) {
    const filter = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; ++i) {
      const a = i >= channels ? row[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      row[i] = (line[i] + pred) & 255;
    }
    for (let i = 0; i < stride; i += channels) colours.add((row[i] << 16) | (row[i + 1] << 8) | row[i + 2]);
    row.copy(prev);
  }
  return colours.size;
}

// A tally of checks: check() prints each, finish() prints the total and sets the exit code.
export function makeChecks(name) {
  const failures = [];
  return {
    failures,
    check(ok, what) {
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
      if (!ok) failures.push(what);
      return ok;
    },
    finish() {
      if (failures.length) {
        console.log(`${name}: ${failures.length} check(s) failed`);
        process.exitCode = 1;
      } else {
        console.log(`${name}: all checks passed`);
      }
    },
  };
}

// A browser test's main: the screenshots folder made, the site served (or SITE_URL), one
// browser for body(browser, url); an exception in it is a failed check; then everything is
// closed and the tally of checks (makeChecks) printed.
export async function runBrowserTest(name, checks, { siteDir, shotDir }, body) {
  mkdirSync(shotDir, { recursive: true });
  const site = await siteUrl(siteDir);
  console.log(`${name}: ${site.url} (site ${siteDir})`);
  const browser = await launchBrowser();
  try {
    await body(browser, site.url);
  } catch (err) {
    checks.check(false, `unexpected: ${err.stack || err}`);
  } finally {
    await browser.close();
    site.close();
  }
  checks.finish();
}

// Collects what the page logs as an error (console, uncaught exceptions, failed requests).
export function collectErrors(page) {
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('requestfailed', (req) => errors.push(`request failed: ${req.url()}`));
  return errors;
}

// Resolves true once the app published window.digitlab after its first frame.
export function waitForApp(page, timeout = 60000) {
  return page.waitForFunction(() => window.digitlab && window.digitlab.ready, null, { timeout })
    .then(() => true, () => false);
}

// Waits until the app has drawn n more frames; returns its state then.
export async function waitFrames(page, n = 2) {
  const start = await page.evaluate(() => window.digitlab.state().frames);
  await page.waitForFunction((f) => window.digitlab.state().frames >= f, start + n);
  return page.evaluate(() => window.digitlab.state());
}

// The on-page rectangle of one of the panel's buttons (window.digitlab.buttonRect), scrolling
// the panel with the mouse wheel, as a person would (down first, then up), when it is out of
// view; null if it never comes into view.
export async function findButton(page, name) {
  const rect = (n) => page.evaluate((m) => window.digitlab.buttonRect(m), n);
  let r = await rect(name);
  for (let i = 0; !r && i < 24; ++i) {
    const panel = await rect('panel');
    await page.mouse.move(panel.x + panel.width / 2, panel.y + panel.height / 2);
    await page.mouse.wheel(0, i < 12 ? 120 : -120);
    await waitFrames(page, 2);
    r = await rect(name);
  }
  return r;
}

// A named item's rectangle (window.digitlab.buttonRect: the panel's buttons, the Inside
// section's items); if it is not wholly on screen, scrolls the page (which the app's window
// follows) from the top down, half a screen at a time, until it is. null if it never is.
export async function findItem(page, name) {
  const rectOf = (n) => page.evaluate((m) => window.digitlab.buttonRect(m), n);
  let r = await rectOf(name);
  const { height, step } = await page.evaluate(() => ({
    height: document.documentElement.scrollHeight, step: Math.floor(innerHeight / 2),
  }));
  for (let y = 0; !r && y < height; y += step) {
    await page.evaluate((to) => window.scrollTo(0, to), y);
    await waitFrames(page, 2);
    r = await rectOf(name);
  }
  return r;
}

// A real click at the centre of r, a frame apart at each step: ImGui 1.86 reads the mouse once
// per frame. settle: wait two frames after the release.
export async function clickAt(page, r, { settle = true } = {}) {
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await waitFrames(page, 2);
  await page.mouse.down();
  await waitFrames(page, 2);
  await page.mouse.up();
  if (settle) await waitFrames(page, 2);
}

// Types text into one of the panel's fields (found by name as findButton finds it), all of its
// old text replaced, a frame apart at each step (ImGui reads the keys once per frame). false
// when the field never came into view (nothing typed).
export async function typeInto(page, name, text) {
  const r = await findButton(page, name);
  if (!r) return false;
  await clickAt(page, r);
  await page.keyboard.down('Control');
  await waitFrames(page, 2);
  await page.keyboard.press('a');
  await waitFrames(page, 2);
  await page.keyboard.up('Control');
  await waitFrames(page, 2);
  await page.keyboard.type(text);
  await waitFrames(page, 2);
  await page.keyboard.press('Enter');
  await waitFrames(page, 2);
  return true;
}

// A 7 across the pad, drawn with real mouse moves (the shape query_latency.cpp paints too);
// returns the state after `frames` more frames.
export async function drawSeven(page, frames = 3) {
  const pad = await page.evaluate(() => window.digitlab.padRect());
  const at = (u, v) => [pad.x + u * pad.width, pad.y + v * pad.height];
  await page.mouse.move(...at(0.25, 0.2));
  await page.mouse.down();
  await page.mouse.move(...at(0.75, 0.2), { steps: 20 });
  await page.mouse.move(...at(0.45, 0.85), { steps: 25 });
  await page.mouse.up();
  return waitFrames(page, frames);
}

// The screens the browser tests look at the page on: a phone (touch, devicePixelRatio 3), a
// laptop, and 4K; each a browser.newContext() option set.
export const screens = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true,
           hasTouch: true },
  laptop: { viewport: { width: 1280, height: 800 } },
  '4k': { viewport: { width: 3840, height: 2160 } },
};

// One finger on a touch screen, through the DevTools protocol (cdp: context.newCDPSession(page)):
// finger(cdp)(type, [x, y]) for touchStart and touchMove, (type, null) for touchEnd.
export function finger(cdp) {
  return (type, p) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: p ? [{ x: p[0], y: p[1] }] : [],
  });
}

// The finger along points (CSS px), `steps` moves between each two.
export async function swipeWith(touch, points, steps = 12) {
  await touch('touchStart', points[0]);
  for (let i = 1; i < points.length; ++i) {
    const [x0, y0] = points[i - 1], [x1, y1] = points[i];
    for (let s = 1; s <= steps; ++s)
      await touch('touchMove', [x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps]);
  }
  await touch('touchEnd', null);
}

// A new context on a screen (a name in `screens`, or newContext options) with the page at url:
// { context, page, errors (collectErrors), ready (waitForApp) }.
export async function openPage(browser, screen, url) {
  const context = await browser.newContext(screens[screen] ?? screen);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(url);
  return { context, page, errors, ready: await waitForApp(page) };
}

// A finger's tap on the middle of a rect, held for two frames and then three frames to act:
// ImGui reads the pointer once a frame, so a touch that starts and ends between two frames
// would never press anything.
export function tapper(page, touch) {
  return async (r) => {
    await touch('touchStart', [r.x + r.width / 2, r.y + r.height / 2]);
    await waitFrames(page, 2);
    await touch('touchEnd', null);
    await waitFrames(page, 3);
  };
}
