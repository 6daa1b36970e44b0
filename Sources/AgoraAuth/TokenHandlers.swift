import AgoraCore
import AgoraCrypto
import AgoraRuntime

/// `POST /api/auth/refresh/` and `POST /api/auth/logout/`: both take `{refresh}`.
enum TokenHandlers {
    static let body = RequestBody(Field.string("refresh", length: 1...4096))

    static func refreshClaims(_ request: Request, _ context: Context) throws -> JWTClaims {
        let token = try body.decode(request)
        return try context.tokens.verify(token, expecting: .refresh)
    }

    static func refresh(_ request: Request, _ context: Context) throws -> Response {
        let claims = try refreshClaims(request, context)
        return .json(.object(Sessions.tokensJSON(try Sessions.rotate(claims, context: context))))
    }

    /// Ends the token's session at once (its access tokens too); idempotent.
    static func logout(_ request: Request, _ context: Context) throws -> Response {
        let claims = try refreshClaims(request, context)
        guard let sessionID = claims.sid, let userID = PathID.parse(claims.sub) else { throw APIError.tokenInvalid() }
        try Sessions.end(sessionID: sessionID, userID: userID, reason: "logout", context: context)
        return .noContent
    }
}
