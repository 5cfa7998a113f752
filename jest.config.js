/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type errors are caught by `npm run typecheck`; transpiling only keeps the run fast.
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
    // jose, cookie (light-my-request's, behind app.inject) and content-disposition (@fastify/static's) ship ES modules only, and jest on
    // Node 20 loads CommonJS: compile them like our own code.
    '^.+/node_modules/(jose|cookie|content-disposition|openid-client|oauth4webapi)/.+\\.js$': ['ts-jest', { isolatedModules: true, diagnostics: false, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|cookie|content-disposition|openid-client|oauth4webapi)/)'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 120000,
  // Two cores: one dev server plus two suites, each with its own worker, is what this machine holds.
  maxWorkers: 2,
  forceExit: false,
};
