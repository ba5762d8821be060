/**
 * Servers in memory: a map by id for lookups and an array in creation order
 * for listing (Nova lists newest first). A page starts at the marker's
 * position, found through a position index, and stops after `limit` matches,
 * so paging through ten thousand servers costs what the pages hold.
 *
 * Servers created or deleted through the API pass through Nova's transient
 * states for `taskStateMs`: BUILD without a host (consoles answer 409), then
 * task_state "deleting" (consoles answer 500) before they vanish. Those
 * transitions are applied lazily when the store is next read.
 */
import { randomUUID } from "node:crypto";
import type { ServerRecord, ServerStatus } from "../types";

export const COMPUTE_HOST = "emulator-compute";

export interface ServerEntry {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  status: ServerStatus;
  host: string | null;
  taskState: string | null;
  /** Nova's internal integer id (instance_name is derived from it). */
  internalId: number;
  created: string;
  updated: string;
  launchedAt: string | null;
  flavorRef: string;
  /** "" for a server booted from a volume. */
  imageRef: string;
  keyName: string | null;
  metadata: Record<string, string>;
  tags: string[];
  /** The Neutron ports Nova made for it, with what its addresses show. */
  nics: ServerNic[];
  /** Names of its security groups (shown once it has ports). */
  securityGroups: string[];
  /** Volumes from block_device_mapping_v2 (a boot volume). */
  volumes: string[];
  accessIPv4: string;
  accessIPv6: string;
  /** OS-DCF:diskConfig: AUTO or MANUAL, as asked at create, rebuild, resize or update. */
  diskConfig: string;
  /** 2.19+; null until set. */
  description: string | null;
  /** OS-EXT-SRV-ATTR:hostname (settable from 2.90). */
  hostname: string;
  /** user_data as given (base64), shown to admins from 2.3. */
  userData: string | null;
  /** The scheduler hints given at create (shown from 2.100). */
  schedulerHints: Record<string, unknown>;
  locked: boolean;
  lockedReason: string | null;
  /** The flavor before a resize, until it is confirmed or reverted. */
  oldFlavorRef?: string;
  /** The status to return to after a resize (ACTIVE or SHUTOFF) or an unrescue. */
  resumeStatus?: ServerStatus;
  /** What was done to it (os-instance-actions), oldest first. */
  actions: InstanceAction[];
  /** When a BUILD server started through the API gets its host and turns ACTIVE. */
  buildsAt?: number;
  /** When a server deleted through the API disappears. */
  goneAt?: number;
  /** An action in progress: the status it settles to, and when. */
  settles?: { to: ServerStatus; at: number };
}

export interface InstanceAction {
  action: string;
  requestId: string;
  userId: string;
  projectId: string;
  startTime: string;
}

export interface ServerNic {
  portId: string;
  networkId: string;
  networkName: string;
  subnetId: string;
  ip: string;
  mac: string;
}

export interface NewServer {
  /** Default: a new UUID (given when ports were made for it first). */
  id?: string;
  name: string;
  projectId: string;
  userId: string;
  status?: ServerStatus;
  host?: boolean;
  flavorRef?: string;
  imageRef?: string;
  keyName?: string | null;
  metadata?: Record<string, string>;
  tags?: string[];
  nics?: ServerNic[];
  securityGroups?: string[];
  volumes?: string[];
  accessIPv4?: string;
  accessIPv6?: string;
  diskConfig?: string;
  description?: string | null;
  hostname?: string;
  userData?: string | null;
  schedulerHints?: Record<string, unknown>;
  /** Start in BUILD without a host and turn ACTIVE after this many ms. */
  buildMs?: number;
}

export const DEFAULT_FLAVOR = "1";
export const DEFAULT_IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b";

let cachedSecond = -1;
let cachedText = "";
/** Nova's timestamps have whole seconds; formatting each second once keeps seeding 10,000 servers cheap. */
function novaTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedText = new Date(second * 1000).toISOString().replace(".000Z", "Z");
  }
  return cachedText;
}

/** The hostname Nova derives from a display name (what the detail view always showed here). */
export function defaultHostname(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]/g, "-");
}

/** Nova's timestamp with microseconds, as instance actions carry it. */
export function novaMicroTime(ms = Date.now()): string {
  return new Date(ms).toISOString().replace("Z", "000");
}

export type PageResult = { ok: true; items: ServerEntry[] } | { ok: false; markerNotFound: true };

export class ServerStore {
  private readonly byId = new Map<string, ServerEntry>();
  /** Called when a server is gone for good (Nova then deletes its ports). */
  onRemoved: (entry: ServerEntry) => void = () => undefined;
  private order: ServerEntry[] = [];
  private readonly position = new Map<string, number>();
  private orderDirty = false;
  private readonly timed = new Set<ServerEntry>();
  private nextInternalId = 1;

  add(spec: NewServer): ServerEntry {
    const now = Date.now();
    const building = spec.buildMs !== undefined;
    const status = building ? "BUILD" : (spec.status ?? "ACTIVE");
    const unscheduled = building || spec.host === false;
    const time = novaTime(now);
    const entry: ServerEntry = {
      id: spec.id ?? randomUUID(),
      name: spec.name,
      projectId: spec.projectId,
      userId: spec.userId,
      status,
      host: unscheduled ? null : COMPUTE_HOST,
      taskState: building ? "spawning" : null,
      internalId: this.nextInternalId++,
      created: time,
      updated: time,
      launchedAt: unscheduled ? null : time.replace("Z", ".000000"),
      flavorRef: spec.flavorRef ?? DEFAULT_FLAVOR,
      imageRef: spec.imageRef ?? DEFAULT_IMAGE,
      keyName: spec.keyName ?? null,
      metadata: spec.metadata ?? {},
      tags: spec.tags ?? [],
      nics: spec.nics ?? [],
      securityGroups: spec.securityGroups ?? [],
      volumes: spec.volumes ?? [],
      accessIPv4: spec.accessIPv4 ?? "",
      accessIPv6: spec.accessIPv6 ?? "",
      diskConfig: spec.diskConfig ?? "MANUAL",
      description: spec.description ?? null,
      hostname: spec.hostname ?? defaultHostname(spec.name),
      userData: spec.userData ?? null,
      schedulerHints: spec.schedulerHints ?? {},
      locked: false,
      lockedReason: null,
      actions: [],
    };
    if (building) {
      entry.buildsAt = now + spec.buildMs!;
      this.timed.add(entry);
    }
    this.byId.set(entry.id, entry);
    this.position.set(entry.id, this.order.length);
    this.order.push(entry);
    return entry;
  }

  /** Applies the transitions that are due. */
  private settle(): void {
    if (this.timed.size === 0) return;
    const now = Date.now();
    for (const entry of this.timed) {
      if (entry.goneAt !== undefined && now >= entry.goneAt) {
        this.timed.delete(entry);
        this.remove(entry.id);
      } else if (entry.settles !== undefined && now >= entry.settles.at) {
        entry.status = entry.settles.to;
        entry.taskState = null;
        entry.settles = undefined;
        entry.updated = novaTime(now);
        if (entry.goneAt === undefined && entry.buildsAt === undefined) this.timed.delete(entry);
      } else if (entry.buildsAt !== undefined && now >= entry.buildsAt) {
        entry.buildsAt = undefined;
        if (entry.goneAt === undefined) this.timed.delete(entry);
        entry.status = "ACTIVE";
        entry.host = COMPUTE_HOST;
        entry.taskState = null;
        entry.launchedAt = novaTime(now).replace("Z", ".000000");
        entry.updated = novaTime(now);
      }
    }
  }

  get(id: string): ServerEntry | undefined {
    this.settle();
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  remove(id: string): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    this.byId.delete(id);
    this.timed.delete(entry);
    this.orderDirty = true;
    this.onRemoved(entry);
    return true;
  }

  /** task_state "deleting"; gone after `goneAfterMs` when given (an API delete), else until removed. */
  markDeleting(entry: ServerEntry, goneAfterMs?: number): void {
    entry.taskState = "deleting";
    entry.updated = novaTime(Date.now());
    if (goneAfterMs !== undefined) {
      entry.goneAt = Date.now() + goneAfterMs;
      this.timed.add(entry);
    }
  }

  setStatus(entry: ServerEntry, status: ServerStatus): void {
    entry.status = status;
    this.touch(entry);
  }

  /**
   * An action that takes a while on a cloud: the server shows `via` with `taskState` for `ms`, then `to`
   * (clients that wait for the transient state, as gophercloud's tests do for REBOOT, see it).
   */
  transition(entry: ServerEntry, via: ServerStatus, taskState: string, to: ServerStatus, ms: number): void {
    if (ms <= 0) {
      this.setStatus(entry, to);
      return;
    }
    entry.status = via;
    entry.taskState = taskState;
    entry.settles = { to, at: Date.now() + ms };
    this.timed.add(entry);
    this.touch(entry);
  }

  /** Marks a change: Nova bumps `updated` on every save. */
  touch(entry: ServerEntry): void {
    entry.updated = novaTime(Date.now());
  }

  /** Takes a server off its host (shelve offload) or puts it back (unshelve). */
  setHost(entry: ServerEntry, onHost: boolean): void {
    entry.host = onHost ? COMPUTE_HOST : null;
    if (onHost) entry.launchedAt = novaTime(Date.now()).replace("Z", ".000000");
  }

  private compact(): void {
    if (!this.orderDirty) return;
    this.order = this.order.filter((e) => this.byId.has(e.id));
    this.position.clear();
    this.order.forEach((e, i) => this.position.set(e.id, i));
    this.orderDirty = false;
  }

  /** Newest first, matching `filter`, after the marker, at most `limit`. */
  page(filter: (e: ServerEntry) => boolean, limit: number, marker?: string): PageResult {
    this.settle();
    this.compact();
    let start = this.order.length - 1;
    if (marker !== undefined) {
      const at = this.position.get(marker);
      if (at === undefined) return { ok: false, markerNotFound: true };
      start = at - 1;
    }
    const items: ServerEntry[] = [];
    for (let i = start; i >= 0 && items.length < limit; i--) {
      if (filter(this.order[i])) items.push(this.order[i]);
    }
    return { ok: true, items };
  }

  records(): ServerRecord[] {
    this.settle();
    this.compact();
    return this.order.map(toRecord);
  }
}

export function toRecord(e: ServerEntry): ServerRecord {
  return { id: e.id, name: e.name, status: e.status, projectId: e.projectId, host: e.host };
}
