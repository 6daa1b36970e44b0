import AgoraHealth
import AgoraRuntime

FunctionMain.run(HealthFunction.self)
