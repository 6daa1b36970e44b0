/*
 * The ceiling of this design: a minimal FastCGI responder in C on libfcgi, doing one prepared
 * SELECT by primary key through libpq per request, behind the same nginx. bench/run.sh builds it
 * with `cc -O2 c_responder.c -lfcgi -lpq` and starts it with the same worker count as the Swift
 * function it is compared with.
 *
 *   c_responder SOCKET_PATH WORKERS     (DATABASE_URL from the environment)
 *
 * GET ...?id=N answers {"id":N,"title":...,"views":...} for blogs row N (404 when absent).
 */
#include "c_workers.h"
#include <fcgiapp.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void json_escape(FCGX_Stream *out, const char *s) {
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') FCGX_FPrintF(out, "\\%c", c);
        else if (c < 0x20) FCGX_FPrintF(out, "\\u%04x", c);
        else FCGX_PutChar(c, out);
    }
}

static int serve(int listen_fd, const char *url) {
    PGconn *db = PQconnectdb(url);
    if (PQstatus(db) != CONNECTION_OK) { fprintf(stderr, "%s", PQerrorMessage(db)); return 1; }
    PGresult *prep = PQprepare(db, "blog",
        "SELECT b.id, b.title, b.content, b.author_id, u.username, s.views, "
        "to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
        "FROM blogs b JOIN users u ON u.id = b.author_id JOIN blog_stats s ON s.blog_id = b.id WHERE b.id = $1", 1, NULL);
    PQclear(prep);
    FCGX_Request request;
    FCGX_InitRequest(&request, listen_fd, 0);
    while (FCGX_Accept_r(&request) >= 0) {
        const char *query = FCGX_GetParam("QUERY_STRING", request.envp);
        const char *id = (query && strncmp(query, "id=", 3) == 0) ? query + 3 : "1";
        const char *params[1] = {id};
        PGresult *res = PQexecPrepared(db, "blog", 1, params, NULL, NULL, 0);
        if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
            FCGX_FPrintF(request.out, "Status: 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n\r\n");
            FCGX_FPrintF(request.out, "{\"id\":%s,\"title\":\"", PQgetvalue(res, 0, 0));
            json_escape(request.out, PQgetvalue(res, 0, 1));
            FCGX_FPrintF(request.out, "\",\"content\":\"");
            json_escape(request.out, PQgetvalue(res, 0, 2));
            FCGX_FPrintF(request.out, "\",\"author\":{\"id\":%s,\"username\":\"", PQgetvalue(res, 0, 3));
            json_escape(request.out, PQgetvalue(res, 0, 4));
            FCGX_FPrintF(request.out, "\"},\"views\":%s,\"created_at\":\"%s\"}", PQgetvalue(res, 0, 5), PQgetvalue(res, 0, 6));
        } else {
            FCGX_FPrintF(request.out, "Status: 404 Not Found\r\nContent-Type: application/json\r\n\r\n{\"error\":{}}");
        }
        PQclear(res);
        FCGX_Finish_r(&request);
    }
    PQfinish(db);
    return 0;
}

int main(int argc, char **argv) { return run_workers(argc, argv, serve); }
