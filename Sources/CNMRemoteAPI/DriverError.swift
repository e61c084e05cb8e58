// The error a driver throws to send Docker a specific message.

/// An error whose `message` is sent to Docker verbatim as `{"Err": message}`.
///
/// Drivers may throw any error; the dispatcher uses `String(describing:)` for
/// the others. Docker shows the text as `<Iface>.<Method>: <message>`.
public struct DriverError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The text Docker shows to the user.
    public var message: String

    /// Creates an error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message itself.
    public var description: String { message }
}
