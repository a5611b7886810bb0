// End-to-end suites: the real app over HTTP (api/) and the H5 build in headless Chromium (h5/).
const path = require('path');
const swcrc = JSON.parse(require('fs').readFileSync(path.join(__dirname, '../server/.swcrc'), 'utf8'));

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: { '^@memberloop/shared$': '<rootDir>/../shared/src/index.ts' },
  // Server packages npm kept in server/node_modules resolve for the suites too.
  moduleDirectories: ['node_modules', '<rootDir>/../server/node_modules'],
  testTimeout: 60_000,
  // The suites run one at a time (`--maxWorkers=1`) in a worker that is replaced once it holds more than this after
  // a suite: each suite starts the whole app over an in-memory database, and in one long-lived process (runInBand)
  // what the suites leave behind grew past 5 GB by the seventieth suite, until collecting it slowed every later one
  // past its timeouts.
  workerIdleMemoryLimit: '1536MB',
};
