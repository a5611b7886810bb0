// Component tests run under jsdom; Taro's components and API are replaced by small shims (test/shims),
// because @tarojs/test-utils-react only supports Taro 3.
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  globals: { MEMBERLOOP_API_BASE: 'http://api.test' },
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  transform: { '^.+\\.[jt]sx?$': 'babel-jest' },
  moduleNameMapper: {
    '^@tarojs/components$': '<rootDir>/test/shims/components.tsx',
    '^@tarojs/taro$': '<rootDir>/test/shims/taro.ts',
    '^@memberloop/shared$': '<rootDir>/../shared/src/index.ts',
    '\\.(css|scss|less)$': '<rootDir>/test/shims/style.ts',
  },
};
