// Help text of `cnm-adapter conformance`.

enum ConformanceUsage {
    static let text = """
        Usage: cnm-adapter conformance --socket PATH [--engine 20.10|28.5] [--json]

        Drives a CNM plugin socket (this adapter or any other vendor's) through the call
        sequences real Docker engines sent (recorded from 20.10 and 28.5), without a Docker
        engine, and checks every answer the way Docker takes it: empty 200 bodies, errors in the
        wrong field, CreateEndpoint answers that overwrite what Docker set, RequestAddress
        answers that are not CIDR, Join without SrcName or with a link that is not in this
        network namespace, gateways with a mask, Scope other than local/global, overlap
        probing, IPv6 pools, restart replay, unknown endpoints, bad requests, concurrent calls.

        Requests use 10.231.40.0/22 (and fd31:cafe:4028::/64); every network it creates is
        deleted again, also after a failure. Run it in the plugin's network namespace.

        Options:
          --socket PATH     the plugin's Unix socket (e.g. /run/docker/plugins/NAME.sock)
          --engine VERSION  replay only that engine's recordings (default: 20.10 and 28.5)
          --timeout SEC     give up on an answer after SEC seconds (default 60; Docker waits forever)
          --concurrency N   connections used at once by the concurrency check (default 4)
          --json            print the report as JSON

        Exit status: 0 when every check passed, 1 when one failed, 2 for a usage error.

        """
}
