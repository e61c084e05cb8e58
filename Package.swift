// swift-tools-version: 6.0
// cni-adapter: a Docker (CNM) network + IPAM plugin that runs CNI.
// Layout and dependency rules: ../shared/DESIGN.md §1 and README "Layout".
import PackageDescription

let package = Package(
    name: "cni-adapter",
    products: [
        .executable(name: "cnm-adapter", targets: ["cnm-adapter"])
    ],
    targets: [
        // C libraries, each imported by exactly one Swift module.
        .systemLibrary(name: "CMnl", pkgConfig: "libmnl", providers: [.apt(["libmnl-dev"])]),
        // CCurl: headers only; the library is dlopen-ed at first use (Sources/CCurl/shim.h).
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // POSIX wrappers: errno errors, threads, locks, atomic files, subprocesses, logging.
        .target(name: "AdapterOS"),
        // HTTP/1.1 over a Unix socket; knows nothing about Docker.
        .target(name: "HTTPServer", dependencies: ["AdapterOS"]),
        // Free-form JSON values, shared by the Docker and the CNI side (options, plugin configs).
        .target(name: "AdapterJSON"),
        // Docker's plugin protocol: wire types, driver protocols, dispatcher; no I/O.
        .target(name: "CNMRemoteAPI", dependencies: ["AdapterJSON"]),
        // The CNI runtime (libcni's job); knows nothing about Docker.
        .target(name: "CNIExec", dependencies: ["AdapterOS", "AdapterJSON"]),
        // Linux networking over netlink (libmnl), namespaces, firewall.
        .target(name: "Datapath", dependencies: ["CMnl", "AdapterOS", "CNIExec"]),
        // Docker Engine API client over its Unix socket (libcurl), for reconcile only.
        .target(name: "DockerEngine", dependencies: ["CCurl", "AdapterOS"]),
        // The translation: NetworkDriver + IPAMDriver on top of CNIExec and Datapath.
        .target(name: "AdapterService", dependencies: ["CNMRemoteAPI", "CNIExec", "Datapath", "AdapterOS"]),
        // Checks any CNM plugin against Docker's recorded call sequences, and CNI configs against the spec.
        .target(name: "Conformance", dependencies: ["CNMRemoteAPI", "CNIExec", "Datapath", "AdapterOS"], exclude: ["Sequences"]),
        .executableTarget(
            name: "cnm-adapter",
            dependencies: [
                "AdapterService", "HTTPServer", "CNMRemoteAPI", "CNIExec", "Datapath", "DockerEngine", "AdapterOS", "Conformance",
            ]
        ),

        // Benchmark driver for bench/daemon (not shipped).
        .executableTarget(name: "cnia-bench", dependencies: ["Conformance", "Datapath", "CNIExec", "AdapterJSON", "AdapterOS"]),

        .testTarget(name: "AdapterOSTests", dependencies: ["AdapterOS"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "AdapterOS"]),
        .testTarget(name: "CNMRemoteAPITests", dependencies: ["CNMRemoteAPI"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CNIExecTests", dependencies: ["CNIExec", "AdapterOS"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DatapathTests", dependencies: ["Datapath", "AdapterOS"]),
        .testTarget(name: "ConformanceTests", dependencies: ["Conformance", "HTTPServer", "CNIExec", "Datapath", "AdapterOS"]),
        .testTarget(name: "DockerEngineTests", dependencies: ["DockerEngine", "HTTPServer", "AdapterOS"]),
        .testTarget(name: "AdapterServiceTests", dependencies: ["AdapterService", "CNMRemoteAPI", "CNIExec", "AdapterOS"]),
    ]
)

// Package-wide settings in one place (swift-log's pattern): Swift 6 mode comes from tools-version 6.0.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}
