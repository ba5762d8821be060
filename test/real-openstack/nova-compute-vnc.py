"""nova-compute with the fake hypervisor's VNC console pointed at a real VNC server.

Nova's fake driver answers get_vnc_console with fakevncconsole.com:6969 and
internal_access_path 'FAKE'; the proxy then sends CONNECT first, a code path
that raises a TypeError on Zed, so no console behind the stock fake driver ever
opens. This launcher replaces that one method with what the libvirt driver
returns (the VNC server's address, no access path), then runs nova-compute
exactly as `python3 -c 'from nova.cmd.compute import main'` does. No packaged
file is changed, and nova-compute's validate_console_port (the proxy's check)
reads the same method, so it stays consistent.

Usage: python3 nova-compute-vnc.py --vnc-host 127.0.0.1 --vnc-port 5969 --config-file nova.conf
"""
import sys


def take(flag, args):
    if flag not in args:
        sys.exit(f'nova-compute-vnc.py: {flag} is missing; give e.g. {flag} 5969')
    at = args.index(flag)
    if at + 1 >= len(args):
        sys.exit(f'nova-compute-vnc.py: {flag} needs a value')
    value = args[at + 1]
    del args[at:at + 2]
    return value


def main():
    args = sys.argv[1:]
    host = take('--vnc-host', args)
    port = take('--vnc-port', args)
    if not port.isdigit() or not 0 < int(port) < 65536:
        sys.exit(f'nova-compute-vnc.py: --vnc-port "{port}" is not a port number; give e.g. 5969')

    # nova.cmd first: importing it monkey-patches eventlet, as the stock entry point does
    from nova.cmd.compute import main as compute_main
    from nova.console import type as ctype
    from nova.virt import fake

    def get_vnc_console(self, context, instance):
        return ctype.ConsoleVNC(host=host, port=int(port))

    fake.FakeDriver.get_vnc_console = get_vnc_console
    sys.argv = [sys.argv[0]] + args
    sys.exit(compute_main())


if __name__ == '__main__':
    main()
