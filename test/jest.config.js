// End-to-end suites: the real app over HTTP (api/) and the H5 build in headless Chromium (h5/).
const path = require('path');
const swcrc = JSON.parse(require('fs').readFileSync(path.join(__dirname, '../server/.swcrc'), 'utf8'));

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: { '^@memberloop/shared$': '<rootDir>/../shared/src/index.ts' },
  testTimeout: 60_000,
};
