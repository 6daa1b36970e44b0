public import AgoraCore

/// The claims Agora puts in every token, plus any extra ones (such as `chat` in a stream token).
public struct JWTClaims: Sendable, Equatable {
    /// The subject: the user id as a string.
    public var sub: String
    /// What the token may be used for.
    public var typ: TokenType
    /// The login session the token belongs to.
    public var sid: String?
    /// A unique id for this token.
    public var jti: String
    /// Issued at, unix seconds.
    public var iat: Int64
    /// Expires at, unix seconds; the token is refused from this second on.
    public var exp: Int64
    /// The issuer.
    public var iss: String
    /// Other claims. Entries named like a registered claim above are ignored when signing.
    public var extra: [String: JSON]

    /// Creates claims from their parts.
    public init(
        sub: String, typ: TokenType, sid: String?, jti: String, iat: Int64, exp: Int64, iss: String,
        extra: [String: JSON] = [:]
    ) {
        self.sub = sub
        self.typ = typ
        self.sid = sid
        self.jti = jti
        self.iat = iat
        self.exp = exp
        self.iss = iss
        self.extra = extra
    }
}

extension JWTClaims {
    static let registeredNames: Set<String> = ["sub", "typ", "sid", "jti", "iat", "exp", "iss"]

    /// The payload object; registered claims win over extras of the same name.
    var json: JSON {
        var members = extra
        members["sub"] = .string(sub)
        members["typ"] = .string(typ.rawValue)
        members["sid"] = sid.map { .string($0) }
        members["jti"] = .string(jti)
        members["iat"] = .int(iat)
        members["exp"] = .int(exp)
        members["iss"] = .string(iss)
        return .object(members)
    }

    /// Reads a payload object, checking the type of every registered claim.
    init(json: JSON) throws(JWTError) {
        guard let members = json.objectValue,
              let sub = members["sub"]?.stringValue,
              let typName = members["typ"]?.stringValue,
              let jti = members["jti"]?.stringValue,
              let iat = members["iat"]?.intValue,
              let exp = members["exp"]?.intValue,
              let iss = members["iss"]?.stringValue
        else { throw .invalidClaims }
        guard let typ = TokenType(rawValue: typName) else { throw .wrongType }
        var sid: String?
        if let value = members["sid"] {
            guard let string = value.stringValue else { throw .invalidClaims }
            sid = string
        }
        self.init(
            sub: sub, typ: typ, sid: sid, jti: jti, iat: iat, exp: exp, iss: iss,
            extra: members.filter { !Self.registeredNames.contains($0.key) })
    }
}
