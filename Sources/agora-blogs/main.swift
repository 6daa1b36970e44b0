import AgoraBlogs
import AgoraRuntime

FunctionMain.run("blogs", routes: BlogsRoutes.register)
