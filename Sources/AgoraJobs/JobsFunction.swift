public import AgoraCore
import AgoraPostings
public import AgoraRuntime

/// The `jobs` function: `/api/jobs/...` (admins post, anyone reads and searches) and
/// `/api/users/{user_id}/jobs/...` (applications). The logic is the postings module's; this
/// function configures its board and deploys and scales on its own.
public enum JobsFunction: FunctionDefinition {
    static let board = PostingBoard(plural: "jobs", singular: "job")

    public static let name = board.plural
    public static let summary = board.summary
    public static let schemas = board.schemas

    public static func routes(_ router: inout Router<Context>) {
        board.routes(&router)
    }
}
