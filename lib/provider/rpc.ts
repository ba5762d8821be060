/**
 * tfplugin6.Provider: each RPC's request decoded, handed to the lifecycle,
 * and answered with values and diagnostics. RPCs the provider has no use
 * for (functions, identity, move) are left UNIMPLEMENTED, which both
 * Terraform and OpenTofu tolerate.
 */
import type * as grpc from "@grpc/grpc-js";
import { CONSOLE_URLS_TYPE } from "../hook-contract";
import { configProblems } from "./config";
import { DiagnosticsError, error, type Diagnostic } from "./diagnostics";
import { applyResource, mintNow, planResource } from "./lifecycle";
import { log } from "./log";
import { StopSignal } from "./mint";
import { providerSchema, urlsSchema } from "./schema";
import { decodeDynamic, encodeDynamic, type ObjectValue } from "./values";

type Request = Record<string, any>;
type Handler = (request: Request) => Promise<object> | object;

// The schema never depends on configuration, so Terraform may reuse the copy it fetched first instead of asking each new process.
const CAPABILITIES = { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false };
const TYPES = [{ type_name: CONSOLE_URLS_TYPE }];

function unknownType(typeName: string): Diagnostic[] {
  return [error(`This provider has no type "${typeName}"`, `Use ${CONSOLE_URLS_TYPE}, the only type the osconsole provider serves.`)];
}

/** Validate*Config: every problem of the known values, each on its attribute. */
function validate(request: Request): object {
  if (request.type_name !== CONSOLE_URLS_TYPE) return { diagnostics: unknownType(request.type_name) };
  return { diagnostics: configProblems(decodeDynamic(request.config) as ObjectValue) };
}

/** ReadDataSource and OpenEphemeralResource: mint now, the values under `field`, or only the diagnostics of a failure. */
async function mintedAnswer(request: Request, field: "state" | "result", stop: StopSignal): Promise<object> {
  try {
    const { state, diagnostics } = await mintNow(decodeDynamic(request.config), stop);
    return { [field]: encodeDynamic(state), diagnostics };
  } catch (err) {
    if (!(err instanceof DiagnosticsError)) throw err;
    return { diagnostics: err.diagnostics };
  }
}

/** The handlers, sharing one stop signal: after StopProvider, runs in flight and any later one fail (Terraform ends the process next). */
export function providerHandlers(): Record<string, Handler> {
  const stop = new StopSignal();
  return {
    GetMetadata: () => ({ server_capabilities: CAPABILITIES, resources: TYPES, data_sources: TYPES, ephemeral_resources: TYPES }),
    GetProviderSchema: () => {
      const schema = urlsSchema();
      return {
        provider: providerSchema(),
        resource_schemas: { [CONSOLE_URLS_TYPE]: schema },
        data_source_schemas: { [CONSOLE_URLS_TYPE]: schema },
        ephemeral_resource_schemas: { [CONSOLE_URLS_TYPE]: schema },
        server_capabilities: CAPABILITIES,
      };
    },
    ValidateProviderConfig: () => ({}),
    ConfigureProvider: () => ({}),
    ValidateResourceConfig: validate,
    ValidateDataResourceConfig: validate,
    ValidateEphemeralResourceConfig: validate,
    // The state is this schema's own (version 0): passed through as the JSON Terraform stored, without a request.
    UpgradeResourceState: (request) =>
      request.raw_state?.json ? { upgraded_state: { json: request.raw_state.json } } : { diagnostics: [error("This state is in the legacy flatmap format", "Remove the resource from state (terraform state rm) and apply again: it mints new URLs.")] },
    // Nothing is read back from the cloud: what was minted stays as it was (and the plan stays quiet).
    ReadResource: (request) => ({ new_state: request.current_state, private: request.private }),
    PlanResourceChange: (request) => ({
      planned_state: encodeDynamic(planResource(decodeDynamic(request.prior_state), decodeDynamic(request.proposed_new_state))),
      planned_private: request.prior_private,
    }),
    ApplyResourceChange: async (request) => {
      const prior = decodeDynamic(request.prior_state);
      try {
        const { state, diagnostics } = await applyResource(prior, decodeDynamic(request.planned_state), stop);
        return { new_state: encodeDynamic(state), diagnostics };
      } catch (err) {
        if (!(err instanceof DiagnosticsError)) throw err;
        // Nothing half-written: the prior state stays (none on create).
        return { new_state: encodeDynamic(prior), diagnostics: err.diagnostics };
      }
    },
    ImportResourceState: (request) => ({
      diagnostics: [
        error(
          `${request.type_name} cannot be imported: its URLs are minted by this provider, not read from the cloud`,
          "Remove the import block (or skip terraform import), declare the resource, and apply: it mints new URLs.",
        ),
      ],
    }),
    ReadDataSource: (request) => mintedAnswer(request, "state", stop),
    OpenEphemeralResource: (request) => mintedAnswer(request, "result", stop),
    // Nova gives console tokens no renewal; they live the cloud's token_ttl. Nothing to renew or close.
    RenewEphemeralResource: () => ({}),
    CloseEphemeralResource: () => ({}),
    StopProvider: () => {
      stop.stop();
      log("stop requested: minting runs end now, their requests in flight abandoned");
      return { Error: "" };
    },
  };
}

/** grpc-js unary implementations of the handlers; an unexpected failure is one diagnostic, never a stack trace. */
export function unaryImplementations(handlers: Record<string, Handler>): grpc.UntypedServiceImplementation {
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(handlers)) {
    implementation[name] = (call: grpc.ServerUnaryCall<Request, object>, callback: grpc.sendUnaryData<object>) => {
      log(`${name}${call.request.type_name ? ` ${call.request.type_name}` : ""}`);
      Promise.resolve()
        .then(() => handler(call.request))
        .then(
          (response) => callback(null, response),
          (err: unknown) => {
            log(`${name} failed unexpectedly: ${err instanceof Error ? err.name : typeof err}`);
            callback(null, { diagnostics: [error(`The osconsole provider failed unexpectedly in ${name}`, "Run again; if it persists, report it with TF_LOG=debug output.")] });
          },
        );
    };
  }
  return implementation;
}
