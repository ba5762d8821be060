#!/bin/bash
# The real OpenStack clients the emulator's tests drive unchanged: Debian's
# python3-openstackclient (the `openstack` CLI) and python3-openstacksdk.
# Installs them with apt when missing (part of `npm test`); seconds when present.
set -euo pipefail
if command -v openstack >/dev/null && /usr/bin/python3 -c 'import openstack' 2>/dev/null; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "openstack-clients: the emulator's tests need Debian's python3-openstackclient and python3-openstacksdk; install them (sudo apt-get install python3-openstackclient python3-openstacksdk), then rerun" >&2
  exit 1
fi
echo "openstack-clients: installing Debian's python3-openstackclient and python3-openstacksdk" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-openstackclient python3-openstacksdk >/dev/null
