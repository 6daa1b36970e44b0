import AgoraCore
import Testing

@testable import AgoraRunner

@Suite struct StatusTableTests {
    @Test func table_ShowsOneRowPerFunction_AndOneLinePerWorker() throws {
        let status = try JSON.parse("""
            {"pid":12,"state":"running","uptime_s":3.5,"reloads":1,"functions":{
              "health":{"mode":"static","state":"running","idle":0,"busy":1,"starting":0,"stopping":0,"total":1,
                "accepted_requests":7,"listen_queue":2,"max_children_reached":1,"slow_requests":0,"restarts":3,
                "recycles":0,"timeouts":0,
                "workers":[{"pid":99,"state":"busy","requests":6,"rss_kb":2048,"uptime_s":1.5,
                            "method":"GET","route":"/api/health/","request_ms":40}]}}}
            """)
        let lines = StatusTable.render(status).split(separator: "\n").map(String.init)
        #expect(lines[0] == "runner pid 12, running, up 3.5 s, reloads 1")
        #expect(lines[1].hasPrefix("FUNCTION  MODE    STATE  "))
        #expect(lines[2].split(separator: " ") == ["health", "static", "running", "0", "1", "0", "0", "1", "7", "2", "1", "0", "3", "0", "0"])
        #expect(lines[3] == "    pid 99 busy requests 6 rss 2048 kB up 1.5 s  GET /api/health/ 40 ms")
    }
}
