// Help texts, one per subcommand.

enum Usage {
    static let version = "0.1.0"

    static let main = """
        cnm-adapter \(version): a Docker network plugin (CNM) that runs CNI.

        Usage: cnm-adapter <command> [options]

        Commands:
          serve      serve Docker's NetworkDriver and IpamDriver calls on a Unix socket
          cni        run a CNI config through ADD/CHECK/DEL/GC/STATUS/VERSION (like cnitool);
                     `cni test` checks a config against the spec in throwaway namespaces
          cni-plugin run a bundled CNI plugin (bridge | ipam); also as cni-adapter-bridge/-ipam
          conformance  drive any CNM plugin socket through Docker's recorded call sequences
          status     networks, endpoints and pools of the running daemon
          gc         remove what Docker no longer uses (--dry-run: only print it)
          metrics    the running daemon's counters and latency histograms (Prometheus text)
          version    print the version
          help       print this help, or `help <command>` for one command

        Create a network once the adapter serves:
          docker network create -d cni-adapter --ipam-driver cni-adapter --subnet 10.231.0.0/24 net1

        """

    static let serve = """
        Usage: cnm-adapter serve [options]

        Serves Docker's remote network driver and IPAM driver protocols. The socket's file name
        is the driver name Docker uses (default: cni-adapter).

        Options:
          --socket PATH         Unix socket (default /run/docker/plugins/cni-adapter.sock)
          --state-dir DIR       persisted networks, endpoints and IPAM (default /var/lib/cni-adapter)
          --cni-conf-dir DIR    user CNI configs (default /etc/cni/net.d)
          --cni-path DIRS       colon-separated plugin directories
                                (default /opt/cni/bin:/usr/lib/cni)
          --cni-cache-dir DIR   CNI result cache (default /var/lib/cni/results)
          --netns-dir DIR       staging namespaces (default /run/cni-adapter/netns)
          --plugin-timeout SEC  deadline of one CNI plugin execution (default 60)
          --socket-group GID    group owning the socket (mode 0660); default root
          --control-socket PATH status/gc socket (default /run/cni-adapter/control.sock, mode 0600)
          --docker-socket PATH  dockerd's API, for reconcile only (default /var/run/docker.sock)
          --reconcile-interval SEC  seconds between reconcile passes; 0 = only at start (default 60)
          --log-level LEVEL     debug|info|warn|error (default info)
          --log-format FORMAT   logfmt|json (default logfmt)

        """

    static let gc = """
        Usage: cnm-adapter gc [--dry-run] [--control-socket PATH]

        Asks the running daemon to compare its endpoints and networks with Docker's and with the
        kernel, and to remove what nobody uses (CNI DEL, namespaces, rules). --dry-run prints what
        would go and changes nothing.

        """

    static let status = """
        Usage: cnm-adapter status [--control-socket PATH]

        Prints the running daemon's networks, endpoints (addresses, MAC, links, ports) and pools.

        """

    static let metricsHelp = """
        Usage: cnm-adapter metrics [--control-socket PATH]

        Prints the running daemon's metrics in Prometheus text format: Docker calls
        (cnia_docker_calls_total, cnia_docker_call_duration_seconds) and CNI plugin executions
        (cnia_cni_exec_total, cnia_cni_exec_duration_seconds). The same text is served at
        GET /metrics on the control socket.

        """

    static let versionHelp = """
        Usage: cnm-adapter version

        Prints the version.

        """

    /// The help text of `command`, or nil when there is no such command.
    static func text(for command: String) -> String? {
        switch command {
        case "serve": serve
        case "version": versionHelp
        case "cni": CNICommandOptions.usage
        case "gc": gc
        case "status": status
        case "metrics": metricsHelp
        default: nil
        }
    }
}
