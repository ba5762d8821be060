/**
 * Neutron's data in memory: networks with one IPv4 subnet each, the ports
 * Nova makes for servers (a fixed IP and a MAC each), and every project's
 * "default" security group.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { EmulatorConfigError, shown } from "../errors";
import type { NetworkSpec } from "../types";

export interface SubnetEntry {
  id: string;
  name: string;
  networkId: string;
  projectId: string;
  cidr: string;
  gateway: string;
  /** The host part of the next address to hand out. */
  nextHost: number;
  lastHost: number;
  prefix: string;
  createdAt: string;
}

export interface NetworkEntry {
  id: string;
  name: string;
  projectId: string;
  shared: boolean;
  external: boolean;
  subnet: SubnetEntry;
  createdAt: string;
}

export interface PortEntry {
  id: string;
  networkId: string;
  projectId: string;
  deviceId: string;
  mac: string;
  subnetId: string;
  ip: string;
  securityGroupId: string;
  createdAt: string;
}

export interface SecurityGroupEntry {
  id: string;
  name: string;
  projectId: string;
  createdAt: string;
}

export const DEFAULT_NETWORKS: readonly NetworkSpec[] = [
  { name: "private", id: "5d3a9b1e-6c2f-4e8a-9d7b-1f0e2c3a4b5d", project: "demo", cidr: "10.0.0.0/24" },
  { name: "public", id: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", project: "admin", external: true, cidr: "172.24.4.0/24" },
];

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, "Z");
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.0\/24$/;

function subnetFor(networkId: string, projectId: string, name: string, cidr: string): SubnetEntry {
  const m = CIDR.exec(cidr);
  if (!m || m.slice(1).some((o) => Number(o) > 255)) {
    throw new EmulatorConfigError("networks", `cidr ${shown(cidr)} of network ${shown(name)} is not an IPv4 /24`, 'give a /24 such as "10.0.0.0/24"');
  }
  const prefix = `${m[1]}.${m[2]}.${m[3]}`;
  return { id: randomUUID(), name: `${name}-subnet`, networkId, projectId, cidr, gateway: `${prefix}.1`, nextHost: 2, lastHost: 254, prefix, createdAt: now() };
}

export class NetworkStore {
  private readonly networks = new Map<string, NetworkEntry>();
  private readonly ports = new Map<string, PortEntry>();
  private readonly groups = new Map<string, SecurityGroupEntry>();

  constructor(specs: readonly NetworkSpec[], projectIds: Record<"demo" | "admin", string>) {
    specs.forEach((spec, i) => {
      const id = spec.id ?? randomUUID();
      const projectId = projectIds[spec.project ?? "demo"];
      this.networks.set(id, {
        id,
        name: spec.name,
        projectId,
        shared: spec.shared ?? false,
        external: spec.external ?? false,
        subnet: subnetFor(id, projectId, spec.name, spec.cidr ?? `10.0.${i}.0/24`),
        createdAt: now(),
      });
    });
  }

  network(id: string): NetworkEntry | undefined {
    return this.networks.get(id);
  }

  allNetworks(): NetworkEntry[] {
    return [...this.networks.values()];
  }

  /** Neutron's visibility: admins see all; others their project's, shared and external networks. */
  visibleNetworks(projectId: string | null, isAdmin: boolean): NetworkEntry[] {
    return this.allNetworks().filter((n) => isAdmin || n.projectId === projectId || n.shared || n.external);
  }

  /** A project's "default" security group, made on first use as Neutron does. */
  defaultGroup(projectId: string): SecurityGroupEntry {
    let group = [...this.groups.values()].find((g) => g.projectId === projectId && g.name === "default");
    if (!group) {
      group = { id: randomUUID(), name: "default", projectId, createdAt: now() };
      this.groups.set(group.id, group);
    }
    return group;
  }

  groupsOf(projectId: string | null, isAdmin: boolean): SecurityGroupEntry[] {
    if (projectId) this.defaultGroup(projectId);
    return [...this.groups.values()].filter((g) => isAdmin || g.projectId === projectId);
  }

  /** A port for a server on a network, with the next free address of its subnet; undefined when the subnet is full. */
  createPort(network: NetworkEntry, projectId: string, deviceId: string): PortEntry | undefined {
    const subnet = network.subnet;
    if (subnet.nextHost > subnet.lastHost) return undefined;
    const mac = `fa:16:3e:${[...randomBytes(3)].map((b) => b.toString(16).padStart(2, "0")).join(":")}`;
    const port: PortEntry = {
      id: randomUUID(),
      networkId: network.id,
      projectId,
      deviceId,
      mac,
      subnetId: subnet.id,
      ip: `${subnet.prefix}.${subnet.nextHost++}`,
      securityGroupId: this.defaultGroup(projectId).id,
      createdAt: now(),
    };
    this.ports.set(port.id, port);
    return port;
  }

  port(id: string): PortEntry | undefined {
    return this.ports.get(id);
  }

  allPorts(): PortEntry[] {
    return [...this.ports.values()];
  }

  portsOf(deviceId: string): PortEntry[] {
    return this.allPorts().filter((p) => p.deviceId === deviceId);
  }

  /** Nova deletes a server's ports when it deletes the server. */
  releasePorts(deviceId: string): void {
    for (const p of this.portsOf(deviceId)) this.ports.delete(p.id);
  }
}
