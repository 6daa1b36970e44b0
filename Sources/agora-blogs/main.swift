import AgoraBlogs
import AgoraRuntime

FunctionMain.run(BlogsFunction.self)
