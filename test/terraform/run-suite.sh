#!/bin/bash
# npm run test:terraform: real Keystone + Nova up (up.sh, idempotent), the real
# Terraform tools built (npm run terraform:tools, idempotent), then the jest
# suite in test/terraform. Extra arguments go to jest.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

bash "$ROOT/test/real-openstack/up.sh"
cd "$ROOT"
node scripts/terraform-tools.js
exec npx jest -c jest.terraform.config.js "$@"
