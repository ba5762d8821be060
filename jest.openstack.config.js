/**
 * The integration suite against real Keystone + Nova (test/real-openstack).
 * Run it with `npm run test:openstack`, which brings the services up first.
 * Separate from jest.config.js (it needs root and the real services), but
 * built on it: the same transform, and the same globalSetup, which bundles
 * the hook and the CLI once before any test file runs.
 */
const unit = require("./jest.config.js");

module.exports = {
  ...unit,
  roots: ["<rootDir>/test/openstack"],
  testTimeout: 120000,
  // One deployment, shared state (servers, tokens): one test file at a time.
  maxWorkers: 1,
};
