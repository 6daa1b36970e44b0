/// Signs cursors so an edited cursor is refused (a MAC keyed by a server secret).
public protocol CursorSigner: Sendable {
    func mac(_ data: [UInt8]) -> [UInt8]
    func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool
}

/// Cursor pagination, like DRF's CursorPagination without `count`: `?limit=` (default 20, 1–100) and an opaque signed
/// `?cursor=` holding the position after which the next page starts.
public struct PageRequest: Sendable {
    public let limit: Int
    /// The decoded position object of the cursor, nil on the first page.
    public let position: [String: JSON]?
    let signer: any CursorSigner
    let request: Request

    public init(_ request: Request, signer: any CursorSigner, defaultLimit: Int = 20, maxLimit: Int = 100) throws(APIError) {
        let query = request.query
        self.request = request
        self.signer = signer
        if let text = query["limit"] {
            guard let value = PathID.parse(text), value <= maxLimit else {
                throw APIError.validation(field: "limit", "Ensure this value is an integer between 1 and \(maxLimit).")
            }
            limit = Int(value)
        } else {
            limit = defaultLimit
        }
        // An empty `cursor=` is no cursor, as an absent one (a client that templates the URL).
        if let cursor = query["cursor"], !cursor.isEmpty {
            position = try PageRequest.decode(cursor, scope: request.route, signer: signer)
        } else {
            position = nil
        }
    }

    /// An integer field of the position, or 400 for a cursor that lacks it.
    public func positionInt(_ key: String) throws(APIError) -> Int64? {
        guard let position else { return nil }
        guard let value = position[key]?.intValue else { throw PageRequest.invalidCursor }
        return value
    }

    /// A string field of the position, or 400 for a cursor that lacks it.
    public func positionString(_ key: String) throws(APIError) -> String? {
        guard let position else { return nil }
        guard let value = position[key]?.stringValue else { throw PageRequest.invalidCursor }
        return value
    }

    public func positionDouble(_ key: String) throws(APIError) -> Double? {
        guard let position else { return nil }
        switch position[key] {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: throw PageRequest.invalidCursor
        }
    }

    /// Builds `{results, next}` from rows fetched with `LIMIT limit + 1`: the extra row only says
    /// that another page exists; the next cursor starts after the last row shown.
    public func page<Row>(_ rows: [Row], position: (Row) -> [String: JSON], render: (Row) throws -> JSON) rethrows -> Response {
        try page(rows, position: position) { row, out in try render(row).write(into: &out) }
    }

    /// The same page, each row shown written straight into the body by `write`.
    public func page<Row>(_ rows: [Row], position: (Row) -> [String: JSON],
                          write: (Row, inout [UInt8]) throws -> Void) rethrows -> Response {
        let shown = rows.prefix(limit)
        var out: [UInt8] = []
        out.reserveCapacity(64 + shown.count * 256)
        // `JSON`'s key order: next, then results.
        out.append(contentsOf: #"{"next":"#.utf8)
        if rows.count > limit, let last = shown.last {
            JSON.writeString(nextPath(cursor: encode(position(last))), into: &out)
        } else {
            out.append(contentsOf: JSON.nullBytes)
        }
        out.append(contentsOf: #","results":["#.utf8)
        var first = true
        for row in shown {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            try write(row, &out)
        }
        out.append(contentsOf: "]}".utf8)
        return Response(status: 200, headers: [("Content-Type", Response.jsonContentType)], body: out)
    }

    static let invalidCursor = APIError.validation(field: "cursor", "Invalid cursor.")

    func encode(_ position: [String: JSON]) -> String {
        let payload = JSON.object(position).serialized()
        let mac = signer.mac(Array(request.route.utf8) + [0x0A] + payload)
        return Base64URL.encode(payload) + "." + Base64URL.encode(mac.prefix(16))
    }

    static func decode(_ cursor: String, scope: String, signer: any CursorSigner) throws(APIError) -> [String: JSON] {
        let parts = cursor.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64URL.decode(parts[0]), let mac = Base64URL.decode(parts[1]),
            mac.count == 16
        else { throw invalidCursor }
        let expected = Array(signer.mac(Array(scope.utf8) + [0x0A] + payload).prefix(16))
        guard signer.equal(expected, mac) else { throw invalidCursor }
        guard case .object(let position)? = try? JSON.parse(payload) else { throw invalidCursor }
        return position
    }

    /// The same path and filters, with the new cursor, then `limit`.
    func nextPath(cursor: String) -> String {
        var items: [String] = []
        for (name, value) in request.query.pairs where name != "cursor" && name != "limit" {
            items.append(PercentEncoding.encode(name) + "=" + PercentEncoding.encode(value))
        }
        items.append("cursor=" + cursor)
        items.append("limit=\(limit)")
        return request.path + "?" + items.joined(separator: "&")
    }
}
