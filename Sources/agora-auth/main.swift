import AgoraAuth
import AgoraRuntime

FunctionMain.run("auth", routes: AuthRoutes.register)
