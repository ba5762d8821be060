/**
 * An osconsole_urls configuration: checked by the hook contract's rules
 * (each problem one diagnostic on its attribute), and turned into what a
 * minting run needs. Unknown values are not checked: they are known, and
 * checked, at apply.
 */
import {
  CONSOLE_ATTRIBUTES,
  ConsoleOptionError,
  consoleSettings,
  encodeConsoleQuery,
  queryKeyOf,
  serverProblem,
  type ConsoleOptionName,
  type ConsoleOptions,
  type ConsoleSettings,
} from "../hook-contract";
import { asDetail, attributePath, error, type Diagnostic } from "./diagnostics";
import { OPTION_ATTRIBUTES } from "./schema";
import { isUnknown, type ObjectValue, type Value } from "./values";

/** What one minting run acts on: every value known. */
export interface MintRequest {
  readonly servers: ReadonlyArray<{ readonly name: string; readonly id: string }>;
  readonly settings: ConsoleSettings;
}

/** The options a configuration gives (null = absent), unknowns included as they came. */
function optionsOf(config: ObjectValue): ConsoleOptions {
  const options: Record<string, unknown> = {};
  for (const { option, name } of OPTION_ATTRIBUTES) if (config[name] !== null && config[name] !== undefined) options[option] = config[name];
  return options as ConsoleOptions;
}

/** The problems of one set of options (the contract stops at its first), as diagnostics on the options at fault. */
function firstProblem(options: ConsoleOptions): Diagnostic[] {
  try {
    encodeConsoleQuery(options, { is: isUnknown, asText: () => "" });
    return [];
  } catch (err) {
    if (!(err instanceof ConsoleOptionError)) throw err;
    return err.options.map((option) => error(`${queryKeyOf(option)}: ${err.problem}`, asDetail(err.fix), attributePath(queryKeyOf(option))));
  }
}

/** Every option's own problem; when each is fine alone, the problem of their combination (pair, profile). */
function optionProblems(options: ConsoleOptions): Diagnostic[] {
  const alone = (Object.keys(options) as ConsoleOptionName[]).flatMap((name) => firstProblem({ [name]: options[name] }));
  return alone.length > 0 ? alone : firstProblem(options);
}

function serverProblems(servers: Value): Diagnostic[] {
  if (servers === null || isUnknown(servers) || typeof servers !== "object") return [];
  const problems: Diagnostic[] = [];
  for (const [name, id] of Object.entries(servers)) {
    const refusal = serverProblem(name, isUnknown(id) ? undefined : id);
    if (refusal) problems.push(error(`${CONSOLE_ATTRIBUTES.servers}: ${refusal.problem}`, asDetail(refusal.fix), attributePath(CONSOLE_ATTRIBUTES.servers, name)));
  }
  return problems;
}

/** Every problem of a configuration's known values. */
export function configProblems(config: ObjectValue): Diagnostic[] {
  return [...serverProblems(config[CONSOLE_ATTRIBUTES.servers]), ...optionProblems(optionsOf(config))];
}

/** The run a wholly known configuration asks for; its problems (configProblems) when it has any. */
export function mintRequest(config: ObjectValue): MintRequest | Diagnostic[] {
  const problems = configProblems(config);
  if (problems.length > 0) return problems;
  const servers = Object.entries((config[CONSOLE_ATTRIBUTES.servers] ?? {}) as Record<string, string>).map(([name, id]) => ({ name, id }));
  return { servers, settings: consoleSettings(optionsOf(config)) };
}
