export interface ListQuery {
  readonly limit?: number;
  readonly marker?: string;
  readonly allProjects?: boolean;
  /** Nova's name filter is a regular expression. */
  readonly name?: string;
}

/** A name filter that matches exactly this name (Nova filters by regex). */
export function exactNameFilter(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
}
