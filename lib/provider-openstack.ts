/**
 * The whole terraform-provider-openstack (v3.4.0 schema, pinned `~> 3.4`) as
 * cdktf bindings, generated into .gen/ on install and compiled into the
 * package: `import { computeInstanceV2, provider } from "<package>/provider-openstack"`.
 */
export * from "../.gen/providers/openstack";
