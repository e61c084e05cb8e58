// A failed system call, with the errno kept so callers can match on it.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A failed system call: which operation, on what, and the errno it returned.
///
/// The errno is kept as a number so that callers can match it (`EEXIST` on an
/// ensure, `ENOENT` on a delete) instead of parsing text.
public struct SystemError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What we tried to do, e.g. `"bind /run/docker/plugins/cni-adapter.sock"`.
    public let operation: String
    /// The errno value the call failed with.
    public let errno: Int32

    /// Creates an error for `operation` that failed with `errno`.
    public init(_ operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    /// Captures the calling thread's current `errno`.
    public static func current(_ operation: String) -> SystemError {
        SystemError(operation, errno: Glibc.errno)
    }

    public var description: String {
        "\(operation): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// Runs a system call, retrying on `EINTR`, and throws `SystemError` on `-1`.
/// - Parameters:
///   - operation: names the call in the error, e.g. `"read socket"`.
///   - body: the call; returns `-1` and sets `errno` on failure.
/// - Returns: the call's non-negative result.
@discardableResult
public func syscall<T: BinaryInteger>(_ operation: @autoclosure () -> String, _ body: () -> T) throws -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Glibc.errno
        if code == EINTR { continue }
        throw SystemError(operation(), errno: code)
    }
}
