"use strict";
/**
 * esbuild plugin: bundles each named package on its own (through its public
 * entry point) and embeds the result in the bundle as text, compiled with
 * node:vm on its first require. V8 then parses the package only when the
 * program uses it, not at start-up: the hook on an empty fleet, or
 * `os-console --help`, never parses undici (~470 KB) or yaml (~110 KB).
 * The packages must be required lazily (inside a function, or with
 * `await import()`), else they are compiled at load as before.
 */
const esbuild = require("esbuild");

/** `base`: the outer build's esbuild options (platform, target, minify...), which each package's own bundle shares. */
function lazyEmbed(packages, base) {
  const filter = new RegExp(`^(${packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})$`);
  return {
    name: "lazy-embed",
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: "lazy-embed", pluginData: { resolveDir: args.resolveDir } }));
      build.onLoad({ filter: /.*/, namespace: "lazy-embed" }, async (args) => {
        const inner = await esbuild.build({
          ...base,
          stdin: { contents: `module.exports = require(${JSON.stringify(args.path)});`, resolveDir: args.pluginData.resolveDir, loader: "js" },
          write: false,
        });
        const source = inner.outputFiles[0].text;
        const filename = `[bundled ${args.path}]`;
        return {
          loader: "js",
          contents: [
            `const { compileFunction } = require("node:vm");`,
            `const source = ${JSON.stringify(source)};`,
            `compileFunction(source, ["exports", "require", "module", "__filename", "__dirname"], { filename: ${JSON.stringify(filename)} })(module.exports, require, module, __filename, __dirname);`,
          ].join("\n"),
        };
      });
    },
  };
}

module.exports = { lazyEmbed };
