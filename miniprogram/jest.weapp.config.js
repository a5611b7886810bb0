// The compiled weapp build (dist/weapp) checked the way WeChat loads it: run after `npm run build:weapp`.
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/test/weapp'],
  testMatch: ['**/*.weapp-spec.ts'],
  transform: { '^.+\\.ts$': 'babel-jest' },
  // The build's own JS runs as WeChat would run it: never through babel.
  transformIgnorePatterns: ['/node_modules/', '/dist/', '/weapp-copies/'],
  moduleNameMapper: { '^@memberloop/shared$': '<rootDir>/../shared/src/index.ts' },
  testTimeout: 60_000,
};
