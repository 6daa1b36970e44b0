import AgoraCore
import AgoraCrypto
import AgoraPostgres
import AgoraRuntime

/// The real-time stream of a chat: a participant gets a 60-second stream token for that chat,
/// then subscribes at `/api/chats/{id}/stream/?token=`, which nginx (nchan) serves after asking
/// `authorize` whether the subscriber may connect.
enum StreamHandlers {
    /// `{token, expires_in}`: a `typ=stream` JWT for this chat and this caller's session.
    static func token(_ request: Request, _ context: Context) throws -> Response {
        let chat = try request.id()
        let caller = try ChatHandlers.requireParticipant(chat, context)
        let issued = context.tokens.issue(.stream, userID: caller.id, sessionID: caller.sessionID,
                                          extra: ["chat": .int(chat)])
        return .json(["token": .string(issued.token), "expires_in": .int(TokenService.streamLifetime)])
    }

    /// A new subscriber (nginx sends only SSE and WebSocket requests here): 401 for a missing,
    /// bad, expired or other chat's token or an ended login session, 403 for a user who does not
    /// (or no longer) take part, 400 for what nchan would refuse; else nginx's internal redirect
    /// to the subscriber location on the chat's channel and the session's (see `RealTime`).
    static func authorize(_ request: Request, _ context: Context) throws -> Response {
        let chat = try request.id()
        guard let token = request.query["token"], !token.isEmpty else { throw APIError.notAuthenticated }
        let claims = try context.tokens.verify(token, expecting: .stream)
        guard claims.extra["chat"]?.intValue == chat, let user = PathID.parse(claims.sub), let session = claims.sid else {
            throw APIError.tokenInvalid("The token is not for this chat.")
        }
        guard let row = try context.db.query("""
            SELECT EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = \(chat) AND p.user_id = \(user)) \
            FROM auth_sessions s WHERE s.id = \(session) AND s.user_id = \(user) AND s.ended_at IS NULL
            """).first else { throw APIError.tokenInvalid("The session has ended.") }
        guard try row.decode(Bool.self) else {
            throw APIError.forbidden("You are not a participant of this chat.")
        }
        try RealTime.checkSubscriber(request)
        return try RealTime.subscribe(to: Chat.channel(chat), session: session)
    }
}
