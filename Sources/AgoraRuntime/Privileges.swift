#if canImport(Glibc)
import Glibc
#endif

/// A worker started as root by the runner becomes the unprivileged user its manifest names
/// before it reads anything: `AGORA_RUN_AS=user:group` (the runner sets it only when it runs as
/// root). The supplementary groups are dropped, then the group, then the user; a worker that
/// could become root again refuses to start; it also sets no-new-privileges. Without the variable
/// nothing changes.
public enum Privileges {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed(String), unknownUser(String), unknownGroup(String), refused(String)

        public var description: String {
            switch self {
            case .malformed(let value): "AGORA_RUN_AS must be user:group, got \"\(value)\""
            case .unknownUser(let name): "AGORA_RUN_AS: no user \"\(name)\" on this system"
            case .unknownGroup(let name): "AGORA_RUN_AS: no group \"\(name)\" on this system"
            case .refused(let step): "AGORA_RUN_AS: \(step) failed (errno \(errno))"
            }
        }
    }

    /// Drops to `spec` (`user:group`) when running as root; returns whether it dropped.
    @discardableResult
    public static func drop(to spec: String?) throws(Failure) -> Bool {
        guard let spec, !spec.isEmpty, geteuid() == 0 else { return false }
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw .malformed(spec) }
        guard let user = getpwnam(parts[0]) else { throw .unknownUser(parts[0]) }
        guard let group = getgrnam(parts[1]) else { throw .unknownGroup(parts[1]) }
        let uid = user.pointee.pw_uid, gid = group.pointee.gr_gid
        guard uid != 0 else { throw .refused("running as root") }
        guard setgroups(0, nil) == 0 else { throw .refused("setgroups") }
        guard setgid(gid) == 0 else { throw .refused("setgid") }
        guard setuid(uid) == 0 else { throw .refused("setuid") }
        // The saved ids went with setuid as root; check that nothing can take root back.
        guard setuid(0) != 0, geteuid() == uid, getegid() == gid else { throw .refused("the check that root is gone") }
        // Nothing it could run gains privileges either (a setuid binary), as systemd's NoNewPrivileges.
        guard let setOption = prctl, setOption(setNoNewPrivileges, 1, 0, 0, 0) == 0 else {
            throw .refused("PR_SET_NO_NEW_PRIVS")
        }
        return true
    }

    /// `PR_SET_NO_NEW_PRIVS` of <linux/prctl.h>.
    static let setNoNewPrivileges: Int32 = 38

    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    /// glibc's `prctl` is variadic, which Swift does not import; looked up at run time and called
    /// with its five integer arguments (passed in registers as for a fixed signature on Linux's
    /// x86-64 and AArch64 calling conventions).
    private static let prctl: Prctl? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return nil }
        return unsafeBitCast(symbol, to: Prctl.self)
    }()
}
