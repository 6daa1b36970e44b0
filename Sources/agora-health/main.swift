import AgoraHealth
import AgoraRuntime

FunctionMain.run("health", routes: HealthRoutes.register)
