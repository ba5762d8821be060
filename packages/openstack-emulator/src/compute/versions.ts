/** Nova's version documents, as recorded: the root list, /v2.1 and the old /v2. */
import { MIN_VERSION } from "./microversion";

const DESCRIBED_BY = { rel: "describedby", type: "text/html", href: "http://docs.openstack.org/" };

function v20(base: string) {
  return { id: "v2.0", status: "SUPPORTED", version: "", min_version: "", updated: "2011-01-21T11:33:21Z", links: [{ rel: "self", href: `${base}/v2/` }] };
}

function v21(base: string, max: string) {
  return { id: "v2.1", status: "CURRENT", version: max, min_version: MIN_VERSION, updated: "2013-07-23T11:33:21Z", links: [{ rel: "self", href: `${base}/v2.1/` }] };
}

export function versionList(base: string, max: string) {
  return { versions: [v20(base), v21(base, max)] };
}

export function v21Document(base: string, max: string) {
  const doc = v21(base, max);
  return {
    version: {
      ...doc,
      links: [...doc.links, DESCRIBED_BY],
      "media-types": [{ base: "application/json", type: "application/vnd.openstack.compute+json;version=2.1" }],
    },
  };
}

export function v20Document(base: string) {
  const doc = v20(base);
  return {
    version: {
      ...doc,
      links: [...doc.links, DESCRIBED_BY],
      "media-types": [{ base: "application/json", type: "application/vnd.openstack.compute+json;version=2" }],
    },
  };
}
