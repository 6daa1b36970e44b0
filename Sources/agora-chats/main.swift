import AgoraChats
import AgoraRuntime

FunctionMain.run(ChatsFunction.self)
