import AgoraCore
import Testing
@testable import AgoraPostgres

/// Connection failures that need no running server.
struct PostgresConnectionOfflineTests {
    @Test func query_ThrowsServiceUnavailable_WhenServerIsUnreachable() throws {
        let db = PostgresConnection(url: "postgresql://agora:s3cret-pw@127.0.0.1:1/agora")
        for _ in 0..<2 {
            let error = #expect(throws: PostgresError.self) { try db.query(text: "SELECT 1") }
            #expect(error?.code == .connectionFailed)
            #expect(error?.apiError == .serviceUnavailable(retryAfter: 2))
            #expect(error?.description.contains("s3cret-pw") == false)
            #expect(!db.isConnected)
        }
    }

    @Test func query_ThrowsWithoutEchoingTheURL_WhenURLIsInvalid() {
        let db = PostgresConnection(url: "postgresql://agora:pa%zzss@127.0.0.1/agora")
        let error = #expect(throws: PostgresError.self) { try db.query(text: "SELECT 1") }
        #expect(error?.code == .connectionFailed)
        #expect(error?.description.contains("pa%zz") == false)
    }
}
