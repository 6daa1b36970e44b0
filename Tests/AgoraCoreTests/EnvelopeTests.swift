import Testing
@testable import AgoraCore

struct EnvelopeTests {
    @Test func envelope_HasExactlyTheContractShape() throws {
        let response = Response.error(.validation(["email": "Enter a valid email address."]), requestID: "req-1")
        #expect(response.status == 400)
        #expect(response.header("content-type") == "application/json; charset=utf-8")
        let body = try JSON.parse(response.body)
        let error = try #require(body["error"]?.objectValue)
        #expect(Set(error.keys) == ["status", "code", "message", "fields", "request_id"])
        #expect(error["status"] == 400)
        #expect(error["code"] == "validation_failed")
        #expect(error["fields"] == ["email": "Enter a valid email address."])
        #expect(error["request_id"] == "req-1")
    }

    @Test func envelope_OmitsFields_WhenNotAFieldError() throws {
        let body = try JSON.parse(Response.error(.notFound, requestID: "r").body)
        #expect(body["error"]?["fields"] == nil)
    }

    struct Secret: Error { let sql = "SELECT password FROM users" }

    @Test func unknownErrors_BecomeA500_WithoutDetail() throws {
        let error = APIError.from(Secret())
        #expect(error.status == 500)
        #expect(error.code == "internal_error")
        #expect(!Response.error(error, requestID: "r").bodyText.contains("SELECT"))
    }

    struct Convertible: APIErrorConvertible { var apiError: APIError { .conflict("taken") } }

    @Test func convertibleErrors_MapThemselves() {
        #expect(APIError.from(Convertible()).status == 409)
    }

    @Test func rateLimited_CarriesRetryAfter() {
        let response = Response.error(.rateLimited(retryAfter: 30), requestID: "r")
        #expect(response.header("Retry-After") == "30")
        #expect(response.status == 429)
    }

    @Test func cgiBytes_StartWithStatusLine() {
        let text = String(decoding: Response.json(["a": 1], status: 201).cgiBytes(), as: UTF8.self)
        #expect(text.hasPrefix("Status: 201 Created\r\n"))
        #expect(text.hasSuffix("\r\n\r\n{\"a\":1}"))
        #expect(text.contains("Content-Length: 7\r\n"))
    }
}
