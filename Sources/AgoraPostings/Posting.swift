import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// A posting `{id, title, description, company, location, posted_date}`, plus
/// `applications_count` for admins: its select list, its decoding by column name, its JSON, its
/// request fields and its schema, declared together.
struct Posting: PostgresRecord {
    /// Reads the postings table as `p` (or the `RETURNING` of a statement on it `AS p`).
    static let columns: SQL = "p.id, p.title, p.description, p.company, p.location, p.posted_date, p.applications_count"

    let id: Int64
    let title: String
    let description: String
    let company: String
    let location: String
    let postedDate: Timestamp
    let applicationsCount: Int64

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        title = try row.value("title")
        description = try row.value("description")
        company = try row.value("company")
        location = try row.value("location")
        postedDate = try row.value("posted_date")
        applicationsCount = try row.value("applications_count")
    }

    /// The posting as `caller` sees it: `applications_count` is for admins only (a recruiter's view
    /// of demand; applicants do not see how many others applied).
    func json(for caller: Caller?) -> JSON {
        var posting: [String: JSON] = [
            "id": .int(id), "title": .string(title), "description": .string(description), "company": .string(company),
            "location": .string(location), "posted_date": postedDate.json,
        ]
        if caller?.isAdmin == true { posting["applications_count"] = .int(applicationsCount) }
        return .object(posting)
    }

    // MARK: Request fields: each declared once, for validation and for the document.

    static let title = Field.string("title", length: 1...200, trim: true)
        .describe("1-200 characters; surrounding whitespace is trimmed.")
    static let description = Field.string("description", length: 1...10_000, trim: true)
        .describe("1-10 000 characters; surrounding whitespace is trimmed.")
    static let company = Field.string("company", length: 1...200, trim: true)
        .describe("1-200 characters; surrounding whitespace is trimmed. `?company=` matches it exactly, ignoring case.")
    static let location = Field.string("location", length: 1...200, trim: true)
        .describe("1-200 characters (a city, `Remote`, ...); surrounding whitespace is trimmed. `?location=` matches "
                  + "it exactly, ignoring case.")
    /// POST creates, PUT replaces: every field required. Other fields are ignored.
    static let body = RequestBody(title, description, company, location)

    // MARK: Documentation

    /// One example for both boards (a posting reads the same as a job or as an internship).
    static func example(applicationsCount: Int64? = 3) -> JSON {
        var example: [String: JSON] = [
            "id": 7, "title": "Swift backend developer", "description": "Build and run our Swift services with us.",
            "company": "Acme", "location": "Remote", "posted_date": "2026-11-29T10:15:30.123Z",
        ]
        if let applicationsCount { example["applications_count"] = .int(applicationsCount) }
        return .object(example)
    }

    static let bodyExample: JSON = [
        "title": "Swift backend developer", "description": "Build and run our Swift services with us.",
        "company": "Acme", "location": "Remote",
    ]

    static func schema(_ board: PostingBoard) -> JSON {
        Schema.object([
            ("id", Schema.id),
            ("title", Schema.string(1, 200)),
            ("description", Schema.string(1, 10_000)),
            ("company", Schema.string(1, 200)),
            ("location", Schema.string(1, 200)),
            ("posted_date", Schema.describe(Schema.timestamp, "Set by the server when the \(board.singular) is posted.")),
            ("applications_count", Schema.describe(Schema.count,
                "Admins only (absent for everyone else): how many users have a current application (withdrawn ones "
                    + "do not count). An addition to the contract, so that a recruiter sees demand.")),
        ], required: ["id", "title", "description", "company", "location", "posted_date"],
           example: example())
    }
}
