"use strict";
/**
 * esbuild plugin: a `.proto` import becomes protobufjs's JSON descriptor of
 * that file, parsed here at build time (field names kept as written), so the
 * provider loads no .proto parser and parses no text at start-up
 * (lib/provider/protocol/services.ts reads the descriptor with
 * protobufjs/light).
 */
const fs = require("node:fs");
const protobuf = require("protobufjs");

function protoDescriptors() {
  return {
    name: "proto-descriptors",
    setup(build) {
      build.onLoad({ filter: /\.proto$/ }, (args) => {
        const { root } = protobuf.parse(fs.readFileSync(args.path, "utf8"), { keepCase: true });
        return { loader: "json", contents: JSON.stringify(root.toJSON()) };
      });
    },
  };
}

module.exports = { protoDescriptors };
