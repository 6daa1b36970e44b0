import AgoraAuth
import AgoraRuntime

FunctionMain.run(AuthFunction.self)
