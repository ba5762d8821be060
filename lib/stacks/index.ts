export { FleetStack } from "./fleet-stack";
export type { FleetStackProps } from "./fleet-stack";
export { FleetFileError, FleetFiles, loadFleetFile, parseFleetDocument, DEFAULT_STACK_NAME } from "./fleet-file";
export type { FleetConsole, FleetDefinition, FleetEntry, FleetFile } from "./fleet-definition";
export type { StateBackend, LocalStateBackend, PgStateBackend, S3StateBackend, HttpStateBackend } from "./state-backend";
