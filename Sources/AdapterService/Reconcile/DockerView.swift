// What reconcile asks Docker, as a protocol: the executable wires the libcurl client to it,
// tests a fake. Keeps libcurl out of the translation library.

/// Docker's view of one network.
public struct DockerNetworkView: Sendable, Equatable {
    /// Endpoint IDs Docker has attached to containers on the network.
    public var endpointIDs: Set<String>

    public init(endpointIDs: Set<String>) { self.endpointIDs = endpointIDs }
}

/// Answers "does Docker know this network, and with which endpoints?".
public protocol DockerView: Sendable {
    /// nil when Docker does not know the network.
    /// - Throws: when Docker cannot be asked (down, starting); reconcile then changes nothing.
    func network(_ id: String) throws -> DockerNetworkView?
}
