/**
 * Terraform's values on the wire (hashicorp/terraform
 * docs/plugin-protocol/object-wire-format.md): DynamicValue holds msgpack
 * (or JSON), an object has every attribute, null is nil, and an unknown is a
 * msgpack extension: type 0, or type 12 with refinements (Terraform 1.6+).
 * Unknowns stay opaque: decoded into an Unknown that re-encodes to the very
 * bytes that came, since a rebuilt refinement makes Terraform fail.
 */
import { ExtensionCodec, decode, encode } from "@msgpack/msgpack";

export class Unknown {
  constructor(
    readonly extType: number,
    readonly data: Uint8Array,
  ) {}
}

/** An unknown without refinements: what a plan says of a value the apply will give. */
export const UNKNOWN = new Unknown(0, new Uint8Array([0]));

const codec = new ExtensionCodec();
for (const extType of [0, 12]) {
  codec.register({
    type: extType,
    encode: (value: unknown) => (value instanceof Unknown && value.extType === extType ? value.data : null),
    decode: (data: Uint8Array) => new Unknown(extType, data.slice()),
  });
}

/** A Terraform value: null, a primitive, an unknown, or a map/object of them (lists do not occur in this schema). */
export type Value = null | string | number | boolean | Unknown | { [key: string]: Value };
export type ObjectValue = { [key: string]: Value };

export interface DynamicValue {
  msgpack?: Buffer;
  json?: Buffer;
}

export function decodeDynamic(value: DynamicValue | undefined): Value {
  if (value?.msgpack && value.msgpack.length > 0) return decode(value.msgpack, { extensionCodec: codec }) as Value;
  if (value?.json && value.json.length > 0) return JSON.parse(value.json.toString("utf8")) as Value;
  return null;
}

export function encodeDynamic(value: Value): DynamicValue {
  return { msgpack: Buffer.from(encode(value, { extensionCodec: codec })) };
}

export const isUnknown = (value: unknown): value is Unknown => value instanceof Unknown;

/** Whether a value holds an unknown anywhere. */
export function hasUnknown(value: Value): boolean {
  if (isUnknown(value)) return true;
  if (value !== null && typeof value === "object") return Object.values(value).some(hasUnknown);
  return false;
}

/** Equal and known: an unknown on either side is never the same. */
export function sameKnown(a: Value, b: Value): boolean {
  if (isUnknown(a) || isUnknown(b)) return false;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameKnown(a[k], b[k]));
}

/** A map value of strings, or undefined when it is null or not wholly known. */
export function knownStringMap(value: Value): Record<string, string> | undefined {
  if (value === null || typeof value !== "object" || isUnknown(value) || hasUnknown(value)) return undefined;
  return value as Record<string, string>;
}
