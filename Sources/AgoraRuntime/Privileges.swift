#if canImport(Glibc)
import Glibc
#endif

/// A worker started as root by the runner becomes the unprivileged user its manifest names
/// before it reads anything: `AGORA_RUN_AS=user:group` (the runner sets it only when it runs as
/// root). The supplementary groups are dropped, then the group, then the user; a worker that
/// could become root again refuses to start. Without the variable nothing changes.
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
        return true
    }
}
