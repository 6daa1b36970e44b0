import AgoraForums
import AgoraRuntime

FunctionMain.run("forums", routes: ForumsRoutes.register)
