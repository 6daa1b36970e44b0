public import AgoraCore
public import AgoraRuntime

/// The `chats` function: `/api/chats/...`, chats and their messages and reactions, visible only
/// to their participants (anyone else gets 404), with real-time delivery of every change through
/// nginx's nchan module.
public enum ChatsFunction: FunctionDefinition {
    public static let name = "chats"
    public static let summary = "Chats between users, their messages and reactions, and their real-time streams. "
        + "Everything of a chat is visible only to its participants: anyone else gets 404 (admins may delete any chat "
        + "or message, but reading stays with participants)."
    public static let schemas: [String: JSON] = [
        "Chat": Chat.schema,
        "Message": Message.schema,
        "StreamToken": Schema.object([("token", ["type": "string", "description": "A `typ=stream` JWT for this chat."]),
                                      ("expires_in", ["type": "integer", "const": 60,
                                                      "description": "Seconds the token stays valid."])],
                                     example: ["token": "eyJhbGciOiJIUzI1NiJ9.eyJ0eXAiOiJzdHJlYW0ifQ.c2ln", "expires_in": 60]),
        "ChatEvent": ChatsFunction.Stream.eventSchema,
    ]

    public static func routes(_ router: inout Router<Context>) {
        let chats = "/api/chats/"
        router.get(chats, auth: .required, Chats.list, ChatHandlers.list)
        router.post(chats, auth: .required, Chats.create, ChatHandlers.create)
        router.get(chats + "{id}/", auth: .required, Chats.retrieve, ChatHandlers.get)
        router.delete(chats + "{id}/", auth: .required, Chats.destroy, ChatHandlers.delete)
        router.post(chats + "{id}/archive/", auth: .required, Chats.archive(true), ChatHandlers.archive(true))
        router.delete(chats + "{id}/archive/", auth: .required, Chats.archive(false), ChatHandlers.archive(false))
        router.post(chats + "{id}/stream-token/", auth: .required, Stream.token, StreamHandlers.token)
        router.stream(chats + "{id}/stream/", channel: Chat.streamChannel, Stream.subscribe, authorize: StreamHandlers.authorize)

        let messages = chats + "{chat_id}/messages/"
        router.get(messages, auth: .required, Messages.list, MessageHandlers.list)
        router.post(messages, auth: .required, Messages.create, MessageHandlers.create)
        router.get(messages + "{id}/", auth: .required, Messages.retrieve, MessageHandlers.get)
        router.delete(messages + "{id}/", auth: .required, Messages.destroy, MessageHandlers.delete)
        router.post(messages + "{id}/react/", auth: .required, Messages.react(true), MessageHandlers.react(true))
        router.delete(messages + "{id}/react/", auth: .required, Messages.react(false), MessageHandlers.react(false))
    }
}
