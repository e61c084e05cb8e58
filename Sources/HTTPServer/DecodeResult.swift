// What one step of the decoder produced.

/// The outcome of `HTTPRequestDecoder.next()`.
public enum DecodeResult: Sendable, Equatable {
    /// The buffered bytes do not yet hold a complete request; feed more.
    case needMore
    /// A complete request; call `next()` again for a pipelined one.
    case request(HTTPRequest)
    /// The input is not acceptable; the decoder stays in this state for good.
    case error(HTTPParseError)
}
