import Testing
@testable import AgoraCore

/// A test signer; production uses HMAC-SHA256 (AgoraCrypto).
struct XorSigner: CursorSigner {
    func mac(_ data: [UInt8]) -> [UInt8] {
        // FNV-1a over all the data, stretched to 32 bytes: every input byte changes every output byte.
        var out: [UInt8] = []
        for round in 0..<4 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 &+ UInt64(round)
            for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: hash >> UInt64(shift))) }
        }
        return out
    }
    func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool { a == b }
}

struct PaginationTests {
    func request(_ query: String, route: String = "/api/blogs/") -> Request {
        var request = Request(method: "GET", path: "/api/blogs/", queryString: query)
        request.route = route
        return request
    }

    @Test func limit_DefaultsTo20() throws {
        #expect(try PageRequest(request(""), signer: XorSigner()).limit == 20)
    }

    @Test(arguments: ["limit=0", "limit=101", "limit=abc", "limit=-1", "limit=1.5", "limit="])
    func limit_OutOfRange_Is400OnLimit(query: String) {
        #expect(throws: APIError.validation(field: "limit", "Ensure this value is an integer between 1 and 100.")) {
            try PageRequest(request(query), signer: XorSigner())
        }
    }

    @Test func nextCursor_RoundTrips_AndKeepsFilters() throws {
        let page = try PageRequest(request("author=3&limit=2"), signer: XorSigner())
        let response = page.page([5, 4, 3] as [Int64], position: { ["id": .int($0)] }, render: { .int($0) })
        let body = try JSON.parse(response.body)
        #expect(body["results"] == [5, 4])
        let next = try #require(body["next"]?.stringValue)
        #expect(next.hasPrefix("/api/blogs/?author=3&cursor="))
        #expect(next.hasSuffix("&limit=2"))
        let query = String(next.split(separator: "?")[1])
        let second = try PageRequest(request(query), signer: XorSigner())
        #expect(try second.positionInt("id") == 4)
    }

    @Test func lastPage_HasNullNext() throws {
        let page = try PageRequest(request("limit=5"), signer: XorSigner())
        let body = try JSON.parse(page.page([1, 2] as [Int64], position: { ["id": .int($0)] }, render: { .int($0) }).body)
        #expect(body["next"] == .null)
    }

    @Test func writtenPage_IsTheTreesBytes() throws {
        let page = try PageRequest(request("limit=2"), signer: XorSigner())
        let users = [PublicUser(id: 5, username: "e"), PublicUser(id: 4, username: "d"), PublicUser(id: 3, username: "c")]
        let written = page.page(users, position: { ["id": .int($0.id)] }, write: { $0.write(into: &$1) })
        let tree = page.page(users, position: { ["id": .int($0.id)] }, render: { $0.json })
        #expect(written.body == tree.body)
        let body = try JSON.parse(written.body)
        #expect(body["results"] == [["id": 5, "username": "e"], ["id": 4, "username": "d"]])
        #expect(body["next"]?.stringValue?.hasPrefix("/api/blogs/?cursor=") == true)
        #expect(written.header("content-type") == Response.jsonContentType)
        let empty = try PageRequest(request(""), signer: XorSigner()).page([PublicUser](), position: { _ in [:] },
                                                                            write: { $0.write(into: &$1) })
        #expect(empty.bodyText == #"{"next":null,"results":[]}"#)
    }

    @Test func tamperedCursor_Is400() throws {
        let page = try PageRequest(request("limit=1"), signer: XorSigner())
        let cursor = page.encode(["id": 10])
        let parts = cursor.split(separator: ".")
        let forged = Base64URL.encode(Array(#"{"id":999}"#.utf8)) + "." + parts[1]
        for bad in [forged, "garbage", cursor + "x", String(parts[0])] {
            #expect(throws: APIError.self) { try PageRequest(request("cursor=\(bad)"), signer: XorSigner()) }
        }
        // A cursor of another list is refused too.
        #expect(throws: APIError.self) {
            try PageRequest(request("cursor=\(cursor)", route: "/api/forums/"), signer: XorSigner())
        }
        #expect(try PageRequest(request("cursor=\(cursor)"), signer: XorSigner()).positionInt("id") == 10)
    }

    @Test func emptyCursor_IsTheFirstPage() throws {
        #expect(try PageRequest(request("cursor="), signer: XorSigner()).position == nil)
    }

    @Test func base64url_IsStrict() {
        #expect(Base64URL.decode(Base64URL.encode([1, 2, 3, 4])) == [1, 2, 3, 4])
        #expect(Base64URL.decode("AQ==") == nil)
        #expect(Base64URL.decode("AR") == nil)  // non-canonical trailing bits
        #expect(Base64.decode(Base64.encode(Array("hello".utf8))) == Array("hello".utf8))
        #expect(Base64.encode(Array("hi".utf8)) == "aGk=")
    }
}
