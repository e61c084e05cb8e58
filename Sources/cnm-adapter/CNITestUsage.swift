// Help text of `cnm-adapter cni test`.

enum CNITestUsage {
    static let text = """
        Usage: cnm-adapter cni test --conflist FILE [--cni-path DIRS] [--json]

        Runs a CNI config through STATUS, ADD, CHECK, DEL, DEL again, DEL after the netns is gone,
        and GC, in throwaway namespaces (cnia-ct-<random>), and reports what breaks the CNI spec:
        a DEL that fails the second time or without its netns, a result whose cniVersion is not
        the config's, ips[].interface indices outside interfaces, the container interface missing
        or without its sandbox, CHECK failing right after ADD, links or addresses left in the host
        netns or links left in the container netns after DEL.

        Needs root. Run it in a scratch network namespace (`unshare -n`) when the config touches
        shared host state (bridges, iptables).

        Options:
          --conflist FILE    the network config (.conflist, or a single-plugin .conf)
          --cni-path DIRS    colon-separated plugin directories
                             (default $CNI_PATH, else /opt/cni/bin:/usr/lib/cni)
          --netns-dir DIR    where the test namespaces go (default /run/cni-adapter/netns-test)
          --timeout SEC      per-plugin deadline (default 60)
          --json             print the report as JSON

        Exit status: 0 when every check passed, 1 when one failed, 2 for a usage error.

        """
}
