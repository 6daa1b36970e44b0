/// What a descriptor in the poll set belongs to.
enum PollTarget {
    case control
    case status
    case metrics
    case metricsClient(Int32)
    case pipe(WorkerProcess, FunctionPool, Int)
    case socket(FunctionPool)
}
