/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every text file of the H5 build, once at build time, so the
 * server sends compressed bytes without compressing on each request (@fastify/static's preCompressed option picks
 * the copy the browser accepts).
 *
 *   node scripts/precompress-h5.js [dir]      (default: dist/h5)
 */
const { readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { brotliCompressSync, constants, gzipSync } = require('node:zlib');

const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;
/** Below this a compressed copy saves less than the headers it costs. */
const MIN_BYTES = 1024;

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

function precompress(dir) {
  let before = 0;
  let after = 0;
  for (const file of filesUnder(dir)) {
    if (!COMPRESSIBLE.test(file) || statSync(file).size < MIN_BYTES) continue;
    const bytes = readFileSync(file);
    const br = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    writeFileSync(`${file}.br`, br);
    writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
    before += bytes.length;
    after += br.length;
  }
  return { before, after };
}

if (require.main === module) {
  const dir = resolve(process.argv[2] ?? join(__dirname, '../dist/h5'));
  const { before, after } = precompress(dir);
  console.log(`precompressed ${dir}: ${(before / 1024).toFixed(0)} KB, ${(after / 1024).toFixed(0)} KB with brotli`);
}

module.exports = { precompress };
