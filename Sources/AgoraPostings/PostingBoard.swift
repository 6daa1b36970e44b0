public import AgoraCore
import AgoraPostgres
public import AgoraRuntime

/// One board of postings (jobs, internships): admins post, anyone reads and searches, users apply.
/// A function configures a board with its names; everything else follows from them: the paths,
/// the tables of `0006_postings.sql`, the JSON keys, the schema names and the operation ids.
///
/// ```swift
/// public enum JobsFunction: FunctionDefinition {
///     static let board = PostingBoard(plural: "jobs", singular: "job")
///     public static let name = board.plural
///     public static func routes(_ router: inout Router<Context>) { board.routes(&router) }
/// }
/// ```
public struct PostingBoard: Sendable {
    /// `jobs`: the function, the path segment, the postings table.
    public let plural: String
    /// `job`: the application's key for its posting, the path's `{job_id}` and the body's `job_id`.
    public let singular: String
    /// `a` or `an`, for the documentation's sentences.
    public let article: String

    /// `Job`: the posting's schema name (`JobApplication` the application's).
    public let schemaName: String
    /// `job_id`: the path parameter, the body field and the applications' column.
    public let postingIDName: String
    /// The postings table (`jobs`), its applications (`job_applications`) and their posting column.
    let postings: SQL
    let applications: SQL
    let postingID: SQL

    /// - Parameters:
    ///   - plural: the function's name and path segment (`jobs`); the postings table.
    ///   - singular: `job`; the applications live in `<singular>_applications.<singular>_id`.
    ///   - article: the indefinite article before `singular` (`an internship`).
    public init(plural: String, singular: String, article: String = "a") {
        self.plural = plural
        self.singular = singular
        self.article = article
        schemaName = singular.prefix(1).uppercased() + singular.dropFirst()
        postingIDName = singular + "_id"
        postings = SQL.identifier(plural)
        applications = SQL.identifier(singular + "_applications")
        postingID = SQL.identifier(postingIDName)
    }

    /// `/api/jobs/`
    var collectionPath: String { "/api/\(plural)/" }
    /// `/api/users/{user_id}/jobs/`
    var userPath: String { "/api/users/{user_id}/\(plural)/" }
    /// `JobApplication`
    var applicationSchemaName: String { schemaName + "Application" }
    /// `a job`
    var aPosting: String { "\(article) \(singular)" }

    /// Every route of the board, each with its handler and its documentation.
    public func routes(_ router: inout Router<Context>) {
        let postingHandlers = PostingHandlers(board: self)
        let applicationHandlers = ApplicationHandlers(board: self)
        let docs = PostingDocs(board: self)
        router.get(collectionPath, docs.list, postingHandlers.list)
        router.post(collectionPath, auth: .required, docs.create, postingHandlers.create)
        router.get(collectionPath + "{id}/", docs.retrieve, postingHandlers.get)
        router.put(collectionPath + "{id}/", auth: .required, docs.update, postingHandlers.update)
        router.delete(collectionPath + "{id}/", auth: .required, docs.destroy, postingHandlers.delete)

        let application = userPath + "{\(postingIDName)}/"
        router.get(userPath, auth: .required, docs.applications, applicationHandlers.list)
        router.post(userPath, auth: .required, docs.apply, applicationHandlers.apply)
        router.get(application, auth: .required, docs.application, applicationHandlers.get)
        router.delete(application, auth: .required, docs.withdraw, applicationHandlers.withdraw)
    }

    /// The component schemas the board's operations name.
    public var schemas: [String: JSON] {
        [schemaName: Posting.schema(self), applicationSchemaName: Application.schema(self)]
    }

    /// The OpenAPI tag's sentence.
    public var summary: String {
        "\(schemaName) postings (admins write, anyone reads and searches) and users' applications (a user applies "
            + "for themselves, an admin for anyone; another user's applications are 403)."
    }
}
