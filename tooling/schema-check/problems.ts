export type ProblemKind =
  | "unknown-provider"
  | "unknown-resource-type"
  | "unknown-data-source"
  | "unknown-ephemeral-resource"
  | "unknown-attribute"
  | "unknown-block"
  | "missing-required"
  | "wrong-type"
  | "attribute-as-block"
  | "block-as-attribute"
  | "computed-only"
  | "too-few-blocks"
  | "too-many-blocks"
  | "bad-meta-argument"
  | "undeclared-reference";

export interface SchemaProblem {
  readonly kind: ProblemKind;
  /** Where, in cdk.tf.json: e.g. resource.openstack_compute_instance_v2.web.network[0].nmae */
  readonly path: string;
  readonly message: string;
}

/** Path segments to a readable JSON path. */
export function formatPath(segments: ReadonlyArray<string | number>): string {
  return segments
    .map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : /^[A-Za-z_][\w-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`))
    .join("");
}

export function formatProblems(problems: readonly SchemaProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.kind}: ${p.message}`).join("\n");
}
