// Extension size and start. Size: the SIM build's manifest names each entry (background service
// worker, popup page, content scripts); for each, its JS file plus every chunk it loads (the
// popup's <script>/<link rel=modulepreload>, and any static `import … from "/chunks/…"` inside a
// chunk, followed transitively), each file gzipped on its own at level 9 (as a browser fetches
// them) and summed. CSS is reported beside, not in the script budget.
// Start: the popup opened as a tab in headless Chromium, from navigation start (performance
// timeOrigin) to the first `section.card` or `h1` in the DOM, median of `runs` openings, against a
// blank extension page measured the same way, alternating, in the same browser.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const SIM_OUT = resolve('.output-sim/chrome-mv3');
export const BLANK_HTML =
  '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>blank</title></head><body><h1>blank</h1></body></html>\n';

export interface BundleSize {
  files: string[];
  jsBytes: number;
  jsGzip: number;
  cssGzip: number;
}

export function buildSim(): number {
  const t0 = performance.now();
  execFileSync('npx', ['wxt', 'build'], { env: { ...process.env, SIM_BUILD: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - t0;
}

const gz = (p: string) => gzipSync(readFileSync(p), { level: 9 }).length;

/** The file plus every chunk it statically imports, transitively (paths relative to `root`). */
function withImports(root: string, rel: string, seen: Set<string>): void {
  if (seen.has(rel)) return;
  seen.add(rel);
  const src = readFileSync(join(root, rel), 'utf8');
  for (const m of src.matchAll(/(?:import|from)\s*["']([^"']+\.js)["']/g)) {
    const spec = m[1]!;
    const next = spec.startsWith('/') ? spec.slice(1) : join(dirname(rel), spec);
    if (existsSync(join(root, next))) withImports(root, next, seen);
  }
}

function sizeOf(root: string, js: string[], css: string[]): BundleSize {
  const seen = new Set<string>();
  for (const f of js) withImports(root, f, seen);
  const files = [...seen];
  return {
    files: [...files, ...css],
    jsBytes: files.reduce((s, f) => s + readFileSync(join(root, f)).length, 0),
    jsGzip: files.reduce((s, f) => s + gz(join(root, f)), 0),
    cssGzip: css.reduce((s, f) => s + gz(join(root, f)), 0),
  };
}

function pageAssets(root: string, html: string): { js: string[]; css: string[] } {
  const src = readFileSync(join(root, html), 'utf8');
  const strip = (p: string) => p.replace(/^\//, '');
  const js = [...src.matchAll(/<script[^>]*\bsrc="([^"]+)"/g), ...src.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (m) => strip(m[1]!),
  );
  const css = [...src.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => strip(m[1]!));
  return { js, css };
}

export function bundleSizes(root = SIM_OUT): { background: BundleSize; popup: BundleSize; content: BundleSize } {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as {
    background: { service_worker: string };
    action: { default_popup: string };
    content_scripts: { js: string[]; css?: string[] }[];
  };
  const popup = pageAssets(root, manifest.action.default_popup);
  return {
    background: sizeOf(root, [manifest.background.service_worker], []),
    popup: sizeOf(root, popup.js, popup.css),
    content: sizeOf(
      root,
      manifest.content_scripts.flatMap((c) => c.js),
      manifest.content_scripts.flatMap((c) => c.css ?? []),
    ),
  };
}

export interface StartTimes {
  runs: number;
  popupMs: number[];
  blankMs: number[];
  popupMedian: number;
  blankMedian: number;
  ratio: number;
  blankPage: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Installed in every page before its own scripts: notes when the first card or heading exists. */
const FIRST_RENDER_PROBE = `(() => {
  const mark = () => {
    if (window.__firstRender === undefined && document.querySelector('section.card, h1')) {
      window.__firstRender = performance.now();
      obs.disconnect();
    }
  };
  const obs = new MutationObserver(mark);
  obs.observe(document, { childList: true, subtree: true });
})();`;

export async function startTimes(runs: number, root = SIM_OUT): Promise<StartTimes> {
  const { launchChromium } = await import('../e2e/support/chromium');
  // The built extension has no blank page of its own: use public/blank.html when the build has
  // one, else a copy of the build with only that file added (the measured popup is byte-identical).
  let dir = root;
  let tmp: string | undefined;
  let blankPage = 'blank.html (in the build)';
  if (!existsSync(join(root, 'blank.html'))) {
    tmp = mkdtempSync(join(tmpdir(), 'bench-ext-'));
    cpSync(root, tmp, { recursive: true });
    writeFileSync(join(tmp, 'blank.html'), BLANK_HTML);
    dir = tmp;
    blankPage = 'blank.html added to a temporary copy of the build (the build has none)';
  }
  const ch = await launchChromium({ extensionDir: dir });
  try {
    await ch.context.addInitScript({ content: FIRST_RENDER_PROBE });
    const open = async (path: string) => {
      const page = await ch.context.newPage();
      try {
        await page.goto(`chrome-extension://${ch.extensionId}/${path}`);
        await page.waitForFunction(() => (window as unknown as { __firstRender?: number }).__firstRender !== undefined, null, {
          timeout: 15_000,
        });
        return await page.evaluate(() => (window as unknown as { __firstRender: number }).__firstRender);
      } finally {
        await page.close();
      }
    };
    // One of each first, unmeasured: the first opening pays for process and cache warm-up.
    await open('popup.html');
    await open('blank.html');
    const popupMs: number[] = [];
    const blankMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      popupMs.push(await open('popup.html'));
      blankMs.push(await open('blank.html'));
    }
    const popupMedian = median(popupMs);
    const blankMedian = median(blankMs);
    return { runs, popupMs, blankMs, popupMedian, blankMedian, ratio: popupMedian / blankMedian, blankPage };
  } finally {
    await ch.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
