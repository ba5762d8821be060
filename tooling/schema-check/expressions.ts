/**
 * Terraform JSON syntax: a string is a template. `${...}` interpolates and
 * `%{...}` is a directive; `$${` and `%%{` are literal escapes.
 */
const TEMPLATE_START = /(^|[^$%])(\$\$)*[$%]\{/;

/** True when the string holds an interpolation or directive, so its value is only known at plan or apply. */
export function isTemplate(value: string): boolean {
  return TEMPLATE_START.test(value);
}

/**
 * True when the whole string is one interpolation (`${expr}`): Terraform then
 * takes the expression's value as it is, of any type, not a string.
 */
export function isWholeExpression(value: string): boolean {
  if (!value.startsWith("${") || !value.endsWith("}")) return false;
  // The opening brace must close at the very end: count braces outside quoted strings.
  let depth = 0;
  let inString = false;
  for (let i = 1; i < value.length; i++) {
    const ch = value[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i === value.length - 1;
  }
  return false;
}
