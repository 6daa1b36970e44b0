public import AgoraCore

/// One function, declared once: its name in `functions.json`, its routes with their handlers
/// and documentation, and the schemas its documentation names. A module exports exactly one,
/// and its executable's `main.swift` is `FunctionMain.run(BlogsFunction.self)`.
///
/// nginx's locations, the route checks and the OpenAPI document are all read from the
/// executable (`agora-blogs routes`, `agora-blogs openapi`), so a route exists in one place.
public protocol FunctionDefinition {
    /// The key of `functions.json` and the executable's suffix (`agora-<name>`).
    static var name: String { get }
    /// One sentence for the OpenAPI tag.
    static var summary: String { get }
    /// Component schemas the operations refer to (`Schema.ref("Blog")`).
    static var schemas: [String: JSON] { get }
    static func routes(_ router: inout Router<Context>)
}

extension FunctionDefinition {
    public static var schemas: [String: JSON] { [:] }

    /// The route table.
    public static var router: Router<Context> {
        var router = Router<Context>()
        routes(&router)
        return router
    }

    /// This function's part of the OpenAPI document.
    public static var openAPIFragment: JSON {
        OpenAPIDocument.fragment(tag: name, description: summary, schemas: schemas,
                                 operations: router.routes.map { ($0.method, $0.template, $0.operation) })
    }
}
