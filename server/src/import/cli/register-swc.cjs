'use strict';
/**
 * Lets plain Node run the server's TypeScript for the command-line tools (npm run seed, import:orders):
 *   node -r ./src/import/cli/register-swc.cjs scripts/seed.ts
 * tsx cannot be used for them: esbuild does not emit decorator metadata, and Nest injects services by the
 * constructor parameter types that metadata records. swc (the server's jest transform, same .swcrc) does.
 */
const { readFileSync } = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const swcrc = JSON.parse(readFileSync(path.join(__dirname, '../../../.swcrc'), 'utf8'));
process.setSourceMapsEnabled(true);

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcrc, swcrc: false, filename, sourceMaps: 'inline' });
  module._compile(code, filename);
};
