/**
 * The Python suite (npm run test:python): the library as a Python user gets it,
 * the wheel jsii-pacmak makes, in a venv with cdktf and constructs from PyPI;
 * a Python cdktf app synthesizes, type-checks (mypy --strict) and deploys to the
 * emulator with the real Terraform. Its own suite: it needs Python 3, PyPI and
 * the wheel build (about two minutes), none of which the unit suite may assume,
 * and no real cloud, which test:terraform needs. Built on the unit config.
 */
const unit = require("./jest.config.js");

module.exports = {
  ...unit,
  roots: ["<rootDir>/test/python"],
  testTimeout: 900000,
  maxWorkers: 1,
};
