// Unit specs live beside the code (src/.../*.spec.ts); the engine conformance suites in test/engine.
const swcrc = JSON.parse(require('fs').readFileSync(__dirname + '/.swcrc', 'utf8'));
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // Many specs run against the embedded database; on a busy 2-core CI machine 5 s is too tight for them.
  testTimeout: 30_000,
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: { '^@memberloop/shared$': '<rootDir>/../shared/src/index.ts' },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
