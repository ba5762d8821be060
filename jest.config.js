/** Unit, emulator and reliability suites. The real-OpenStack suite has its own config. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__", "<rootDir>/packages/openstack-emulator/__tests__", "<rootDir>/tooling/schema-check/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Transpile only: `npm test` type-checks the whole tree once with tsc first.
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  globalSetup: "<rootDir>/__tests__/global-setup.ts",
  // Real `terraform validate` on every stack the run synthesized.
  globalTeardown: "<rootDir>/__tests__/global-teardown.ts",
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  testTimeout: 60000,
  maxWorkers: 2,
};
