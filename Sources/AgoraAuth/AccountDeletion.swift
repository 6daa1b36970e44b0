import AgoraCore
import AgoraRuntime

#if canImport(Glibc)
import Glibc
#endif

/// Deleting a user deletes everything they own or wrote: the foreign keys of every table that
/// references users cascade, so one DELETE inside the caller's transaction does it.
enum AccountDeletion {
    /// The real-time streams this deletion ends are closed too: those opened in the user's
    /// sessions, and those of the chats the user created (deleted with the user).
    /// Returns the user's uploaded files, for `removeFiles` once the deletion has committed.
    static func delete(userID: Int64, context: Context) throws -> [String] {
        let sessions = try context.db.query("""
            SELECT id FROM auth_sessions WHERE user_id = \(userID) AND ended_at IS NULL
            """).map { try $0.decode(String.self) }
        let chats = try context.db.query("SELECT id FROM chats WHERE created_by = \(userID)").map { try $0.decode(Int64.self) }
        let files = try context.db.query("""
            SELECT file_name FROM videos WHERE owner_id = \(userID) AND file_name IS NOT NULL
            """).map { try $0.decode(String.self) }
        try context.db.execute("DELETE FROM users WHERE id = \(userID)")
        context.closeStreams(ofSessions: sessions)
        for chat in chats { context.closeChannel("chat_\(chat)") }
        return files
    }

    /// Uploaded files go with their rows, once the rows are gone for good (a crash in between
    /// leaves files without rows, which `agora media gc` removes).
    static func removeFiles(_ files: [String], context: Context) {
        for name in files where !name.contains("/") && !name.hasPrefix(".") {
            unlink(context.config.mediaRoot + "/videos/" + name)
        }
    }
}
