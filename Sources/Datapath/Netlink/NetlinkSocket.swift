// One rtnetlink socket over libmnl, optionally bound to another network namespace.

import AdapterOS
import CMnl

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Sends rtnetlink requests and collects their replies; the seam tests fake.
public protocol NetlinkTransport {
    /// Sends one request and returns the reply messages (headers included).
    /// - Parameter operation: what the request does, for the error message.
    /// - Throws: `SystemError` with the kernel's errno for an `NLMSG_ERROR` reply.
    func request(_ message: [UInt8], operation: String) throws -> [[UInt8]]
    /// The next sequence number to put in a request.
    func nextSequence() -> UInt32
}

/// A real `NETLINK_ROUTE` socket. Not thread-safe: own it from one thread at a time.
public final class NetlinkSocket: NetlinkTransport {
    private let socket: OpaquePointer
    private let portID: UInt32
    private var sequence: UInt32

    /// Opens a socket in the calling thread's network namespace.
    public init() throws {
        guard let socket = mnl_socket_open2(NETLINK_ROUTE, Int32(SOCK_CLOEXEC.rawValue)) else {
            throw SystemError.current("open netlink socket")
        }
        if mnl_socket_bind(socket, 0, pid_t(cmnl_socket_autopid())) < 0 {
            let error = SystemError.current("bind netlink socket")
            mnl_socket_close(socket)
            throw error
        }
        self.socket = socket
        self.portID = mnl_socket_get_portid(socket)
        self.sequence = UInt32(truncatingIfNeeded: time(nil))
    }

    /// Opens a socket that stays bound to the namespace at `netnsPath`.
    ///
    /// `setns` is per thread, so it happens on a throwaway thread: the socket keeps the
    /// namespace it was created in, and no other work ever runs in the wrong one.
    public static func inNamespace(_ netnsPath: String) throws -> NetlinkSocket {
        let box = try onFreshThread { () -> SendableSocket in
            let fd = try syscall("open netns \(netnsPath)") { open(netnsPath, O_RDONLY | O_CLOEXEC) }
            defer { close(fd) }
            try syscall("setns \(netnsPath)") { setns(fd, cmnl_clone_newnet()) }
            // The thread ends right after this; its namespace dies with it.
            return SendableSocket(try NetlinkSocket())
        }
        return box.socket
    }

    deinit { mnl_socket_close(socket) }

    public func nextSequence() -> UInt32 {
        sequence &+= 1
        return sequence
    }

    public func request(_ message: [UInt8], operation: String) throws -> [[UInt8]] {
        let seq = message.count >= 12 ? NetlinkBytes.u32(message, 8) : 0
        let isDump = message.count >= 8 && (NetlinkBytes.u16(message, 6) & UInt16(NLM_F_DUMP)) == UInt16(NLM_F_DUMP)
        let wantsAck = message.count >= 8 && (NetlinkBytes.u16(message, 6) & UInt16(NLM_F_ACK)) != 0
        let sent = message.withUnsafeBytes { mnl_socket_sendto(socket, $0.baseAddress, $0.count) }
        if sent < 0 { throw SystemError.current("netlink send: \(operation)") }

        var replies: [[UInt8]] = []
        var buffer = [UInt8](repeating: 0, count: Int(cmnl_socket_buffer_size()) * 4)
        while true {
            let received = try buffer.withUnsafeMutableBytes { raw in
                try syscall("netlink receive: \(operation)") { mnl_socket_recvfrom(socket, raw.baseAddress, raw.count) }
            }
            var at = 0
            while at + 16 <= received {
                let length = Int(NetlinkBytes.u32(buffer, at))
                guard length >= 16, at + length <= received else { break }
                let message = Array(buffer[at..<(at + length)])
                at += (length + 3) & ~3
                // Skip stray replies to other requests on this socket.
                guard NetlinkBytes.u32(message, 8) == seq, NetlinkBytes.u32(message, 12) == portID || portID == 0 else { continue }
                switch Int32(NetlinkBytes.u16(message, 4)) {
                case NLMSG_ERROR:
                    let code = message.count >= 20 ? Int32(bitPattern: NetlinkBytes.u32(message, 16)) : -EPROTO
                    if code != 0 { throw SystemError("netlink: \(operation)", errno: -code) }
                    return replies  // the ACK ends the exchange
                case NLMSG_DONE:
                    return replies
                default:
                    replies.append(message)
                    if !isDump && !wantsAck { return replies }
                }
            }
        }
    }
}

/// Carries a socket out of the throwaway thread that created it.
private struct SendableSocket: @unchecked Sendable {
    let socket: NetlinkSocket
    init(_ socket: NetlinkSocket) { self.socket = socket }
}
