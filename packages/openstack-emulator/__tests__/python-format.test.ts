/** Python's json.dumps and repr(), and jsonschema's first error: the pieces Nova's exact messages are made of. */
import { pythonJson, pythonRepr, pythonStr } from "../src/http/python-format";
import { bodyProblem, type Schema } from "../src/compute/schema";

test("json.dumps separators, ASCII escapes and key order", () => {
  expect(pythonJson({ a: [1, "é", null, true], b: { c: "x\"y" } })).toBe('{"a": [1, "\\u00e9", null, true], "b": {"c": "x\\"y"}}');
});

test.each<[unknown, string]>([
  ["plain", "'plain'"],
  ["it's", '"it\'s"'],
  ["both ' and \"", "'both \\' and \"'"],
  ["tab\there", "'tab\\there'"],
  [{ protocol: "vnc", x: 1, ok: false, none: null }, "{'protocol': 'vnc', 'x': 1, 'ok': False, 'none': None}"],
  [["novnc", "xvpvnc"], "['novnc', 'xvpvnc']"],
])("repr(%j) is %s", (value, expected) => {
  expect(pythonRepr(value)).toBe(expected);
});

test("str() leaves strings bare", () => {
  expect([pythonStr("bogus"), pythonStr(5)]).toEqual(["bogus", "5"]);
});

describe("the first schema error, in jsonschema's order and Nova's words", () => {
  const schema: Schema = {
    type: "object",
    properties: {
      rc: {
        type: "object",
        properties: { protocol: { type: "string", enum: ["vnc", "spice"] }, type: { type: "string", enum: ["novnc"] } },
        required: ["protocol", "type"],
        additionalProperties: false,
      },
    },
    required: ["rc"],
    additionalProperties: false,
  };

  test.each<[unknown, string | undefined]>([
    [{ rc: { protocol: "vnc", type: "novnc" } }, undefined],
    [null, "None is not of type 'object'"],
    [{}, "'rc' is a required property"],
    [{ rc: { protocol: "x", type: "y" } }, "Invalid input for field/attribute protocol. Value: x. 'x' is not one of ['vnc', 'spice']"],
    [{ rc: { protocol: 5, type: "novnc" } }, "Invalid input for field/attribute protocol. Value: 5. 5 is not of type 'string'"],
    // Properties are checked before the inner object's required and additionalProperties, and those before the outer ones.
    [{ rc: { protocol: "vnc" }, extra: 1 }, "Invalid input for field/attribute rc. Value: {'protocol': 'vnc'}. 'type' is a required property"],
    [{ rc: { protocol: "vnc", type: "novnc", a: 1, b: 2 } }, "Invalid input for field/attribute rc. Value: {'protocol': 'vnc', 'type': 'novnc', 'a': 1, 'b': 2}. Additional properties are not allowed ('a', 'b' were unexpected)"],
    [{ rc: { protocol: "vnc", type: "novnc" }, extra: 1 }, "Additional properties are not allowed ('extra' was unexpected)"],
  ])("%j", (body, expected) => {
    expect(bodyProblem(schema, body)).toBe(expected);
  });
});
