import { Token } from "cdktf";

/** A Terraform interpolation written by hand ("${var.x}"); "$${" is a literal "${", and so is one never closed. */
const TERRAFORM_EXPRESSION = /(^|[^$])\$\{[^}]*\}/;

/**
 * Values known at synth time. Props may carry Terraform references (tokens);
 * those are checked by Terraform at plan time, so validation skips them.
 */
export function isLiteralString(value: unknown): value is string {
  return typeof value === "string" && !Token.isUnresolved(value) && !TERRAFORM_EXPRESSION.test(value);
}

export function isLiteralNumber(value: unknown): value is number {
  return typeof value === "number" && !Token.isUnresolved(value);
}

/** A construct id made from a free-form name: constructs forbid only the path separator. */
export function constructIdFor(name: string): string {
  return name.replace(/\//g, "_");
}
