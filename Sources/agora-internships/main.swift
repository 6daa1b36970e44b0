import AgoraInternships
import AgoraRuntime

FunctionMain.run(InternshipsFunction.self)
