import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `POST /api/videos/`: an external video (JSON with an https `url`) or an upload
/// (`multipart/form-data` with `title`, `description` and a `file` part).
///
/// nginx writes the body to a file in its client-body directory and passes only the path
/// (`REQUEST_BODY_FILE`); the worker never holds the body. An upload is checked in this order:
/// the text fields (400), the file's leading bytes (415), its size (413); then its bytes are
/// copied by the kernel into `MEDIA_ROOT/videos/` under a generated name, and only then is the
/// row inserted. Any failure removes the copy, so a failed upload leaves no file and no row
/// (a worker killed halfway leaves a file with no row, which `agora media gc` removes). With an
/// `Idempotency-Key` the INSERT commits with the kept answer, after this returns: a ROLLBACK
/// then removes the copy too (`Context.onRollback`).
enum CreateHandler {
    static func create(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let file = try request.bodyFilePath.map { path throws(APIError) in
            try BodyFile(path: path, inside: context.config.clientBodyDir)
        }
        if let boundary = MultipartForm.boundary(contentType: request.contentType) {
            guard let boundary else { throw APIError.badRequest("The multipart boundary is missing or invalid.") }
            guard let file else {
                throw APIError.badRequest("Uploads are accepted only as a request body file written by nginx.")
            }
            return try upload(MultipartForm(file, boundary: boundary), file, request, caller, context)
        }
        var json = request
        if let file {
            json.body = try file.readAll(limit: Request.jsonBodyLimit)
            json.bodyFilePath = nil
        }
        let (title, description, url) = try Video.externalBody.decode(json)
        let video = try context.db.found("""
            WITH v AS (INSERT INTO videos (owner_id, title, description, external_url)
                       VALUES (\(caller.id), \(title), \(description ?? ""), \(url)) RETURNING *)
            SELECT \(Video.columns(for: caller)) FROM v \(Video.joins)
            """, as: Video.self)
        return .json(video.json, status: 201)
    }

    static func upload(_ form: MultipartForm, _ file: BodyFile, _ request: Request, _ caller: Caller,
                       _ context: Context) throws -> Response {
        // The text parts go through the same fields as JSON, with the same messages; the
        // multipart rules (one file, not with a url) add theirs to the same 400.
        var problems: [String: String] = [:]
        for (name, message) in form.badFields where name == "title" || name == "description" { problems[name] = message }
        let parts = form.files.filter { $0.name == "file" }
        if parts.isEmpty { problems["file"] = "No file was submitted." }
        if parts.count > 1 { problems["file"] = "Send one file." }
        if form.fields["url"] != nil || form.files.contains(where: { $0.name == "url" }) {
            problems["url"] = "Send either a url or a file, not both."
        }
        var text = Request(method: "POST", path: request.path, requestID: request.requestID)
        text.headers["content-type"] = Response.jsonContentType
        text.body = JSON.object(form.fields.filter { problems[$0.key] == nil }.mapValues { .string($0) }).serialized()
        var decoded: (title: String, description: String?)?
        do {
            let (title, description) = try Video.body.decode(text)
            decoded = (title, description)
        } catch let error as APIError where error.code == "validation_failed" {
            problems.merge(error.fields ?? [:]) { mine, _ in mine }
            decoded = nil
        }
        guard problems.isEmpty, let (title, description) = decoded, let part = parts.first else {
            throw APIError.validation(problems)
        }
        let probe = try VideoProbe.inspect(file, start: part.start, end: part.end)
        guard part.count <= context.config.videoMaxBytes else { throw APIError.payloadTooLarge }

        let store = MediaStore(root: context.config.mediaRoot)
        let name = MediaStore.fileName(extension: probe.fileExtension)
        try store.store(file, start: part.start, count: part.count, as: name)
        // With an Idempotency-Key the INSERT commits later, with the kept answer: a ROLLBACK then
        // (a failed COMMIT) must not leave the file behind either.
        context.onRollback { store.remove(name) }
        do {
            let video = try context.db.found("""
                WITH v AS (INSERT INTO videos (owner_id, title, description, file_name, content_type, size_bytes,
                                               duration_seconds, width, height)
                           VALUES (\(caller.id), \(title), \(description ?? ""), \(name), \(probe.contentType),
                                   \(part.count), \(probe.durationSeconds), \(probe.width), \(probe.height))
                           RETURNING *)
                SELECT \(Video.columns(for: caller)) FROM v \(Video.joins)
                """, as: Video.self)
            return .json(video.json, status: 201)
        } catch {
            store.remove(name)
            throw error
        }
    }
}
