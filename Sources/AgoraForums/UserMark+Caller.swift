import AgoraCore
import AgoraPostgres
import AgoraRuntime

extension UserMark {
    /// A select-list expression for the caller's mark on the row whose id is `targetID`: the
    /// `exists` probe for a caller, NULL for an anonymous one, whose JSON then leaves the field
    /// out (a per-user field is absent for anonymous callers, not false). Anonymous reads thus
    /// skip the probes, and each kind of caller keeps one SQL text.
    func state(_ targetID: SQL, caller: Caller?) -> SQL {
        guard let caller else { return "NULL::boolean" }
        return exists(targetID, user: caller.id)
    }
}
