/// The verified caller of a request: who they are and whether they are an admin.
public struct Caller: Sendable, Equatable {
    public let id: Int64
    public let username: String
    public let isAdmin: Bool
    /// The login session the access token belongs to.
    public let sessionID: String

    public init(id: Int64, username: String, isAdmin: Bool, sessionID: String) {
        self.id = id
        self.username = username
        self.isAdmin = isAdmin
        self.sessionID = sessionID
    }

    /// `{id, username}`, the public form of a user inside other objects.
    public var publicJSON: JSON { PublicUser(id: id, username: username).json }

    /// The owner-or-admin rule: the owner of a resource or an admin may change it.
    public func mayChange(ownedBy ownerID: Int64) -> Bool { isAdmin || ownerID == id }

    /// Throws 403 unless the caller owns the resource or is an admin.
    public func requireOwnerOrAdmin(_ ownerID: Int64) throws(APIError) {
        guard mayChange(ownedBy: ownerID) else { throw APIError.forbidden() }
    }

    public func requireAdmin() throws(APIError) {
        guard isAdmin else { throw APIError.forbidden() }
    }
}

/// A user as others see them: `{id, username}`.
public struct PublicUser: Sendable, Equatable, JSONObjectWritable {
    public let id: Int64
    public let username: String

    public init(id: Int64, username: String) {
        self.id = id
        self.username = username
    }

    public func writeMembers(to object: inout JSONObjectWriter) {
        object.member("id", id)
        object.member("username", username)
    }

    /// The same object as a tree, built directly (lists of other records nest it).
    public var json: JSON { ["id": .int(id), "username": .string(username)] }
}
