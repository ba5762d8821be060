/**
 * The fleet file's shape: which keys each object takes and of what JSON type.
 * It mirrors the construct props (ServerFleet spec + console, provider
 * settings), so the constructs check values and this checks only shapes.
 */
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
  fields: Object.fromEntries(CONSOLE_OPTION_NAMES.map((name) => [name, consoleOptionKind(name)])),
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

export const FLEET_FILE_SHAPE: Shape = {
  kind: "object",
  required: ["fleets"],
  extensions: true,
  fields: {
    stack: string,
    openstack: { kind: "object", fields: { cloud: string, region: string } },
    fleets: { kind: "list", of: fleet },
  },
};
