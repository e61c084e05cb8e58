// Wires the libcurl Docker Engine client to the reconcile's DockerView.

import AdapterService
import DockerEngine

struct EngineDockerView: DockerView {
    let engine: CurlDockerEngine

    func network(_ id: String) throws -> DockerNetworkView? {
        try engine.network(id).map { DockerNetworkView(endpointIDs: $0.endpointIDs) }
    }
}
