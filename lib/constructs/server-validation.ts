import { ConstructLabel, PropsError } from "./props-error";
import { isUuid } from "../hook-contract";
import { isLiteralNumber, isLiteralString } from "./literals";
import { novaNameProblem } from "./nova-name";
import { ServerFlavor } from "./server-flavor";
import { ServerImage } from "./server-image";
import { OpenStackServerProps, ServerNetwork, ServerSpec } from "./server-props";

/** Nova's limits (API schemas): user data base64 length, metadata item lengths, tags. */
const USER_DATA_MAX_BASE64 = 65535;
const METADATA_MAX_LENGTH = 255;
const TAG_MAX_LENGTH = 60;
const TAGS_MAX = 50;

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

type Fail = (prop: string, problem: string, fix: string) => never;

function failFor(label: ConstructLabel): Fail {
  return (prop, problem, fix) => {
    throw new PropsError(label, prop, problem, fix);
  };
}

/** Fails on a literal empty string; tokens pass. */
function requireNonEmpty(fail: Fail, prop: string, value: string | undefined, fix: string): void {
  if (value !== undefined && isLiteralString(value) && value.trim() === "") fail(prop, "is empty", fix);
}

/** What differs between the image and the flavor checks. */
interface Choice {
  readonly prop: "image" | "flavor";
  readonly className: "ServerImage" | "ServerFlavor";
  readonly is: (x: unknown) => boolean;
  /** What an id is called in messages. */
  readonly idIs: string;
  /** Glance ids are UUIDs; Nova flavor ids are free-form. */
  readonly uuid: boolean;
  /** The prop it replaced, a JavaScript user's old key. */
  readonly oldKeys: readonly string[];
}

const IMAGE: Choice = { prop: "image", className: "ServerImage", is: ServerImage.isServerImage, idIs: "UUID", uuid: true, oldKeys: ["imageId", "imageName"] };
const FLAVOR: Choice = { prop: "flavor", className: "ServerFlavor", is: ServerFlavor.isServerFlavor, idIs: "id", uuid: false, oldKeys: ["flavorId", "flavorName"] };

/**
 * A ServerImage or ServerFlavor prop. TypeScript and the jsii languages
 * enforce the type; a JavaScript user (or one who casts) may still hand over
 * nothing, a plain string or the old pair of props, so those get a fix too.
 */
function validateChoice(fail: Fail, props: ServerSpec, c: Choice): void {
  const value: unknown = props[c.prop];
  const { prop, className } = c;
  const make = `${className}.fromId(${c.idIs === "UUID" ? "uuid" : "id"}) or ${className}.fromName(name)`;
  if (value === undefined || value === null) {
    const old = c.oldKeys.filter((k) => (props as unknown as Record<string, unknown>)[k] !== undefined);
    if (old.length > 0) fail(prop, `is missing, and ${old.join(" and ")} is no longer a prop`, `replace ${c.oldKeys.join(" or ")} with ${prop}: ${make}`);
    fail(prop, "is missing", `give ${prop}: ${make}`);
  }
  if (typeof value === "string") {
    if (!isLiteralString(value)) fail(prop, `is a string (a Terraform reference), not a ${className}`, `wrap it: ${className}.fromId(reference)`);
    const literal = JSON.stringify(value);
    const fix = c.uuid && isUuid(value) ? `use ${className}.fromId(${literal})` : `use ${className}.fromName(${literal}), or ${className}.fromId for ${c.uuid ? "a UUID" : "an id"}`;
    fail(prop, `is the string ${literal}, not a ${className}`, fix);
  }
  if (!c.is(value)) {
    // Never a function's or an object's text: only a number's or a boolean's value is short and safe to echo.
    const what = typeof value === "object" ? (Array.isArray(value) ? "a list" : "an object") : typeof value === "number" || typeof value === "boolean" ? `${typeof value} ${String(value)}` : `a ${typeof value}`;
    fail(prop, `is ${what}, not a ${className}`, `make it with ${make}`);
  }
  const { id, name } = value as { id?: unknown; name?: unknown };
  if (id === undefined && name === undefined) fail(prop, `names no ${prop} (${className}.fromId or fromName was given nothing)`, `give it the ${prop}'s ${c.idIs} or name`);
  const other = id !== undefined ? `${className}.fromName` : `${className}.fromId`;
  const key = id !== undefined ? "id" : "name";
  const given = id !== undefined ? id : name;
  if (typeof given !== "string") {
    fail(`${prop}.${key}`, `${given === undefined ? "is missing" : `is ${typeof given} ${String(given)}`}, not a string`, `give the ${prop}'s ${key === "id" ? c.idIs : "name"} as a string`);
  }
  if (isLiteralString(given) && given.trim() === "") {
    fail(`${prop}.${key}`, "is empty", `give the ${prop}'s ${key === "id" ? c.idIs : "name"}, or use ${other} for its ${key === "id" ? "name" : c.idIs}`);
  }
  if (key === "id" && c.uuid && isLiteralString(given) && !isUuid(given)) {
    fail(`${prop}.id`, `${JSON.stringify(given)} is not a UUID`, `give the ${prop}'s UUID, or use ${other} for an ${prop} name`);
  }
}

function validateServerName(label: ConstructLabel, name: unknown): asserts name is string {
  const fail: Fail = failFor(label);
  if (!isLiteralString(name)) {
    fail("name", "is not a plain string known at synth", "give a literal name: it keys the console outputs and must be checked against Nova's rules");
  }
  const bad = novaNameProblem(name);
  if (bad) fail("name", `${JSON.stringify(name)} ${bad.problem}`, bad.fix);
}

function validateNetwork(fail: Fail, n: ServerNetwork, i: number): void {
  const at = `networks[${i}]`;
  if (n === null || typeof n !== "object") fail(at, "is not an object", "give { uuid }, { name } or { port }");
  const set = (["uuid", "name", "port"] as const).filter((k) => n[k] !== undefined);
  if (set.length !== 1) {
    fail(at, set.length === 0 ? "names no network" : `sets ${set.join(" and ")}`, "set exactly one of uuid, name or port");
  }
  const key = set[0];
  requireNonEmpty(fail, `${at}.${key}`, n[key], `give the network's ${key}`);
  for (const idKey of ["uuid", "port"] as const) {
    const v = n[idKey];
    if (v !== undefined && isLiteralString(v) && !isUuid(v)) {
      fail(`${at}.${idKey}`, `${JSON.stringify(v)} is not a UUID`, idKey === "uuid" ? "give the network's UUID, or use name for a network name" : "give the port's UUID");
    }
  }
  if (n.fixedIpV4 !== undefined) {
    if (n.port !== undefined) fail(`${at}.fixedIpV4`, "is set with port", "leave it out: a port carries its own address");
    if (isLiteralString(n.fixedIpV4) && !IPV4_RE.test(n.fixedIpV4)) {
      fail(`${at}.fixedIpV4`, `${JSON.stringify(n.fixedIpV4)} is not an IPv4 address`, "give a dotted address such as 10.0.0.10");
    }
  }
}

function validateStringList(fail: Fail, prop: string, values: string[]): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    requireNonEmpty(fail, `${prop}[${i}]`, v, "remove the empty entry");
    if (isLiteralString(v)) {
      if (seen.has(v)) fail(`${prop}[${i}]`, `${JSON.stringify(v)} is listed twice`, "list each once");
      seen.add(v);
    }
  });
}

function validateMetadata(fail: Fail, metadata: Record<string, string>): void {
  for (const [key, value] of Object.entries(metadata)) {
    if (key.length === 0 || key.length > METADATA_MAX_LENGTH) {
      fail(`metadata`, `key ${JSON.stringify(key.slice(0, 40))} is ${key.length} characters long`, `use keys of 1 to ${METADATA_MAX_LENGTH} characters`);
    }
    if (isLiteralString(value) && value.length > METADATA_MAX_LENGTH) {
      fail(`metadata.${key}`, `is ${value.length} characters long`, `keep values to ${METADATA_MAX_LENGTH} characters; put larger data in userData`);
    }
  }
}

function validateTags(fail: Fail, tags: string[]): void {
  if (tags.length > TAGS_MAX) fail("tags", `has ${tags.length} tags`, `Nova allows at most ${TAGS_MAX}; drop some`);
  tags.forEach((tag, i) => {
    if (!isLiteralString(tag)) return;
    if (tag.length === 0 || tag.length > TAG_MAX_LENGTH || /[/,]/.test(tag)) {
      fail(`tags[${i}]`, `${JSON.stringify(tag)} is not a valid Nova tag`, `use 1 to ${TAG_MAX_LENGTH} characters without "/" or ","`);
    }
  });
  validateStringList(fail, "tags", tags);
}

/** Every check on a server's props; throws PropsError naming the prop and the fix. */
export function validateServerProps(label: ConstructLabel, props: OpenStackServerProps): void {
  const fail: Fail = failFor(label);
  validateServerName(label, props.name);
  validateChoice(fail, props, IMAGE);
  validateChoice(fail, props, FLAVOR);
  props.networks?.forEach((n, i) => validateNetwork(fail, n, i));
  if (props.networkMode !== undefined) {
    if (props.networkMode !== "auto" && props.networkMode !== "none") {
      fail("networkMode", `${JSON.stringify(props.networkMode)} is not "auto" or "none"`, 'use "none" for no network interface, "auto" for Nova\'s choice, or networks to name them');
    }
    if (props.networks?.length) fail("networkMode", "is set together with networks", "use one: networks to name the interfaces, or networkMode");
  }
  if (props.securityGroups) validateStringList(fail, "securityGroups", props.securityGroups);
  if (props.userData !== undefined && isLiteralString(props.userData)) {
    const encoded = Math.ceil(Buffer.byteLength(props.userData, "utf8") / 3) * 4;
    if (encoded > USER_DATA_MAX_BASE64) {
      fail("userData", `is ${encoded} bytes once base64-encoded`, `Nova accepts at most ${USER_DATA_MAX_BASE64}; fetch larger content from cloud-init instead`);
    }
  }
  if (props.metadata) validateMetadata(fail, props.metadata);
  if (props.tags) validateTags(fail, props.tags);
  requireNonEmpty(fail, "availabilityZone", props.availabilityZone, "name a zone, or leave it out for Nova's default");
  const volume = props.bootVolume;
  if (volume) {
    if (volume.sizeGb === undefined || (isLiteralNumber(volume.sizeGb) && (!Number.isInteger(volume.sizeGb) || volume.sizeGb < 1))) {
      fail("bootVolume.sizeGb", `${String(volume.sizeGb)} is not a whole number of GiB of at least 1`, "give the root volume size in GiB, e.g. 20");
    }
    requireNonEmpty(fail, "bootVolume.volumeType", volume.volumeType, "name a volume type, or leave it out for the default");
  }
  const group = props.schedulerHints?.group;
  if (group !== undefined && isLiteralString(group) && !isUuid(group)) {
    fail("schedulerHints.group", `${JSON.stringify(group)} is not a UUID`, "give the server group's UUID");
  }
}
