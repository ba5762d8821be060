/**
 * The integration suite against real Keystone + Nova (test/real-openstack).
 * Run it with `npm run test:openstack`, which brings the services up first.
 * Separate from jest.config.js: it needs root and the real services.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/openstack"],
  testMatch: ["**/*.test.ts"],
  // Transpile only, like the unit suite: `npm test` type-checks the tree with tsc.
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testTimeout: 120000,
  // One deployment, shared state (servers, tokens): one test file at a time.
  maxWorkers: 1,
};
