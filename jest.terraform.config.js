/**
 * The real Terraform suite (npm run test:terraform): the real CLI and providers
 * from .tools/ (npm run terraform:tools) deploy, read, refresh and destroy
 * stacks against real Keystone and Nova (test/real-openstack). Built on the unit
 * config: same transform, globalSetup (bundles) and globalTeardown (validate).
 */
const unit = require("./jest.config.js");

module.exports = {
  ...unit,
  roots: ["<rootDir>/test/terraform"],
  testTimeout: 600000,
  // One cloud, one set of servers at a time.
  maxWorkers: 1,
};
