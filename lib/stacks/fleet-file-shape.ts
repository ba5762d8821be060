/**
 * The fleet file's shape: which keys each object takes and of what JSON type.
 * It mirrors the construct props (ServerFleet spec + console, provider
 * settings), so the constructs check values and this checks only shapes;
 * but for the image and the flavor, which a file names by two plain keys
 * each (FleetStack turns them into a ServerImage and a ServerFlavor).
 */
import { CONSOLE_MODES } from "../constructs/console-mode";
import { CONSOLE_OPTION_NAMES, consoleOptionKind } from "../hook-contract";

export type Shape =
  | { readonly kind: "string" | "integer" | "number" | "boolean" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "list" | "map"; readonly of: Shape }
  | {
      readonly kind: "object";
      readonly fields: Readonly<Record<string, Shape>>;
      readonly required?: readonly string[];
      /** Keys starting with "x-" are ignored, so a file can hold YAML anchors to reuse (as docker-compose allows). */
      readonly extensions?: boolean;
    };

const string: Shape = { kind: "string" };
const boolean: Shape = { kind: "boolean" };
const strings: Shape = { kind: "list", of: string };
const stringMap: Shape = { kind: "map", of: string };

// The console options are the hook contract's: a new option is accepted here without an edit.
const console: Shape = {
  kind: "object",
  fields: {
    ...Object.fromEntries(CONSOLE_OPTION_NAMES.map((name) => [name, consoleOptionKind(name)])),
    mode: { kind: "enum", values: CONSOLE_MODES },
    keepers: stringMap,
    serverOutputs: boolean,
  },
};

const fleet: Shape = {
  kind: "object",
  required: ["name"],
  fields: {
    name: string,
    count: { kind: "integer" },
    imageId: string,
    imageName: string,
    flavorId: string,
    flavorName: string,
    networks: {
      kind: "list",
      of: { kind: "object", fields: { uuid: string, name: string, port: string, fixedIpV4: string, accessNetwork: boolean } },
    },
    networkMode: { kind: "enum", values: ["auto", "none"] },
    keyPair: { kind: "object", required: ["name"], fields: { name: string, publicKey: string } },
    securityGroups: strings,
    userData: string,
    metadata: stringMap,
    tags: strings,
    availabilityZone: string,
    bootVolume: {
      kind: "object",
      required: ["sizeGb"],
      fields: { sizeGb: { kind: "number" }, volumeType: string, deleteOnTermination: boolean },
    },
    schedulerHints: {
      kind: "object",
      fields: { group: string, differentHost: strings, sameHost: strings, additionalProperties: stringMap },
    },
    console,
  },
};

const openstack: Shape = { kind: "object", fields: { cloud: string, region: string } };

// Mirrors lib/stacks/state-backend.ts; credential keys are refused before the shape is checked.
const backend: Shape = {
  kind: "object",
  fields: {
    local: { kind: "object", fields: { path: string } },
    pg: { kind: "object", fields: { connStr: string, schemaName: string, skipSchemaCreation: boolean, skipTableCreation: boolean, skipIndexCreation: boolean } },
    s3: {
      kind: "object",
      required: ["bucket", "region"],
      fields: {
        bucket: string,
        key: string,
        region: string,
        endpoint: string,
        encrypt: boolean,
        useLockfile: boolean,
        usePathStyle: boolean,
        skipCredentialsValidation: boolean,
        skipRegionValidation: boolean,
        skipRequestingAccountId: boolean,
        skipMetadataApiCheck: boolean,
        skipS3Checksum: boolean,
        profile: string,
      },
    },
    http: {
      kind: "object",
      required: ["address"],
      fields: {
        address: string,
        lockAddress: string,
        unlockAddress: string,
        lockMethod: string,
        unlockMethod: string,
        updateMethod: string,
        username: string,
        retryMax: { kind: "integer" },
      },
    },
  },
};

/** A fleet's keys, all optional: shared defaults under `defaults.fleet`. */
const fleetDefaults: Shape = { kind: "object", fields: Object.fromEntries(Object.entries((fleet as { fields: Record<string, Shape> }).fields).filter(([k]) => k !== "name")) };

/** The one-stack form: `stack`, `openstack`, `backend`, `fleets`. */
export const FLEET_FILE_SHAPE: Shape = {
  kind: "object",
  required: ["fleets"],
  extensions: true,
  fields: { stack: string, openstack, backend, fleets: { kind: "list", of: fleet } },
};

/** The several-stacks form: shared `defaults`, and `stacks`, each like the one-stack form with `name`. */
export const FLEET_STACKS_SHAPE: Shape = {
  kind: "object",
  required: ["stacks"],
  extensions: true,
  fields: {
    defaults: { kind: "object", fields: { openstack, backend, fleet: fleetDefaults } },
    stacks: {
      kind: "list",
      of: { kind: "object", required: ["name", "fleets"], fields: { name: string, openstack, backend, fleets: { kind: "list", of: fleet } } },
    },
  },
};
