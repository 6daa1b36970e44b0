import AgoraJobs
import AgoraRuntime

FunctionMain.run(JobsFunction.self)
