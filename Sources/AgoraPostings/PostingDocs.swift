import AgoraCore
import AgoraRuntime

/// The OpenAPI words of a board's operations (what the route declarations do not say), in the
/// board's names: `jobs_list`, `Job`, `job_id`, ...
struct PostingDocs {
    let board: PostingBoard

    var id: ParameterDoc { .path("id", "The \(board.singular)'s id.") }
    var userID: ParameterDoc {
        .path("user_id", "The user's id: the caller's own, or anyone's for an admin (else 403, even when no user has "
              + "this id).")
    }
    var postingID: ParameterDoc {
        .path(board.postingIDName, "The \(board.singular)'s id: 404 unless that user has a current application for it.")
    }
    var postingSchema: JSON { Schema.ref(board.schemaName) }
    var applicationSchema: JSON { Schema.ref(board.applicationSchemaName) }
    var adminOnly: ErrorDoc { ErrorDoc(403, "The caller is not an admin (checked after the 404, before the body).") }
    var otherUser: ErrorDoc {
        ErrorDoc(403, "The path names another user and the caller is not an admin (checked before any 404: the answer "
                 + "does not say whether that user exists).")
    }
    static let pageError = "`limit` is not an integer in 1-100, or the cursor was edited (`validation_failed` on "
        + "`limit` or `cursor`)."
    static let adminCount = " `applications_count` is shown to admins only."

    var list: OperationDoc {
        OperationDoc(
            "\(board.plural)_list", "List all \(board.plural)",
            description: "Newest first, cursor-paginated. The filters combine with AND, and `next` repeats them. With "
                + "`search`, ordered by relevance (title words weigh most, then the company, then the description), then "
                + "newest; the cursor then carries the rank too." + PostingDocs.adminCount,
            parameters: ParameterDoc.pagination + [
                .query("search", "Full-text search over title, description and company with PostgreSQL's English "
                       + "configuration (stemming: `engineers` finds `engineer`; stop words ignored): every word must "
                       + "match. Blank is no filter; at most 200 characters.", schema: QueryParameters.searchSchema),
                .query("company", "Only postings of this company, matched exactly but ignoring case (`acme` finds "
                       + "`Acme`, not `Acme Corp`); surrounding whitespace is ignored, blank is no filter; at most 200 "
                       + "characters.", schema: QueryParameters.searchSchema),
                .query("location", "Only postings at this location, matched exactly but ignoring case; surrounding "
                       + "whitespace is ignored, blank is no filter; at most 200 characters.",
                       schema: QueryParameters.searchSchema),
            ],
            responses: [.json(200, "One page of \(board.plural).", Schema.page(of: postingSchema),
                              example: ["results": [Posting.example(applicationsCount: nil)],
                                        "next": .string("\(board.collectionPath)?company=acme&cursor=eyJpZCI6N30.q8Xf2Lw7o0nUuQ6y3k1pZA&limit=20")])],
            errors: [ErrorDoc(400, "`search`, `company` or `location` is longer than 200 characters, or "
                              + PostingDocs.pageError)])
    }

    var create: OperationDoc {
        OperationDoc(
            "\(board.plural)_create", "Create a new \(board.singular) posting",
            description: "Admins only. `posted_date` is set by the server.",
            body: Posting.body,
            bodyDescription: "`id`, `posted_date` and `applications_count` are ignored when sent.",
            bodyExample: Posting.bodyExample,
            responses: [.json(201, "The new \(board.singular) (with `applications_count` 0, since the caller is an admin).",
                              postingSchema, example: Posting.example(applicationsCount: 0))],
            errors: [ErrorDoc(403, "The caller is not an admin (checked before the body).")])
    }

    var retrieve: OperationDoc {
        OperationDoc(
            "\(board.plural)_retrieve", "Retrieve a specific \(board.singular)", description: "Anyone." + PostingDocs.adminCount,
            parameters: [id], responses: [.json(200, "The \(board.singular).", postingSchema, example: Posting.example(applicationsCount: nil))])
    }

    var update: OperationDoc {
        OperationDoc(
            "\(board.plural)_update", "Update a specific \(board.singular) posting",
            description: "Admins only. Replaces title, description, company and location (all required); `posted_date` "
                + "stays, and so do the applications.",
            parameters: [id], body: Posting.body,
            bodyDescription: "`id`, `posted_date` and `applications_count` are ignored when sent.",
            bodyExample: Posting.bodyExample,
            responses: [.json(200, "The updated \(board.singular).", postingSchema, example: Posting.example())],
            errors: [adminOnly])
    }

    var destroy: OperationDoc {
        OperationDoc(
            "\(board.plural)_destroy", "Delete a specific \(board.singular) posting", description: "Admins only.",
            parameters: [id], responses: [.noContent("The \(board.singular) is deleted with its applications.")],
            errors: [adminOnly])
    }

    var applications: OperationDoc {
        OperationDoc(
            "users_\(board.plural)_list", "List all \(board.plural) applied by a specific user",
            description: "The user's current applications (withdrawn ones are gone), newest application first, "
                + "cursor-paginated. That user or an admin only; a user id that does not exist is 404 for an admin.",
            parameters: [userID] + ParameterDoc.pagination,
            responses: [.json(200, "One page of applications.", Schema.page(of: applicationSchema),
                              example: ["results": [Application.example(board)], "next": nil])],
            errors: [otherUser, ErrorDoc(400, PostingDocs.pageError)])
    }

    var apply: OperationDoc {
        OperationDoc(
            "users_\(board.plural)_create", "Apply for \(board.aPosting)",
            description: "A user applies for themselves; an admin may apply for anyone (a user id that does not exist "
                + "is then 404). One application per user and \(board.singular): applying again is 409 `conflict`, "
                + "also when the two requests race; after withdrawing, applying again is 201.",
            parameters: [userID], body: Application.body(board),
            bodyDescription: "`applied_date` and the user are set by the server; other fields are ignored.",
            bodyExample: [board.postingIDName: 7,
                          "cover_letter": "I have shipped Swift on the server for two years."],
            responses: [.json(201, "The application, with the \(board.singular) embedded.", applicationSchema,
                              example: Application.example(board))],
            errors: [otherUser,
                     ErrorDoc(400, "A field is invalid, or no \(board.singular) has the id `\(board.postingIDName)` "
                              + "names (`validation_failed` on `\(board.postingIDName)`)."),
                     ErrorDoc(409, "That user has already applied for this \(board.singular) (`conflict`).")])
    }

    var application: OperationDoc {
        OperationDoc(
            "users_\(board.plural)_retrieve", "Retrieve specific \(board.singular) details for a user",
            description: "That user's application for the \(board.singular), with the \(board.singular) embedded. 404 "
                + "when that user has not applied (or has withdrawn), or when either id does not exist.",
            parameters: [userID, postingID],
            responses: [.json(200, "The application.", applicationSchema, example: Application.example(board))],
            errors: [otherUser])
    }

    var withdraw: OperationDoc {
        OperationDoc(
            "users_\(board.plural)_destroy", "Withdraw from \(board.aPosting) application",
            description: "Deletes that user's application: 204, then 404 for a second withdrawal. Applying again "
                + "afterwards is 201.",
            parameters: [userID, postingID], responses: [.noContent("The application is withdrawn.")],
            errors: [otherUser])
    }
}
