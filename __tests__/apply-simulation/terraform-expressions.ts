/**
 * Just enough of Terraform's expression language to evaluate what the
 * console constructs synthesize, the way Terraform would at apply:
 *   query.servers      ${jsonencode({"web-1" = openstack_compute_instance_v2.<id>.id, "bastion" = "<uuid>", ...})}
 *   console_urls       ${data.external.<id>.result} | ${merge(data.external.<a>.result, ...)}
 *   console_url_<name> ${data.external.<id>.result["web-1"]}
 * Anything else throws, so a change in what is synthesized fails the
 * simulation instead of slipping through it.
 */

const INSTANCE_ID_REF = /^openstack_compute_instance_v2\.([\w-]+)\.id$/;
const RESULT_REF = /^data\.external\.([\w-]+)\.result$/;
const RESULT_INDEX = /^data\.external\.([\w-]+)\.result\[("(?:[^"\\]|\\.)*")\]$/;

function inner(expression: string): string {
  const m = /^\$\{(.*)\}$/s.exec(expression);
  if (!m) throw new Error(`not a whole Terraform expression: ${expression}`);
  return m[1];
}

/** A query value as Terraform passes it to the program: literals as they are, jsonencode of instance ids evaluated. */
export function evaluateQueryValue(value: string, instanceIds: ReadonlyMap<string, string>): string {
  if (!value.includes("${")) return value;
  const body = /^jsonencode\(\{(.*)\}\)$/s.exec(inner(value));
  if (!body) throw new Error(`unexpected expression in the query: ${value}`);
  const object: Record<string, string> = {};
  const entries = body[1] === "" ? [] : body[1].split(/, (?=")/);
  for (const entry of entries) {
    const m = /^("(?:[^"\\]|\\.)*") = (\S+)$/.exec(entry);
    if (m && /^"(?:[^"\\]|\\.)*"$/.test(m[2])) {
      // A server imported by a literal id.
      object[JSON.parse(m[1]) as string] = JSON.parse(m[2]) as string;
      continue;
    }
    const ref = m && INSTANCE_ID_REF.exec(m[2]);
    if (!m || !ref) throw new Error(`unexpected jsonencode entry: ${entry}`);
    const id = instanceIds.get(ref[1]);
    if (id === undefined) throw new Error(`reference to an instance that is not in the stack: ${m[2]}`);
    object[JSON.parse(m[1]) as string] = id;
  }
  return JSON.stringify(object);
}

/** An output's value once the data sources have been read. */
export function evaluateOutput(value: unknown, results: ReadonlyMap<string, Record<string, string>>): string | Record<string, string> {
  if (typeof value !== "string") throw new Error(`unexpected output value: ${JSON.stringify(value)}`);
  const expr = inner(value);
  const resultOf = (id: string): Record<string, string> => {
    const r = results.get(id);
    if (!r) throw new Error(`output refers to data.external.${id}, which was not read`);
    return r;
  };
  const whole = RESULT_REF.exec(expr);
  if (whole) return resultOf(whole[1]);
  const indexed = RESULT_INDEX.exec(expr);
  if (indexed) {
    const key = JSON.parse(indexed[2]) as string;
    const url = resultOf(indexed[1])[key];
    if (url === undefined) throw new Error(`data.external.${indexed[1]}.result has no key ${key}: Terraform would fail the output`);
    return url;
  }
  const merge = /^merge\((.*)\)$/.exec(expr);
  if (merge) {
    return Object.assign(
      {},
      ...merge[1].split(/,\s*/).map((arg) => {
        const ref = RESULT_REF.exec(arg);
        if (!ref) throw new Error(`unexpected merge argument: ${arg}`);
        return resultOf(ref[1]);
      }),
    );
  }
  throw new Error(`unexpected output expression: ${value}`);
}
