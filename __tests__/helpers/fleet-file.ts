import { FleetFileError, parseFleetDocument } from "../../lib/stacks";

/** The one line a fleet document is refused with (as a FleetFileError); fails the test when it is accepted. */
export function fleetFileProblem(doc: unknown, source: string): string {
  try {
    parseFleetDocument(doc, source);
  } catch (err) {
    expect(err).toBeInstanceOf(FleetFileError);
    return (err as Error).message;
  }
  throw new Error("the fleet document was accepted");
}
