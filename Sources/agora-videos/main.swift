import AgoraRuntime
import AgoraVideos

FunctionMain.run(VideosFunction.self)
