import AgoraRuntime
import AgoraUsers

FunctionMain.run("users", routes: UsersRoutes.register)
