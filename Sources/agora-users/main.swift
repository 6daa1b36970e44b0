import AgoraRuntime
import AgoraUsers

FunctionMain.run(UsersFunction.self)
