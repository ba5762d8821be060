import { checkMetaArgument } from "./meta-arguments";
import { SchemaProblem, formatPath } from "./problems";
import { NestedAttributeType, SchemaAttribute, SchemaBlock, SchemaBlockType, TypeJson } from "./schema-types";
import { closest } from "../../lib/stacks/suggest";
import { acceptsBlockShape, checkValue, isPlainObject, looksLikeBlock, typeName } from "./value-type";

type Path = ReadonlyArray<string | number>;

/** cdktf writes `"//": {"metadata": ...}` into elements; Terraform JSON treats "//" as a comment. */
const COMMENT_KEY = "//";

/** A protocol-6 nested attribute as the equivalent Terraform type. */
function nestedType(nested: NestedAttributeType): TypeJson {
  const object: TypeJson = ["object", Object.fromEntries(Object.entries(nested.attributes).map(([k, a]) => [k, attributeType(a)]))];
  switch (nested.nesting_mode) {
    case "list":
    case "set":
    case "map":
      return [nested.nesting_mode, object];
    default:
      return object;
  }
}

const attributeType = (a: SchemaAttribute): TypeJson => a.type ?? (a.nested_type ? nestedType(a.nested_type) : "dynamic");

function checkAttribute(name: string, attr: SchemaAttribute, value: unknown, path: Path, problems: SchemaProblem[]): void {
  const where = formatPath(path);
  if (attr.computed && !attr.optional && !attr.required) {
    problems.push({ kind: "computed-only", path: where, message: `"${name}" is computed by the provider and cannot be set` });
    return;
  }
  const type = attributeType(attr);
  if (looksLikeBlock(value) && !acceptsBlockShape(type, value)) {
    problems.push({
      kind: "attribute-as-block",
      path: where,
      message: `"${name}" is an attribute of type ${typeName(type)}, not a block; give it a value of that type`,
    });
    return;
  }
  checkValue(value, type, path, problems);
}

/** The block's items as written: an object is one block, a list holds several; a map nests them under labels. */
function blockItems(name: string, blockType: SchemaBlockType, value: unknown, path: Path, problems: SchemaProblem[]): Array<{ body: unknown; path: Path }> {
  if (blockType.nesting_mode === "map") {
    if (!isPlainObject(value)) {
      problems.push({ kind: "block-as-attribute", path: formatPath(path), message: `"${name}" is a block keyed by label; write an object of label -> block` });
      return [];
    }
    return Object.entries(value).map(([label, body]) => ({ body, path: [...path, label] }));
  }
  if (isPlainObject(value)) return [{ body: value, path }];
  if (Array.isArray(value)) return value.map((body, i) => ({ body, path: [...path, i] }));
  problems.push({
    kind: "block-as-attribute",
    path: formatPath(path),
    message: `"${name}" is a block, not an attribute; write it as an object or a list of objects, got ${value === null ? "null" : typeof value}`,
  });
  return [];
}

function checkBlockType(name: string, blockType: SchemaBlockType, value: unknown, path: Path, problems: SchemaProblem[]): void {
  const items = blockItems(name, blockType, value, path, problems);
  const max = blockType.nesting_mode === "single" || blockType.nesting_mode === "group" ? 1 : blockType.max_items;
  if (max !== undefined && max > 0 && items.length > max) {
    problems.push({ kind: "too-many-blocks", path: formatPath(path), message: `"${name}" allows at most ${max} block(s), got ${items.length}` });
  }
  if (blockType.min_items && items.length < blockType.min_items && items.length > 0) {
    problems.push({ kind: "too-few-blocks", path: formatPath(path), message: `"${name}" needs at least ${blockType.min_items} block(s), got ${items.length}` });
  }
  for (const item of items) {
    if (!isPlainObject(item.body)) {
      problems.push({ kind: "block-as-attribute", path: formatPath(item.path), message: `each "${name}" block must be an object, got ${Array.isArray(item.body) ? "a list" : typeof item.body}` });
      continue;
    }
    checkBlock(item.body, blockType.block, item.path, new Set(), problems);
  }
}

/** `dynamic "<block>" { for_each, content }`: content is checked as one block of that type; the count is unknown. */
function checkDynamic(value: unknown, schema: SchemaBlock, path: Path, problems: SchemaProblem[]): Set<string> {
  const generated = new Set<string>();
  if (!isPlainObject(value)) {
    problems.push({ kind: "block-as-attribute", path: formatPath(path), message: "dynamic must be an object of block name -> { for_each, content }" });
    return generated;
  }
  for (const [name, spec] of Object.entries(value)) {
    const blockType = schema.block_types?.[name];
    const at = [...path, name];
    if (!blockType) {
      problems.push({ kind: "unknown-block", path: formatPath(at), message: `dynamic names "${name}", which is not a block here` });
      continue;
    }
    generated.add(name);
    for (const entry of Array.isArray(spec) ? spec : [spec]) {
      if (!isPlainObject(entry) || !isPlainObject(entry.content)) {
        problems.push({ kind: "block-as-attribute", path: formatPath(at), message: `dynamic "${name}" needs for_each and a content object` });
        continue;
      }
      checkBlock(entry.content, blockType.block, [...at, "content"], new Set(), problems);
    }
  }
  return generated;
}

/**
 * Checks one block body (a resource, data source, provider or nested block)
 * against its schema. `meta` lists the meta-arguments allowed at this level.
 */
export function checkBlock(body: Record<string, unknown>, schema: SchemaBlock, path: Path, meta: ReadonlySet<string>, problems: SchemaProblem[]): void {
  const attributes = schema.attributes ?? {};
  const blockTypes = schema.block_types ?? {};
  let dynamicBlocks = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    const at = [...path, key];
    if (key === COMMENT_KEY) continue;
    if (meta.has(key)) checkMetaArgument(key, value, at, problems);
    else if (key === "dynamic") dynamicBlocks = checkDynamic(value, schema, at, problems);
    else if (key in attributes) checkAttribute(key, attributes[key], value, at, problems);
    else if (key in blockTypes) checkBlockType(key, blockTypes[key], value, at, problems);
    else {
      const guess = closest(key, [...Object.keys(attributes), ...Object.keys(blockTypes)]);
      const kind = looksLikeBlock(value) ? "unknown-block" : "unknown-attribute";
      problems.push({
        kind,
        path: formatPath(at),
        message: `no ${kind === "unknown-block" ? "block type" : "attribute"} named "${key}" here${guess ? `; did you mean "${guess}"?` : ""}`,
      });
    }
  }
  for (const [name, attr] of Object.entries(attributes)) {
    if (attr.required && (body[name] === undefined || body[name] === null)) {
      problems.push({ kind: "missing-required", path: formatPath([...path, name]), message: `the required attribute "${name}" is not set` });
    }
  }
  for (const [name, blockType] of Object.entries(blockTypes)) {
    if (blockType.min_items && body[name] === undefined && !dynamicBlocks.has(name)) {
      problems.push({ kind: "missing-required", path: formatPath([...path, name]), message: `at least ${blockType.min_items} "${name}" block(s) required` });
    }
  }
}
