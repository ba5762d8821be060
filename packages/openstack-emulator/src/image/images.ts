/**
 * Glance's images in memory (public, active, as an operator uploads them) and
 * their v2 representation as the recorded Glance (Zed) writes it.
 */
import { createHash, randomUUID } from "node:crypto";
import type { ImageSpec } from "../types";

export interface ImageEntry {
  id: string;
  name: string;
  owner: string;
  createdAt: string;
}

/** The emulator's default images; the first is what seeded servers boot. */
export const DEFAULT_IMAGES: readonly ImageSpec[] = [
  { name: "cirros-0.6.2-x86_64-disk", id: "70a599e0-31e7-49b7-b260-868f441e862b", createdAt: "2026-01-05T10:00:00Z" },
  { name: "ubuntu-24.04", id: "0b7d4c8e-3a5f-4f0e-9a77-2f1c8d6e5b10", createdAt: "2026-04-25T10:00:00Z" },
];

const SIZE = 1048576;

export class ImageStore {
  private readonly byId = new Map<string, ImageEntry>();

  constructor(specs: readonly ImageSpec[], owner: string) {
    for (const spec of specs) {
      const id = spec.id ?? randomUUID();
      this.byId.set(id, { id, name: spec.name, owner, createdAt: spec.createdAt ?? new Date().toISOString().replace(/\.\d+Z$/, "Z") });
    }
  }

  get(id: string): ImageEntry | undefined {
    return this.byId.get(id);
  }

  all(): ImageEntry[] {
    return [...this.byId.values()];
  }

  /** The image a server boots when none is named: the first one. */
  first(): ImageEntry | undefined {
    return this.byId.values().next().value;
  }
}

export function imageView(image: ImageEntry): Record<string, unknown> {
  const checksum = createHash("md5").update(image.id).digest("hex");
  return {
    name: image.name,
    disk_format: "qcow2",
    container_format: "bare",
    visibility: "public",
    size: SIZE,
    virtual_size: SIZE,
    status: "active",
    checksum,
    protected: false,
    min_ram: 0,
    min_disk: 0,
    owner: image.owner,
    os_hidden: false,
    os_hash_algo: "sha512",
    os_hash_value: createHash("sha512").update(image.id).digest("hex"),
    id: image.id,
    created_at: image.createdAt,
    updated_at: image.createdAt,
    tags: [],
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: "/v2/schemas/image",
    stores: "fs",
  };
}
