import AgoraCourses
import AgoraRuntime

FunctionMain.run(CoursesFunction.self)
