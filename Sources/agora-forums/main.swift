import AgoraForums
import AgoraRuntime

FunctionMain.run(ForumsFunction.self)
