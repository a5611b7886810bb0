import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startApp, type RunningApp } from '../support/app';

const PRECOMPRESS = resolve(__dirname, '../../miniprogram/scripts/precompress-h5.js');

/** An H5 build in miniature: index.html naming content-hashed script and stylesheet, precompressed as build:h5 does. */
function writeH5Build(): { dir: string; script: string; stylesheet: string } {
  const dir = mkdtempSync(join(tmpdir(), 'memberloop-h5-'));
  mkdirSync(join(dir, 'js'));
  mkdirSync(join(dir, 'css'));
  const script = 'export const tiers = ["普通", "银卡", "金卡"];\n'.repeat(400);
  const stylesheet = '.home__card { color: #2b2522; padding: 32px; }\n'.repeat(200);
  writeFileSync(join(dir, 'js/app.1a2b3c4d.js'), script);
  writeFileSync(join(dir, 'js/app.1a2b3c4d.js.LICENSE.txt'), 'MIT');
  writeFileSync(join(dir, 'css/app.0123456789abcdef0123.css'), stylesheet);
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><script defer src="/js/app.1a2b3c4d.js"></script></head><body><div id="app"></div></body></html>',
  );
  execFileSync(process.execPath, [PRECOMPRESS, dir]);
  return { dir, script, stylesheet };
}

describe('H5 assets: compressed, and cached for as long as their name says', () => {
  let running: RunningApp;
  let build: ReturnType<typeof writeH5Build>;

  beforeAll(async () => {
    build = writeH5Build();
    running = await startApp({ H5_DIR: build.dir });
  });
  afterAll(async () => {
    await running?.close();
    rmSync(build.dir, { recursive: true, force: true });
  });

  // Node's fetch decodes the body; the headers say what went over the wire.
  async function get(path: string, acceptEncoding: string) {
    const response = await fetch(`${running.baseUrl}${path}`, { headers: { 'accept-encoding': acceptEncoding } });
    return { response, headers: response.headers };
  }

  it('sends a hashed script as brotli to a browser that accepts it, cacheable for a year and immutable', async () => {
    const { response, headers } = await get('/js/app.1a2b3c4d.js', 'gzip, deflate, br');
    expect(response.status).toBe(200);
    expect(headers.get('content-encoding')).toBe('br');
    expect(headers.get('content-type')).toMatch(/javascript/);
    expect(headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(headers.get('vary')).toMatch(/accept-encoding/i);
    expect(Number(headers.get('content-length'))).toBeLessThan(build.script.length / 10);
    await expect(response.text()).resolves.toBe(build.script);
  });

  it('falls back to gzip, then to the plain file, by what the browser accepts', async () => {
    const gzip = await get('/css/app.0123456789abcdef0123.css', 'gzip');
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.headers.get('content-type')).toMatch(/text\/css/);
    expect(gzip.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    await expect(gzip.response.text()).resolves.toBe(build.stylesheet);

    const plain = await get('/js/app.1a2b3c4d.js', 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    await expect(plain.response.text()).resolves.toBe(build.script);
  });

  it('has index.html revalidated on every load, so a release shows at once', async () => {
    for (const path of ['/', '/index.html']) {
      const { response, headers } = await get(path, 'gzip, deflate, br');
      expect(response.status).toBe(200);
      expect(headers.get('content-type')).toMatch(/text\/html/);
      expect(headers.get('cache-control')).toBe('no-cache');
      await expect(response.text()).resolves.toContain('/js/app.1a2b3c4d.js');
    }
  });

  it('serves neither the compressed copies nor licence notes as files of their own, and unknown paths stay API 404s', async () => {
    for (const path of [
      '/js/app.1a2b3c4d.js.br',
      '/js/app.1a2b3c4d.js.gz',
      '/js/app.1a2b3c4d.js.LICENSE.txt',
      '/js/app.ffffffff.js',
    ]) {
      const { response } = await get(path, 'identity');
      expect(response.status).toBe(404);
      await expect(response.json()).resolves.toMatchObject({ code: expect.any(String) });
    }
  });

  it('writes copies that decode to the very bytes of the original', () => {
    const br = brotliDecompressSync(readFileSync(join(build.dir, 'js/app.1a2b3c4d.js.br')));
    const gz = gunzipSync(readFileSync(join(build.dir, 'js/app.1a2b3c4d.js.gz')));
    expect(br.toString()).toBe(build.script);
    expect(gz.toString()).toBe(build.script);
  });
});
