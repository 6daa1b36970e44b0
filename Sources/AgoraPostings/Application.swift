import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// An application `{job, applied_date, cover_letter}` (`internship` on that board), the posting
/// embedded as an object: its select list, its decoding, its JSON and its schema.
struct Application: PostgresRecord {
    /// Reads the applications table as `a` joined to its posting as `p` (`Application.joins`).
    static let columns: SQL = Posting.columns + ", a.cover_letter, a.applied_date"

    let posting: Posting
    let coverLetter: String
    let appliedDate: Timestamp

    init(row: PostgresRow) throws(PostgresError) {
        posting = try Posting(row: row)
        coverLetter = try row.value("cover_letter")
        appliedDate = try row.value("applied_date")
    }

    /// `JOIN <postings> p` for `columns`.
    static func joins(_ board: PostingBoard) -> SQL {
        "JOIN \(board.postings) p ON p.id = a.\(board.postingID)"
    }

    func json(_ board: PostingBoard, for caller: Caller?) -> JSON {
        [board.singular: posting.json(for: caller), "applied_date": appliedDate.json, "cover_letter": .string(coverLetter)]
    }

    // MARK: Request fields

    /// At most 5 000 characters, "" when absent.
    static let coverLetter = Field.string("cover_letter", length: 0...5_000, trim: true).optional()
        .describe("At most 5 000 characters; surrounding whitespace is trimmed. Optional: absent is \"\" (JSON null is 400).")

    /// `{job_id, cover_letter?}`: the posting's id field is named after the board.
    static func body(_ board: PostingBoard) -> RequestBody<Int64, String?> {
        RequestBody(
            Field.id(board.postingIDName).describe(
                "The \(board.singular) to apply for; one that does not exist is 400 `validation_failed` on `\(board.postingIDName)`."),
            coverLetter)
    }

    // MARK: Documentation

    static func example(_ board: PostingBoard, applicationsCount: Int64? = nil) -> JSON {
        [board.singular: Posting.example(applicationsCount: applicationsCount), "applied_date": "2026-11-30T08:00:00.000Z",
         "cover_letter": "I have shipped Swift on the server for two years."]
    }

    static func schema(_ board: PostingBoard) -> JSON {
        Schema.object([
            (board.singular, Schema.describe(Schema.ref(board.schemaName),
                "The \(board.singular) applied for, as `GET \(board.collectionPath){id}/` shows it to the caller.")),
            ("applied_date", Schema.describe(Schema.timestamp, "Set by the server when the user applied.")),
            ("cover_letter", Schema.string(nil, 5_000)),
        ], description: "A user's application for \(board.aPosting). One per user and \(board.singular); withdrawing "
            + "deletes it, and applying again makes a new one.",
           example: example(board))
    }
}
