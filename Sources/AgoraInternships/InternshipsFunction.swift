public import AgoraCore
import AgoraPostings
public import AgoraRuntime

/// The `internships` function: `/api/internships/...` (admins post, anyone reads and searches)
/// and `/api/users/{user_id}/internships/...` (applications). It mirrors `jobs` exactly: the
/// logic is the postings module's; this function configures its board and deploys and scales on
/// its own.
public enum InternshipsFunction: FunctionDefinition {
    static let board = PostingBoard(plural: "internships", singular: "internship", article: "an")

    public static let name = board.plural
    public static let summary = board.summary
    public static let schemas = board.schemas

    public static func routes(_ router: inout Router<Context>) {
        board.routes(&router)
    }
}
