/**
 * ConsoleOptions is written out as an interface (jsii cannot carry a type
 * mapped from the table), so this holds its keys equal to CONSOLE_OPTIONS'
 * names: an option added to the table without a prop fails here, by name.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { CONSOLE_OPTION_NAMES } from "../../lib/hook-contract";

const FILE = path.join(__dirname, "..", "..", "lib", "hook-contract", "index.ts");

function interfaceMembers(name: string): string[] {
  const source = ts.createSourceFile(FILE, fs.readFileSync(FILE, "utf8"), ts.ScriptTarget.ES2022, true);
  const found = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!found) throw new Error(`${FILE}: no interface ${name}`);
  return found.members.map((m) => (m.name && ts.isIdentifier(m.name) ? m.name.text : "?"));
}

test("ConsoleOptions names exactly the hook contract's options, in the table's order", () => {
  expect(interfaceMembers("ConsoleOptions")).toEqual([...CONSOLE_OPTION_NAMES]);
});

test("every ConsoleOptions prop is optional and documented with its default", () => {
  const source = fs.readFileSync(FILE, "utf8");
  const body = source.slice(source.indexOf("export interface ConsoleOptions {"), source.indexOf("\n}\n", source.indexOf("export interface ConsoleOptions {")));
  for (const name of CONSOLE_OPTION_NAMES) {
    expect(body).toMatch(new RegExp(`@default [^\\n]*\\*/\\n  readonly ${name}\\?: `));
  }
});
