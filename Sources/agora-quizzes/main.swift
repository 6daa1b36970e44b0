import AgoraQuizzes
import AgoraRuntime

FunctionMain.run(QuizzesFunction.self)
