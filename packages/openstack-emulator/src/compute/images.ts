/**
 * Nova's image proxy (/images, /images/detail, /images/{id}), deprecated at
 * 2.36 (404 from there on) yet what Terraform's provider asks when it turns an
 * image name into an id at the default microversion (a rebuild by image_name).
 * Filters: name, status, minDisk, minRam, changes-since; limit and marker.
 */
import type { Reply } from "../http/reply";
import type { ImageEntry } from "../image/images";
import type { ApiCall, ComputeDeps } from "./context";
import { novaVersionAtLeast } from "./microversion";
import { novaFault, novaJson, versionedNotFound } from "./replies";
import { serverLinks } from "./server-views";

const SIZE = 1048576;

function imageView(api: ApiCall, image: ImageEntry, detail: boolean): Record<string, unknown> {
  const links = [
    ...serverLinks(api.links, "images", image.id),
    { rel: "alternate", type: "application/vnd.openstack.image", href: `${api.links.bookmark.replace(/\/[^/]*$/, "")}/images/${image.id}` },
  ];
  if (!detail) return { id: image.id, name: image.name, links };
  return {
    id: image.id,
    name: image.name,
    minRam: 0,
    minDisk: 0,
    metadata: {},
    created: image.createdAt,
    updated: image.createdAt,
    status: "ACTIVE",
    progress: 100,
    "OS-EXT-IMG-SIZE:size": SIZE,
    links,
  };
}

export function listImages(api: ApiCall, deps: ComputeDeps, detail: boolean): Reply {
  if (novaVersionAtLeast(api.version, "2.36")) return versionedNotFound(api.version);
  const q = api.call.query;
  let images = deps.images.all();
  const name = q.get("name");
  if (name !== null) images = images.filter((i) => i.name === name);
  const status = q.get("status");
  if (status !== null && status.toUpperCase() !== "ACTIVE") images = [];
  const since = q.get("changes-since");
  if (since !== null) images = images.filter((i) => Date.parse(i.createdAt) >= Date.parse(since));
  for (const min of ["minDisk", "minRam"]) if (Number(q.get(min) ?? 0) > 0) images = [];
  const marker = q.get("marker");
  if (marker !== null) {
    const at = images.findIndex((i) => i.id === marker);
    if (at === -1) return novaFault(api.version, 400, `marker [${marker}] not found`);
    images = images.slice(at + 1);
  }
  const limit = q.get("limit");
  if (limit !== null && /^\d+$/.test(limit)) images = images.slice(0, Number(limit));
  return novaJson(api.version, 200, { images: images.map((i) => imageView(api, i, detail)) });
}

export function showImage(api: ApiCall, deps: ComputeDeps, id: string): Reply {
  if (novaVersionAtLeast(api.version, "2.36")) return versionedNotFound(api.version);
  const image = deps.images.get(id);
  if (!image) return novaFault(api.version, 404, "Image not found.");
  return novaJson(api.version, 200, { image: imageView(api, image, true) });
}
