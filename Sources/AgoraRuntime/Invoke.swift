import AgoraCore

#if canImport(Glibc)
import Glibc
#endif

/// Local invocation, like `sam local invoke`: an API Gateway v2 HTTP event in, the response as
/// `{statusCode, headers, body, isBase64Encoded}` on stdout, logs on stderr.
public enum Invoke {
    /// Exit status: 0 for a response, 1 for an unhandled failure (a 500), 2 for a bad event.
    static func run(worker: Worker, eventFile: String?) -> Int32 {
        let bytes: [UInt8]
        do {
            bytes = try eventFile.map(Posix.readFile) ?? Posix.readAll(fd: 0)
        } catch {
            FunctionMain.fail("invoke: cannot read the event: \(error)", code: 2)
        }
        let request: Request
        do {
            request = try event(JSON.parse(bytes))
        } catch {
            FunctionMain.fail("invoke: the event is not an API Gateway v2 HTTP event: \(error)", code: 2)
        }
        let response = worker.handle(request)
        worker.finished(response, aborted: false)
        print(result(response).text)
        return response.status == 500 ? 1 : 0
    }

    struct EventError: Error, CustomStringConvertible {
        let description: String
    }

    /// The request an API Gateway v2 HTTP event describes.
    public static func event(_ json: JSON) throws -> Request {
        guard let path = json["rawPath"]?.stringValue else { throw EventError(description: "rawPath missing") }
        guard let method = json["requestContext"]?["http"]?["method"]?.stringValue else {
            throw EventError(description: "requestContext.http.method missing")
        }
        var headers = Headers()
        for (name, value) in json["headers"]?.objectValue ?? [:] {
            guard let text = value.stringValue else { throw EventError(description: "header \(name) is not a string") }
            headers[name] = text
        }
        var body: [UInt8] = []
        if let text = json["body"]?.stringValue {
            if json["isBase64Encoded"]?.boolValue == true {
                guard let decoded = Base64.decode(text) else { throw EventError(description: "body is not base64") }
                body = decoded
            } else {
                body = Array(text.utf8)
            }
        }
        let requestID = RequestID.resolve(client: headers["x-request-id"], proxy: json["requestContext"]?["requestId"]?.stringValue)
        return Request(method: method, path: path, queryString: json["rawQueryString"]?.stringValue ?? "",
                       headers: headers, body: body, requestID: requestID)
    }

    static func result(_ response: Response) -> JSON {
        var headers: [String: JSON] = [:]
        for (name, value) in response.headers { headers[name] = .string(value) }
        let text = String(validating: response.body, as: UTF8.self)
        return [
            "statusCode": .int(Int64(response.status)),
            "headers": .object(headers),
            "body": .string(text ?? Base64.encode(response.body)),
            "isBase64Encoded": .bool(text == nil),
        ]
    }
}
