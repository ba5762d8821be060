/**
 * Terraform's unknown values on the wire stay opaque: a refined unknown
 * (msgpack extension 12, Terraform 1.6+) and a plain one (extension 0) go
 * back byte for byte, since a rebuilt refinement makes Terraform fail.
 */
import { ExtData, encode } from "@msgpack/msgpack";
import { decodeDynamic, encodeDynamic, hasUnknown, isUnknown, sameKnown } from "../../lib/provider/values";

// Refinements: a msgpack map, here {1: true} ("not null") and {2: "ab"} (a string prefix).
const REFINED = new ExtData(12, encode(new Map<number, unknown>([[1, true], [2, "ab"]])));
const PLAIN = new ExtData(0, new Uint8Array([0]));

test("an object with refined and plain unknowns re-encodes to the same bytes", () => {
  const wire = Buffer.from(encode({ servers: { web: REFINED, db: "6f0c1c7e-2f5a-4b8e-9d55-0f3f1f6b2a11" }, keepers: PLAIN, timeout: 30, probe: null }));
  const value = decodeDynamic({ msgpack: wire }) as Record<string, any>;
  expect(isUnknown(value.servers.web)).toBe(true);
  expect(isUnknown(value.keepers)).toBe(true);
  expect(hasUnknown(value)).toBe(true);
  expect(encodeDynamic(value).msgpack).toEqual(wire);
});

test("unknowns are never the same as anything, themselves included", () => {
  const value = decodeDynamic({ msgpack: Buffer.from(encode({ a: PLAIN })) }) as Record<string, any>;
  expect(sameKnown(value.a, value.a)).toBe(false);
  expect(sameKnown({ x: "1" }, { x: "1" })).toBe(true);
  expect(sameKnown({ x: "1" }, { x: "1", y: "2" })).toBe(false);
});

test("a JSON DynamicValue (UpgradeResourceState's raw state) decodes too", () => {
  expect(decodeDynamic({ json: Buffer.from('{"servers":{"a":"b"}}') })).toEqual({ servers: { a: "b" } });
});
