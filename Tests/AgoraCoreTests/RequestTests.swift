import Testing
@testable import AgoraCore

struct RequestTests {
    @Test(arguments: [("abc-123_.:X", true), ("", false), (String(repeating: "a", count: 128), true),
                      (String(repeating: "a", count: 129), false), ("has space", false), ("é", false), ("a/b", false)])
    func requestID_IsKept_OnlyWhenSane(value: String, sane: Bool) {
        #expect(RequestID.isSane(value) == sane)
        #expect((RequestID.resolve(client: value, proxy: nil) == value) == sane)
    }

    @Test func requestID_FallsBackToProxy_ThenGenerates() {
        #expect(RequestID.resolve(client: "bad id", proxy: "abc") == "abc")
        let generated = RequestID.resolve(client: nil, proxy: nil)
        #expect(generated.utf8.count == 32)
        #expect(RequestID.isSane(generated))
    }

    @Test func fromCGI_CopiesMethodPathQueryHeaders() {
        let request = Request.fromCGI([
            "REQUEST_METHOD": "post", "DOCUMENT_URI": "/api/blogs/", "QUERY_STRING": "a=1&b=x+y%21",
            "CONTENT_TYPE": "application/json", "HTTP_AUTHORIZATION": "Bearer t0k", "HTTP_X_REQUEST_ID": "rid",
            "REQUEST_ID": "nginx",
        ], body: Array("{}".utf8))
        #expect(request.method == "POST")
        #expect(request.path == "/api/blogs/")
        #expect(request.query["b"] == "x y!")
        #expect(request.headers["Authorization"] == "Bearer t0k")
        #expect(request.bearerToken == "t0k")
        #expect(request.requestID == "rid")
        #expect(request.contentType == "application/json")
    }

    @Test func bearerToken_IsNil_ForOtherSchemes_AndEmpty_ForABareBearer() {
        var request = Request(method: "GET", path: "/")
        #expect(request.bearerToken == nil)
        request.headers["authorization"] = "Basic abc"
        #expect(request.bearerToken == nil)
        request.headers["authorization"] = "Bearer"
        #expect(request.bearerToken == "")
        request.headers["authorization"] = "bearer  t0k "
        #expect(request.bearerToken == "t0k")
    }

    func post(_ body: String, type: String? = "application/json") -> Request {
        var headers = Headers()
        if let type { headers["content-type"] = type }
        return Request(method: "POST", path: "/", headers: headers, body: Array(body.utf8))
    }

    @Test func jsonObject_EmptyBodyIsEmptyObject() throws {
        #expect(try post("", type: nil).jsonObject().isEmpty)
    }

    @Test func jsonObject_Errors() {
        #expect(throws: APIError.unsupportedMediaType()) { try post("{}", type: "text/plain").jsonObject() }
        #expect(throws: APIError.invalidJSON("JSON parse error: the body is not valid JSON.")) { try post("{").jsonObject() }
        #expect(throws: APIError.invalidJSON("The body must be a JSON object.")) { try post("[1]").jsonObject() }
        let big = "{\"a\":\"" + String(repeating: "x", count: 1 << 20) + "\"}"
        #expect(throws: APIError.payloadTooLarge) { try post(big).jsonObject() }
    }

    @Test func jsonObject_AcceptsCharsetParameter() throws {
        #expect(try post("{\"a\":1}", type: "Application/JSON; charset=utf-8").jsonObject()["a"] == 1)
    }
}

/// The transports build requests one parameter at a time from bytes.
struct CGIRequestBuilderTests {
    func build(_ pairs: [(String, String)], body: [UInt8] = []) -> (CGIRequestBuilder, Request) {
        var builder = CGIRequestBuilder()
        for (name, value) in pairs {
            var name = name, value = value
            name.withUTF8 { n in value.withUTF8 { v in builder.add(name: n, value: v) } }
        }
        return (builder, builder.request(body: body))
    }

    @Test func builder_ReadsWhatARequestIsMadeOf_AndSkipsTheRest() {
        let (builder, request) = build([
            ("SCRIPT_FILENAME", "/x"), ("QUERY_STRING", "a=1"), ("REQUEST_METHOD", "get"), ("CONTENT_TYPE", "application/json"),
            ("CONTENT_LENGTH", "12"), ("DOCUMENT_URI", "/raw/"), ("DOCUMENT_URI", "/api/blogs/"), ("SERVER_SOFTWARE", "nginx"),
            ("HTTP_AUTHORIZATION", "Bearer t"), ("HTTP_X_FORWARDED_FOR", "1.2.3.4"), ("HTTP_", "none"), ("HTTPS", "on"),
            ("REMOTE_ADDR", "127.0.0.1"), ("REQUEST_ID", "proxy-id"), ("REQUEST_BODY_FILE", ""), ("AGORA_AUTH_ONLY", "1"),
        ])
        #expect(request.method == "GET" && request.path == "/api/blogs/" && request.queryString == "a=1")
        #expect(request.headers["authorization"] == "Bearer t" && request.headers["X-Forwarded-For"] == "1.2.3.4")
        #expect(request.headers["content-type"] == "application/json" && request.headers["content-length"] == "12")
        #expect(Array(request.headers).count == 4)  // no header from HTTPS, HTTP_ or the server's variables
        #expect(request.requestID == "proxy-id" && request.remoteAddress == "127.0.0.1" && request.bodyFilePath == nil)
        #expect(builder.authOnly && builder.declaredLength == 12 && builder.bodyFile == nil)
    }

    @Test func builder_FallsBackToTheRawURI_AndAgreesWithTheDictionaryForm() {
        let pairs = [("REQUEST_URI", "/api/blogs/?x=1"), ("HTTP_X_REQUEST_ID", "client-id"), ("REQUEST_BODY_FILE", "/tmp/b"),
                     ("AGORA_AUTH_ONLY", "0"), ("CONTENT_LENGTH", "x")]
        let (builder, request) = build(pairs)
        #expect(request.path == "/api/blogs/" && request.method == "GET" && request.requestID == "client-id")
        #expect(request.bodyFilePath == "/tmp/b" && !builder.authOnly && builder.declaredLength == 0)
        let fromDictionary = Request.fromCGI(Dictionary(uniqueKeysWithValues: pairs), body: [])
        #expect(fromDictionary.path == request.path && fromDictionary.requestID == request.requestID
                && fromDictionary.bodyFilePath == request.bodyFilePath)
    }

    @Test func headers_AreCaseInsensitive_Replaced_AndRemoved() {
        var headers = Headers()
        headers["X-Thing"] = "1"
        headers["x-THING"] = "2"
        #expect(headers["X-THING"] == "2" && Array(headers).count == 1 && Array(headers)[0].key == "x-thing")
        headers["x-thing"] = nil
        #expect(headers["x-thing"] == nil && Array(headers).isEmpty)
        #expect(!Headers.same("x-thinh", "X-THING") && !Headers.same("x-thin", "X-THING"))
    }

    @Test func cgiBytes_WriteStatusHeadersLengthAndBody() {
        let response = Response(status: 201, headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
        #expect(String(decoding: response.cgiBytes(), as: UTF8.self)
                == "Status: 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        #expect(String(decoding: Response(status: 204).cgiBytes(), as: UTF8.self) == "Status: 204 No Content\r\n\r\n")
        var digits: [UInt8] = []
        for value in [0, 7, 10, 99, 100, 123_456_789, Int.max] {
            digits.removeAll()
            Response.appendDecimal(value, to: &digits)
            #expect(String(decoding: digits, as: UTF8.self) == String(value))
        }
    }
}

/// What the review of the byte-level request path found, kept found.
struct HeadersReviewTests {
    @Test func manyHeaders_AreAppendedInLinearTime_AndTheLastOfARepeatedNameCounts() {
        var builder = CGIRequestBuilder()
        func add(_ name: String, _ value: String) {
            var name = name, value = value
            name.withUTF8 { n in value.withUTF8 { v in builder.add(name: n, value: v) } }
        }
        let clock = ContinuousClock()
        let started = clock.now
        for index in 0..<20_000 { add("HTTP_X\(index)", "v") }
        add("HTTP_AUTHORIZATION", "Bearer first")
        add("HTTP_AUTHORIZATION", "Bearer last")
        let request = builder.request(body: [])
        // Quadratic appending (a scan for each) took seconds here; linear takes milliseconds.
        #expect(clock.now - started < .seconds(2))
        #expect(request.bearerToken == "last")
    }

    @Test func names_FoldASCIIOnly_SoAnyNameSetCanBeReadBack() {
        var headers = Headers()
        headers["Ä-X"] = "1"
        #expect(headers["Ä-X"] == "1" && headers["ä-x"] == nil && Array(headers).count == 1)
        headers["Ä-x"] = "2"
        #expect(headers["Ä-X"] == "2" && Array(headers).count == 1)
        #expect(Headers.lowercased("X-Thing") == "x-thing" && Headers.lowercased("ſ-K") == "ſ-k")
    }

    @Test func traceIDs_FromTooFewRandomBytes_StillValid() {
        let trace = TraceContext(header: nil, random: { _ in [] })
        #expect(trace.traceID == "01" && trace.spanID == "01")
    }
}
