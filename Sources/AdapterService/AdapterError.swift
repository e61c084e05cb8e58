// The one error type of the translation layer: a message for the user (Docker prints it
// after "remote: " or "<Call>: "), and the underlying error when there is one.

/// A failed Docker call, explained for the person who ran `docker …`.
public struct AdapterError: Error, CustomStringConvertible, Equatable {
    /// The whole message, underlying cause included.
    public let description: String

    public init(_ description: String) { self.description = description }

    /// Wraps `cause` with what we were doing, e.g. `"CNI ADD for endpoint 1a2b…: <cause>"`.
    public init(_ context: String, cause: any Error) {
        self.description = "\(context): \(cause)"
    }
}
