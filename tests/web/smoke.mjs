// Smoke test of the web app in headless Chromium (playwright-core driving Debian's chromium).
//   node tests/web/smoke.mjs [SITE_DIR]        (default build/web/site)
//   SITE_URL=http://localhost:8080/ node tests/web/smoke.mjs   (test a running server instead)
// Serves SITE_DIR on a free port, loads the page at devicePixelRatio 1 and 2, waits for the app's
// first frame (window.digitlab.ready), checks its state, an arrow key, that the canvas is not
// blank and that nothing was logged as an error; saves screenshots beside the site, e.g.
// build/web/screenshots/.
// Exits non-zero on any failure.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'build/deps/package.json'));
const { chromium } = require('playwright-core');

const siteDir = resolve(process.argv[2] || join(root, 'build/web/site'));
const shotDir = join(siteDir, '../screenshots');  // build/web/site -> build/web/screenshots
// TOOLCHAIN.md's flags; playwright adds --headless and a fresh --user-data-dir itself.
const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

// The MIME types the page needs; .wasm must be application/wasm for streaming compilation.
const mimeTypes = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.data': 'application/octet-stream', '.png': 'image/png',
};

function serve(dir) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    let file = join(dir, path);
    try {
      if (!file.startsWith(dir)) throw new Error('outside the site');
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Type': mimeTypes[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// Distinct colours of a PNG screenshot (8-bit RGB/RGBA, not interlaced, as Chromium writes).
function countColours(png) {
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

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

async function visit(browser, url, scale) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: scale });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('requestfailed', (req) => errors.push(`request failed: ${req.url()}`));

  const start = Date.now();
  await page.goto(url);
  const ready = await page.waitForFunction(() => window.digitlab && window.digitlab.ready, null, { timeout: 60000 })
    .then(() => true, () => false);
  check(ready, `dpr ${scale}: app ready (first frame after ${Date.now() - start} ms)`);
  if (!ready) {
    console.log('page says:', await page.textContent('#message').catch(() => '?'));
  } else {
    await page.waitForFunction(() => window.digitlab.state().frames >= 10);
    const state = await page.evaluate(() => window.digitlab.state());
    console.log(`     state: ${JSON.stringify(state)}`);
    check(state.error === '', `dpr ${scale}: no error shown in the app`);
    check(state.layers.length >= 2 && state.layers[0] === 784 && state.layers.at(-1) === 10,
          `dpr ${scale}: model ${state.layers.join('-')} loaded`);
    check(state.samples > 1 && state.label >= 0, `dpr ${scale}: ${state.samples} samples loaded`);
    check(state.prediction >= 0 && state.prediction <= 9, `dpr ${scale}: prediction ${state.prediction}`);
    check(state.canvas[0] === 1280 * scale && state.canvas[1] === 720 * scale,
          `dpr ${scale}: canvas backing store ${state.canvas} matches CSS size x ${scale}`);
    check(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight &&
                                    document.documentElement.scrollWidth <= innerWidth),
          `dpr ${scale}: no scrollbars`);

    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((f) => window.digitlab.state().frames > f + 2, state.frames);
    const after = await page.evaluate(() => window.digitlab.state());
    check(after.index === 1, `dpr ${scale}: right arrow shows the next digit (index ${after.index})`);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((f) => window.digitlab.state().frames > f + 2, after.frames);

    const shot = await page.screenshot();
    const file = join(shotDir, `page-dpr${scale}.png`);
    writeFileSync(file, shot);
    const colours = countColours(shot);
    check(colours > 20, `dpr ${scale}: screenshot has ${colours} colours (${file})`);
  }
  check(errors.length === 0, `dpr ${scale}: no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await context.close();
}

mkdirSync(shotDir, { recursive: true });
const server = process.env.SITE_URL ? null : await serve(siteDir);
const url = process.env.SITE_URL || `http://127.0.0.1:${server.address().port}/`;
console.log(`smoke: ${url}${server ? ` (serving ${siteDir})` : ''}`);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
try {
  await visit(browser, url, 1);
  await visit(browser, url, 2);
} catch (err) {
  check(false, `unexpected: ${err.stack || err}`);
} finally {
  await browser.close();
  server?.close();
}
if (failures.length) {
  console.log(`smoke: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('smoke: all checks passed');
