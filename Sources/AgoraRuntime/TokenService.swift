public import AgoraCore
public import AgoraCrypto

/// The token lifetimes (access 15 minutes, refresh 7 days, stream 60 seconds) and the signer behind them.
public struct TokenService: Sendable {
    public static let accessLifetime: Int64 = 15 * 60
    public static let refreshLifetime: Int64 = 7 * 24 * 3600
    public static let streamLifetime: Int64 = 60

    public let signer: JWTSigner

    public init(signer: JWTSigner) { self.signer = signer }

    public func issue(_ type: TokenType, userID: Int64, sessionID: String?, extra: [String: JSON] = [:]) -> IssuedToken {
        let lifetime = switch type {
        case .access: TokenService.accessLifetime
        case .refresh: TokenService.refreshLifetime
        case .stream: TokenService.streamLifetime
        }
        return signer.issue(type: type, subject: String(userID), sessionID: sessionID, lifetime: lifetime, extra: extra)
    }

    public func verify(_ token: String, expecting type: TokenType) throws(APIError) -> JWTClaims {
        do {
            return try signer.verify(token, expecting: type)
        } catch {
            throw error.apiError
        }
    }
}
