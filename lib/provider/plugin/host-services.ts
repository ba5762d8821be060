/**
 * What go-plugin's host calls on every plugin besides the provider itself:
 * the health check, the controller's Shutdown, the stdio stream and the
 * broker stream (unused by providers, but opened every time). Both streams
 * stay open until Shutdown, which ends them, answers, and exits.
 */
import * as grpc from "@grpc/grpc-js";
import { brokerService, controllerService, healthService, stdioService } from "../protocol/services";

/** Once Shutdown has answered, how long the server may take to close before the process exits anyway. */
const EXIT_GRACE_MS = 1000;

export function addHostServices(server: grpc.Server): void {
  const streams = new Set<grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>>();
  const keep = (stream: grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>): void => {
    streams.add(stream);
    stream.on("cancelled", () => streams.delete(stream));
  };

  server.addService(healthService(), {
    Check: (call: grpc.ServerUnaryCall<{ service?: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const service = call.request.service ?? "";
      callback(null, { status: service === "" || service === "plugin" ? "SERVING" : "SERVICE_UNKNOWN" });
    },
  });
  // Nothing is written to stdout after the handshake line, and stderr goes straight to the host's log: nothing to stream.
  server.addService(stdioService(), { StreamStdio: keep });
  server.addService(brokerService(), {
    StartStream: (stream: grpc.ServerDuplexStream<unknown, unknown>) => {
      keep(stream);
      stream.on("data", () => undefined);
      stream.on("end", () => {
        streams.delete(stream);
        stream.end();
      });
    },
  });
  server.addService(controllerService(), {
    Shutdown: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      for (const stream of streams) stream.end();
      streams.clear();
      callback(null, {});
      setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
      server.tryShutdown(() => process.exit(0));
    },
  });
}
