/**
 * gRPC service definitions from the .proto descriptors (parsed at build
 * time), encoded and decoded with protobufjs's light runtime: no .proto
 * parsing and no proto-loader at start-up. Messages are plain objects with
 * the .proto's own (snake_case) field names.
 */
import type { ServiceDefinition } from "@grpc/grpc-js";
import { Root, type INamespace, type Type } from "protobufjs/light";
import goPlugin from "./go-plugin.proto";
import health from "./health.proto";
import tfplugin6 from "./tfplugin6.proto";

// Absent fields stay absent (undefined), int64 become numbers, bytes stay Buffers.
const READ_OPTIONS = { longs: Number, arrays: true, objects: true } as const;

function codec(type: Type) {
  return {
    serialize: (value: object): Buffer => Buffer.from(type.encode(type.fromObject(value)).finish()),
    deserialize: (bytes: Buffer): any => type.toObject(type.decode(bytes), READ_OPTIONS),
  };
}

const roots = new Map<INamespace, Root>();

function definition(descriptor: INamespace, service: string): ServiceDefinition {
  let root = roots.get(descriptor);
  if (!root) {
    root = Root.fromJSON(descriptor);
    root.resolveAll();
    roots.set(descriptor, root);
  }
  const found = root.lookupService(service);
  const methods: Record<string, ServiceDefinition[string]> = {};
  for (const method of found.methodsArray) {
    const request = codec(method.resolvedRequestType!);
    const response = codec(method.resolvedResponseType!);
    methods[method.name] = {
      path: `/${service}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: request.serialize,
      requestDeserialize: request.deserialize,
      responseSerialize: response.serialize,
      responseDeserialize: response.deserialize,
    };
  }
  return methods;
}

export const providerService = (): ServiceDefinition => definition(tfplugin6, "tfplugin6.Provider");
export const healthService = (): ServiceDefinition => definition(health, "grpc.health.v1.Health");
export const controllerService = (): ServiceDefinition => definition(goPlugin, "plugin.GRPCController");
export const stdioService = (): ServiceDefinition => definition(goPlugin, "plugin.GRPCStdio");
export const brokerService = (): ServiceDefinition => definition(goPlugin, "plugin.GRPCBroker");
