/**
 * A .proto file, as scripts/build.js bundles it: parsed at build time into
 * protobufjs's JSON descriptor, so the provider never parses .proto text at
 * start-up.
 */
declare module "*.proto" {
  const descriptor: import("protobufjs").INamespace;
  export default descriptor;
}
