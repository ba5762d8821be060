#!/bin/bash
# npm run test:terraform: real Keystone + Nova up (up.sh, idempotent), the real
# Terraform tools built (npm run terraform:tools, idempotent), then the jest
# suite in test/terraform. Extra arguments go to jest.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

bash "$ROOT/test/real-openstack/up.sh"
# PostgreSQL's server for the pg backend test (it starts its own, on a free port).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "test:terraform: installing Debian's postgresql (the pg backend test starts its own server)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
cd "$ROOT"
node scripts/terraform-tools.js
exec npx jest -c jest.terraform.config.js "$@"
