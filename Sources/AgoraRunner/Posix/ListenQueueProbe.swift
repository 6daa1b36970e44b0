import AgoraCore
import Glibc

/// Reads how many connections wait in a listening unix socket's queue, through the kernel's
/// sock_diag netlink interface (what `ss -xl` shows as Recv-Q). Returns `nil` where the kernel
/// does not offer it, and the runner then reports the queue as unknown.
final class ListenQueueProbe {
    private var fd: Int32
    private var sequence: UInt32 = 0

    // Kernel constants from linux/netlink.h, linux/sock_diag.h and linux/unix_diag.h, which
    // Swift's Glibc module does not import.
    private static let netlinkSockDiag: Int32 = 4
    private static let sockDiagByFamily: UInt16 = 20
    private static let requestFlag: UInt16 = 1
    private static let errorType: UInt16 = 2
    private static let showReceiveQueue: UInt32 = 0x10
    private static let receiveQueueAttribute: UInt16 = 4

    init() {
        let raw = socket(AF_NETLINK, Int32(SOCK_DGRAM.rawValue | SOCK_CLOEXEC.rawValue), ListenQueueProbe.netlinkSockDiag)
        fd = raw >= 0 ? ((try? Posix.moveHigh(raw)) ?? -1) : -1
        if fd >= 0 {
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Connections waiting to be accepted on the listening socket with this inode.
    func queueLength(inode: UInt32) -> Int? {
        guard fd >= 0 else { return nil }
        sequence &+= 1
        var request: [UInt8] = []
        request.appendLE(UInt32(40))
        request.appendLE(ListenQueueProbe.sockDiagByFamily)
        request.appendLE(ListenQueueProbe.requestFlag)
        request.appendLE(sequence)
        request.appendLE(UInt32(0))
        request.append(contentsOf: [UInt8(AF_UNIX), 0, 0, 0])
        request.appendLE(UInt32(0xFFFF_FFFF))  // every state
        request.appendLE(inode)
        request.appendLE(ListenQueueProbe.showReceiveQueue)
        request.appendLE(UInt32(0xFFFF_FFFF))  // no cookie
        request.appendLE(UInt32(0xFFFF_FFFF))
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == request.count else { return nil }
        var reply = [UInt8](repeating: 0, count: 512)
        while true {
            let count = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count >= 32 else { return nil }
            let type = reply.readLE16(at: 4)
            guard reply.readLE32(at: 8) == sequence else { continue }  // a late answer to an older query
            guard type == ListenQueueProbe.sockDiagByFamily else { return nil }
            return ListenQueueProbe.receiveQueue(in: reply[0..<count])
        }
    }

    /// Finds the UNIX_DIAG_RQLEN attribute after the 16-byte header and 16-byte unix_diag_msg.
    static func receiveQueue(in message: ArraySlice<UInt8>) -> Int? {
        let bytes = Array(message)
        var offset = 32
        while offset + 4 <= bytes.count {
            let length = Int(bytes.readLE16(at: offset))
            let type = bytes.readLE16(at: offset + 2)
            guard length >= 4 else { return nil }
            if type == receiveQueueAttribute, offset + 8 <= bytes.count {
                return Int(bytes.readLE32(at: offset + 4))
            }
            offset += (length + 3) & ~3
        }
        return nil
    }
}
