import AgoraCore
import AgoraFastCGI
import AgoraLogging
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The entry point every `agora-<function>` main.swift calls. The mode is chosen at start:
/// `invoke` (one event JSON from stdin or `--event FILE`), CGI (`GATEWAY_INTERFACE` set),
/// `--listen PATH` (FastCGI on a socket path, development), else FastCGI on fd 0.
public enum FunctionMain {
    public static func run<Function: FunctionDefinition>(_ function: Function.Type) -> Never {
        let name = Function.name
        let router = Function.router
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "routes" {
            printRoutes(router)
            exit(0)
        }
        if arguments.first == "openapi" {
            // `openapi --document`: a whole document of this function alone (deployed on its own).
            let fragment = Function.openAPIFragment
            guard arguments.dropFirst().first == "--document" else {
                print(fragment.text)
                exit(0)
            }
            do {
                print(try OpenAPIDocument.document([fragment]).text)
            } catch {
                fail("agora-\(name): \(error)", code: 70)
            }
            exit(0)
        }
        if arguments.first == "--help" || arguments.first == "-h" {
            print(usage(name))
            exit(0)
        }
        let environment = Posix.environment()
        do {
            try Privileges.drop(to: environment["AGORA_RUN_AS"])
        } catch {
            fail("agora-\(name): \(error)", code: 77)
        }
        let config: Config
        do {
            config = try Config.fromEnvironment(environment)
        } catch {
            fail("agora-\(name): \(error)", code: 78)
        }
        JSONLogHandler.bootstrap(level: config.logLevel, sink: LogSink.worker(environment: environment))
        let app = FunctionApp(name: name, router: router, config: config)
        let worker = Worker(app: app, status: StatusReporter(environment: environment),
                            scoreboard: WorkerScoreboard(environment: environment, routes: router.table))

        if arguments.first == "invoke" {
            var eventFile: String?
            if arguments.count >= 3, arguments[1] == "--event" { eventFile = arguments[2] }
            exit(Invoke.run(worker: worker, eventFile: eventFile))
        }
        if environment["GATEWAY_INTERFACE"] != nil {
            exit(CGI.run(worker: worker, environment: environment))
        }
        do {
            let server: FastCGIServer
            if arguments.count >= 2, arguments[0] == "--listen" {
                server = try FastCGIServer(listenPath: arguments[1])
            } else if arguments.isEmpty {
                server = try FastCGIServer()
            } else {
                fail(usage(name), code: 64)
            }
            var recycle = Recycle(environment: environment)
            worker.ready()
            server.serve(bodyLimit: Request.jsonBodyLimit, handle: { exchange in
                var request = exchange.request
                // Only nginx sets FastCGI parameters: a client cannot send this one.
                if exchange.authOnly { return worker.gate(request) }
                if exchange.bodyTooLarge {
                    return worker.reject(request: &request, APIError.payloadTooLarge)
                }
                return worker.handle(request)
            }, finished: { response, aborted in
                worker.finished(response, aborted: aborted)
                guard let reason = recycle.due(afterRequest: ()) else { return true }
                // Said before exiting, so the runner counts a recycle, not a crash.
                worker.status.exiting(reason: reason)
                return false
            })
            exit(0)
        } catch {
            fail("agora-\(name): \(error)", code: 70)
        }
    }

    static func usage(_ name: String) -> String {
        """
        usage: agora-\(name)                      FastCGI on the listening socket at fd 0 (under the runner)
               agora-\(name) --listen PATH        FastCGI on a unix socket path (development)
               agora-\(name) invoke [--event F]   one API Gateway v2 event from stdin (or F) to stdout
               agora-\(name) routes               the route table as JSON
               agora-\(name) openapi [--document]  this function's part of the OpenAPI document (or a whole one)
        CGI when GATEWAY_INTERFACE is set. Configuration: DATABASE_URL, JWT_SECRET, PUBLIC_BASE_URL,
        MEDIA_ROOT, VIDEO_MAX_BYTES, CLIENT_BODY_DIR, LOG_LEVEL.
        """
    }

    static func printRoutes(_ router: Router<Context>) {
        let table = router.routes.map { route in
            var entry: [String: JSON] = ["method": .string(route.method), "path": .string(route.template),
                                         "auth": .string(route.auth == .required ? "required" : "optional")]
            if let channel = route.stream { entry["stream"] = .string(channel) }
            if route.bodyInFile { entry["body"] = "file" }
            return JSON.object(entry)
        }
        print(JSON.array(table).text)
    }

    static func fail(_ message: String, code: Int32) -> Never {
        var line = Array((message + "\n").utf8)
        _ = line.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
        exit(code)
    }
}
