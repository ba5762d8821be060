/**
 * Differential fidelity: every reproducible case of the real-Nova recording,
 * and cases on the order of Nova's checks, sent to the real services and to
 * the emulator configured like them. The real answer must be the expected one
 * (so the harness reproduces the recording), and the emulator's must equal the
 * real one: status, body key, the stable part of the message, and the
 * microversion header. The table printed at the end gives the match count.
 */
import type { Emulator } from "../../packages/openstack-emulator/src";
import { DIFFERENTIAL_CASES, type Deployment, type DifferentialCase } from "./support/differential-cases";
import { deleteCreatedCredential, deleteCreatedKeypairs, emulatorDeployment, knownIds, realDeployment } from "./support/deployments";
import { formatObservation, observe, type Observation } from "./support/observe";
import { send } from "./support/raw-http";

let real: Deployment;
let emulated: Deployment;
let emulator: Emulator;
const rows: Array<{ title: string; origin: DifferentialCase["origin"]; real: Observation; emulator: Observation }> = [];

async function run(c: DifferentialCase, d: Deployment): Promise<Observation> {
  const res = await send(c.build(d));
  c.after?.(d, res.text);
  return observe(res, knownIds(d), c.compute);
}

beforeAll(async () => {
  real = await realDeployment();
  ({ deployment: emulated, emulator } = await emulatorDeployment());
});

afterAll(async () => {
  if (real) await deleteCreatedCredential(real);
  if (real) await deleteCreatedKeypairs(real);
  if (emulator) await emulator.close();
  printTable();
});

describe.each(DIFFERENTIAL_CASES.map((c) => [c.title, c] as const))("%s", (_title, c) => {
  test("the real services answer as expected, and the emulator as they do", async () => {
    const fromReal = await run(c, real);
    const fromEmulator = await run(c, emulated);
    rows.push({ title: c.title, origin: c.origin, real: fromReal, emulator: fromEmulator });
    expect(fromReal).toEqual(c.expected);
    expect(fromEmulator).toEqual(fromReal);
  });
});

function printTable(): void {
  const same = (r: (typeof rows)[number]) => JSON.stringify(r.real) === JSON.stringify(r.emulator);
  const lines = rows.map((r) =>
    same(r)
      ? `  match     ${r.title}\n            ${formatObservation(r.real)}`
      : `  MISMATCH  ${r.title}\n            real:     ${formatObservation(r.real)}\n            emulator: ${formatObservation(r.emulator)}`,
  );
  const count = (origin: DifferentialCase["origin"]) => {
    const of = rows.filter((r) => r.origin === origin);
    return `${of.filter(same).length}/${of.length}`;
  };
  process.stdout.write(
    `\nDifferential fidelity: real Keystone + Nova (Zed) vs the emulator (profile zed)\n${lines.join("\n")}\n` +
      `  agreement: ${rows.filter(same).length}/${DIFFERENTIAL_CASES.length} cases ` +
      `(${count("recording")} from the recording, ${count("ordering")} on the order of Nova's checks, ${count("cloud")} on flavors, key pairs, server create, Glance, Neutron and Placement)\n\n`,
  );
}
