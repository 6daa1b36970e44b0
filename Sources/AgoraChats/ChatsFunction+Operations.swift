import AgoraCore
import AgoraRuntime

/// The OpenAPI words of every chats operation (what the route declarations do not say).
extension ChatsFunction {
    static let notParticipant = ErrorDoc(404, "No such chat, or the caller does not take part in it.")

    enum Chats {
        static let id = ParameterDoc.path("id", "The chat's id.")

        static let list = OperationDoc(
            "chats_list", "List all chats",
            description: "The caller's chats, most recent activity first (the last message, else the chat's creation), "
                + "cursor-paginated. Without `archived`, every chat of the caller.",
            parameters: ParameterDoc.pagination + [
                .query("archived", "`true`: only the chats the caller archived; `false`: only the others. An empty "
                       + "value is no filter; anything else is 400.",
                       schema: ["type": "string", "enum": ["true", "false", ""]]),
            ],
            responses: [.json(200, "One page of the caller's chats.", Schema.page(of: Schema.ref("Chat")),
                              example: ["results": [Chat.example], "next": .null])],
            errors: [ErrorDoc(400, "`limit` is not an integer in 1-100, `archived` is not `true` or `false`, or the "
                              + "cursor was edited (`validation_failed` on that parameter).")])

        static let create = OperationDoc(
            "chats_create", "Create a new chat",
            description: "The caller is added automatically and becomes `created_by`. Participants are de-duplicated; "
                + "every one must be an existing user, and at least one must be someone other than the caller.",
            body: Chat.body, bodyDescription: "`id`, `created_by`, `created_at`, `last_message_at` and `archived` are "
                + "ignored when sent.",
            bodyExample: ["participants": [7, 9], "title": "Project Atlas"],
            responses: [.json(201, "The new chat.", Schema.ref("Chat"),
                              example: Chat.example.with("last_message_at", .null))],
            errors: [ErrorDoc(400, "A field is invalid: `participants` names a user that does not exist, names no one "
                              + "but the caller, or makes more than 50 participants with the caller.",
                              fields: ["participants": ["No such user: 99."]])])

        static let retrieve = OperationDoc(
            "chats_retrieve", "Retrieve a specific chat", parameters: [id],
            responses: [.json(200, "The chat.", Schema.ref("Chat"), example: Chat.example)],
            errors: [notParticipant])

        static let destroy = OperationDoc(
            "chats_destroy", "Delete a specific chat",
            description: "Its creator or an admin (an admin need not take part). Deletes its messages and reactions and "
                + "closes its real-time streams.",
            parameters: [id], responses: [.noContent("The chat and its messages are deleted.")],
            errors: [ErrorDoc(403, "The caller takes part in the chat but did not create it and is no admin."),
                     ErrorDoc(404, "No such chat, or the caller neither takes part in it nor is an admin.")])

        static func archive(_ on: Bool) -> OperationDoc {
            OperationDoc(
                on ? "chats_archive_create" : "chats_archive_destroy",
                on ? "Archive a specific chat" : "Unarchive a chat",
                description: (on ? "Archives the chat for the caller only" : "Unarchives the chat for the caller only")
                    + "; idempotent. A new message does not unarchive a chat.",
                parameters: [id],
                responses: [.json(200, "The chat, with the caller's `archived`.", Schema.ref("Chat"),
                                  example: Chat.example.with("archived", .bool(on)))],
                errors: [notParticipant])
        }
    }

    enum Stream {
        static let token = OperationDoc(
            "chats_stream_token_create", "Get a 60-second token for the chat's stream",
            description: "A `typ=stream` JWT for this chat and the caller's login session, valid 60 seconds, to open "
                + "`GET /api/chats/{id}/stream/?token=` (browsers cannot set headers on EventSource or WebSocket, and "
                + "long-lived tokens never go into a URL). It opens streams for 60 seconds; a reconnect after that "
                + "needs a new one. An open stream lasts as long as the login session it was issued in: logging out, "
                + "changing the password or deleting the account closes it. A request body, if any, is ignored.",
            parameters: [Chats.id],
            responses: [.json(200, "The token.", Schema.ref("StreamToken"))],
            errors: [notParticipant])

        static let eventExample = """
            event: message.created
            id: 1796071145:0
            data: {"event":"message.created","data":{"id":982,"chat_id":12,"sender":{"id":7,"username":"alice"},"content":"On my way","created_at":"2026-11-29T10:21:07.001Z","reactions":{}}}

            """

        static let eventSchema = Schema.object([
            ("event", ["type": "string", "enum": ["message.created", "message.deleted", "reaction.updated"]]),
            ("data", Schema.describe(Schema.ref("Message"), "The message as the REST API shows it, without the "
                                     + "per-user `my_reactions` (every participant receives the same event); for "
                                     + "`message.deleted`, as it was; for `reaction.updated`, with its new counts.")),
        ], description: "One real-time event: one SSE message (its `event:` line the same name) or one WebSocket text "
                        + "frame.")

        static let subscribe = OperationDoc(
            "chats_stream_retrieve", "Real-time events of a chat (SSE, WebSocket)",
            description: "Server-Sent Events (`Accept: text/event-stream`) and WebSocket on the same URL: the chats "
                + "function checks the token, then the gateway (nginx's nchan module) holds the stream. Events: "
                + "`message.created`, `message.deleted`, `reaction.updated`, each sent only after its change "
                + "committed; events of concurrent changes may arrive in either order, each with the message as it "
                + "was when published. Each SSE message has an `id:`; a client that reconnects with `Last-Event-ID` "
                + "gets what it missed (up to the last 200 events of the last 5 minutes), and `GET "
                + ".../messages/?after=<id>` catches up on anything older. Deleting the chat, or ending the login "
                + "session the token was issued in, closes the stream. The token is `?token=` from `POST "
                + "/api/chats/{id}/stream-token/`, never an access token.",
            parameters: [Chats.id,
                         .query("token", "The stream token for this chat (60 seconds).", required: true,
                                schema: ["type": "string"])],
            responses: [.eventStream("The stream of events (data: `ChatEvent` JSON).", Schema.ref("ChatEvent"),
                                     example: eventExample)],
            errors: [ErrorDoc(400, "The request is neither Server-Sent Events (`Accept: text/event-stream`) nor a "
                              + "WebSocket upgrade, a WebSocket upgrade has no valid key or another version than 13, or "
                              + "`Last-Event-ID` is not an event id of this stream (`validation_failed`)."),
                     ErrorDoc(401, "No token (`not_authenticated`), or a token that is malformed, expired, of another "
                              + "type, for another chat or of an ended session (`token_invalid`, `token_expired`)."),
                     ErrorDoc(403, "The token's user does not (or no longer) take part in the chat.")])
    }

    enum Messages {
        static let chat = ParameterDoc.path("chat_id", "The chat's id.")
        static let id = ParameterDoc.path("id", "The message's id.")
        static let notFound = ErrorDoc(404, "No such chat or message in it, or the caller does not take part in the chat.")

        static let list = OperationDoc(
            "chats_messages_list", "List all messages in a chat",
            description: "Newest first, cursor-paginated. With `after`, the messages newer than that id, oldest first "
                + "(catch-up after a reconnect). `reactions` and `my_reactions` come with each message.",
            parameters: [chat] + ParameterDoc.pagination + [
                .query("after", "Only messages with a greater id, oldest first. An empty value is no filter; anything "
                       + "but a positive integer is 400.", schema: QueryParameters.idSchema),
            ],
            responses: [.json(200, "One page of messages.", Schema.page(of: Schema.ref("Message")),
                              example: ["results": [Message.example()], "next": .null])],
            errors: [ErrorDoc(400, "`limit` is not an integer in 1-100, `after` is not a positive integer, or the "
                              + "cursor was edited (`validation_failed` on that parameter)."), notFound])

        static let create = OperationDoc(
            "chats_messages_create", "Send a new message in a chat",
            description: "Any participant. Updates the chat's `last_message_at` in the same transaction, and sends "
                + "`message.created` to the chat's stream after it commits (a stream that cannot be reached never "
                + "fails the request: `?after=` catches up).",
            parameters: [chat], body: Message.body,
            bodyDescription: "`id`, `chat_id`, `sender`, `created_at` and the reactions are ignored when sent.",
            bodyExample: ["content": "See you at 10?"],
            responses: [.json(201, "The new message.", Schema.ref("Message"),
                              example: Message.example(reactions: [:], mine: []))],
            errors: [notFound])

        static let retrieve = OperationDoc(
            "chats_messages_retrieve", "Retrieve a specific message", parameters: [chat, id],
            responses: [.json(200, "The message.", Schema.ref("Message"), example: Message.example())],
            errors: [notFound])

        static let destroy = OperationDoc(
            "chats_messages_destroy", "Delete a specific message",
            description: "Its sender or an admin (an admin need not take part). The message and its reactions are gone "
                + "(no tombstone); `message.deleted` goes to the chat's stream.",
            parameters: [chat, id], responses: [.noContent("The message is deleted.")],
            errors: [ErrorDoc(403, "The caller takes part in the chat but did not send the message and is no admin."),
                     ErrorDoc(404, "No such chat or message in it, or the caller neither takes part in the chat nor is "
                              + "an admin.")])

        static func react(_ add: Bool) -> OperationDoc {
            OperationDoc(
                add ? "chats_messages_react_create" : "chats_messages_react_destroy",
                add ? "React to a specific message" : "Remove a reaction",
                description: (add ? "Adds the caller's reaction" : "Removes the caller's reaction `emoji`")
                    + ". Idempotent: " + (add ? "reacting twice with the same emoji" : "removing a reaction that is not there")
                    + " is 200 with the message unchanged. A change sends `reaction.updated` to the chat's stream.",
                parameters: add ? [chat, id] : [chat, id, .query("emoji", "The emoji to remove (URL-encoded).",
                                                                 required: true, schema: ["type": "string", "minLength": 1])],
                body: add ? Message.reactionBody : nil,
                bodyExample: add ? ["emoji": "👍"] : nil,
                responses: [.json(200, "The message with its reactions.", Schema.ref("Message"), example: Message.example())],
                errors: [notFound] + (add ? [] : [ErrorDoc(400, "`emoji` is missing or is not exactly one emoji.")]))
        }
    }
}

extension JSON {
    /// This object with one member set (examples that differ from another by one field).
    func with(_ key: String, _ value: JSON) -> JSON {
        guard case .object(var members) = self else { return self }
        members[key] = value
        return .object(members)
    }
}
