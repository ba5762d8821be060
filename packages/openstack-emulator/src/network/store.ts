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
  /** The network address as a 32-bit number. */
  base: number;
  /** Offsets from `base` of the allocation pool (gateway is base + 1). */
  firstHost: number;
  lastHost: number;
  /** The offset of the next address never handed out. */
  nextHost: number;
  /** Offsets freed by deleted ports, handed out again first (lowest first, as Neutron's IPAM does). */
  freed: number[];
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
  description: string;
  projectId: string;
  createdAt: string;
}

export const DEFAULT_NETWORKS: readonly NetworkSpec[] = [
  { name: "private", id: "5d3a9b1e-6c2f-4e8a-9d7b-1f0e2c3a4b5d", project: "demo", cidr: "10.0.0.0/24" },
  { name: "public", id: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", project: "admin", external: true, cidr: "172.24.4.0/24" },
];

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, "Z");
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
/** The widest and narrowest subnets the emulator hands out addresses from. */
const MIN_PREFIX = 8;
const MAX_PREFIX = 29;

export function ipv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** A network's IPv4 CIDR, "/8" to "/29" with no host bits set; undefined when it is not one. */
export function parseCidr(cidr: string): { base: number; size: number } | undefined {
  const m = CIDR.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits < MIN_PREFIX || bits > MAX_PREFIX) return undefined;
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const size = 2 ** (32 - bits);
  return base % size === 0 ? { base, size } : undefined;
}

export const CIDR_FIX = `give an IPv4 network from /${MIN_PREFIX} to /${MAX_PREFIX} with no host bits, such as "10.0.0.0/16" (65,533 addresses)`;

function subnetFor(networkId: string, projectId: string, name: string, cidr: string): SubnetEntry {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new EmulatorConfigError("networks", `cidr ${shown(cidr)} of network ${shown(name)} is not an IPv4 network`, CIDR_FIX);
  const { base, size } = parsed;
  return {
    id: randomUUID(),
    name: `${name}-subnet`,
    networkId,
    projectId,
    cidr,
    gateway: ipv4(base + 1),
    base,
    firstHost: 2,
    lastHost: size - 2,
    nextHost: 2,
    freed: [],
    createdAt: now(),
  };
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
      group = { id: randomUUID(), name: "default", description: "Default security group", projectId, createdAt: now() };
      this.groups.set(group.id, group);
    }
    return group;
  }

  createGroup(projectId: string, name: string, description: string): SecurityGroupEntry {
    this.defaultGroup(projectId);
    const group = { id: randomUUID(), name, description, projectId, createdAt: now() };
    this.groups.set(group.id, group);
    return group;
  }

  deleteGroup(id: string): void {
    this.groups.delete(id);
  }

  groupsOf(projectId: string | null, isAdmin: boolean): SecurityGroupEntry[] {
    if (projectId) this.defaultGroup(projectId);
    return [...this.groups.values()].filter((g) => isAdmin || g.projectId === projectId);
  }

  /** A port for a server on a network, with the next free address of its subnet; undefined when the subnet is full. */
  createPort(network: NetworkEntry, projectId: string, deviceId: string): PortEntry | undefined {
    const subnet = network.subnet;
    let host: number;
    if (subnet.freed.length > 0) host = subnet.freed.shift()!;
    else if (subnet.nextHost <= subnet.lastHost) host = subnet.nextHost++;
    else return undefined;
    const mac = `fa:16:3e:${[...randomBytes(3)].map((b) => b.toString(16).padStart(2, "0")).join(":")}`;
    const port: PortEntry = {
      id: randomUUID(),
      networkId: network.id,
      projectId,
      deviceId,
      mac,
      subnetId: subnet.id,
      ip: ipv4(subnet.base + host),
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

  /** A port detached from its server (Nova deletes the ports it made); its address goes back to the pool. */
  deletePort(id: string): void {
    const port = this.ports.get(id);
    if (!port) return;
    this.ports.delete(id);
    const subnet = this.allNetworks().find((n) => n.subnet.id === port.subnetId)?.subnet;
    if (!subnet) return;
    const [a, b, c, d] = port.ip.split(".").map(Number);
    const host = (((a << 24) | (b << 16) | (c << 8) | d) >>> 0) - subnet.base;
    const at = subnet.freed.findIndex((h) => h > host);
    subnet.freed.splice(at === -1 ? subnet.freed.length : at, 0, host);
  }

  /** Nova deletes a server's ports when it deletes the server. */
  releasePorts(deviceId: string): void {
    for (const p of this.portsOf(deviceId)) this.deletePort(p.id);
  }
}
