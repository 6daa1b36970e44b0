import AgoraCore
import AgoraRuntime

/// Deleting a user deletes everything they own or wrote: the foreign keys of every table that
/// references users cascade, so one DELETE inside the caller's transaction does it.
enum AccountDeletion {
    static func delete(userID: Int64, context: Context) throws {
        try context.db.execute("DELETE FROM users WHERE id = \(userID)")
    }
}
