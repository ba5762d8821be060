import { ConstructLabel, PropsError } from "./props-error";
import { isUuid } from "../hook-contract";
import { isLiteralNumber, isLiteralString } from "./literals";
import { novaNameProblem } from "./nova-name";
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

/** Exactly one of two alternative props. */
function requireOneOf(fail: Fail, spec: ServerSpec, a: "imageId" | "flavorId", b: "imageName" | "flavorName", hint: string): void {
  const hasA = spec[a] !== undefined;
  const hasB = spec[b] !== undefined;
  if (hasA && hasB) fail(`${a}/${b}`, "both are set", `set only one of ${a} or ${b}`);
  if (!hasA && !hasB) fail(`${a}/${b}`, "neither is set", `set one of ${a} or ${b} (${hint})`);
  requireNonEmpty(fail, a, spec[a], `give the id, or use ${b}`);
  requireNonEmpty(fail, b, spec[b], `give the name, or use ${a}`);
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
  requireOneOf(fail, props, "imageId", "imageName", "imageName looks up the most recent image of that name");
  if (props.imageId !== undefined && isLiteralString(props.imageId) && !isUuid(props.imageId)) {
    fail("imageId", `${JSON.stringify(props.imageId)} is not a UUID`, "give the image's UUID, or use imageName for an image name");
  }
  requireOneOf(fail, props, "flavorId", "flavorName", "flavorName is the easier one to read");
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
