#!/bin/bash
# npm run test:openstack: bring real Keystone + Nova up unless they already run
# (up.sh is idempotent: seconds when everything is up), then run the jest suite
# against them (its globalSetup bundles the hook and CLI). Extra arguments go to jest.
# The services stay up afterwards for quick reruns; stop them with down.sh.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

bash "$HERE/up.sh"
cd "$ROOT"
status=0
npx jest -c jest.openstack.config.js "$@" || status=$?
echo "real OpenStack is left running for quick reruns; stop it with: bash test/real-openstack/down.sh" >&2
exit "$status"
