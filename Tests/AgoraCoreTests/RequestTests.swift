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
