/*
 * The write ceiling of the chats function: a minimal FastCGI responder in C on libfcgi that does,
 * per request, what POST /api/chats/{id}/messages/ commits: the INSERT of the message and the
 * UPDATE of the chat's activity (and of its participants' list order), as one prepared statement
 * (one transaction, durable commit), and answers the new row as JSON. It reads no body and checks
 * no token: what is left is the database's and the transport's share.
 *
 *   c_message_responder SOCKET_PATH WORKERS     (DATABASE_URL from the environment)
 *
 * POST ...?chat=C&sender=S answers 201 {"id":..,"chat_id":C,...}; 404 when S is not in chat C.
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

static const char *statement =
    "WITH m AS (INSERT INTO messages (chat_id, sender_id, content) "
    "           SELECT $1, $2, $3 WHERE EXISTS "
    "           (SELECT 1 FROM chat_participants WHERE chat_id = $1 AND user_id = $2) "
    "           RETURNING id, chat_id, sender_id, content, created_at), "
    "c AS (UPDATE chats SET last_message_at = greatest(chats.last_message_at, m.created_at) FROM m "
    "      WHERE chats.id = m.chat_id), "
    "p AS (UPDATE chat_participants SET activity_at = greatest(chat_participants.activity_at, m.created_at) "
    "      FROM m WHERE chat_participants.chat_id = m.chat_id) "
    "SELECT m.id, m.chat_id, su.id, su.username, m.content, "
    "to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
    "FROM m JOIN users su ON su.id = m.sender_id";

static void param(const char *query, const char *name, char *out, size_t size) {
    size_t n = strlen(name);
    out[0] = '0'; out[1] = 0;
    for (const char *p = query; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
        if (strncmp(p, name, n) == 0 && p[n] == '=') {
            size_t i = 0;
            for (p += n + 1; *p && *p != '&' && i + 1 < size; p++) out[i++] = *p;
            out[i] = 0;
            return;
        }
    }
}

static int serve(int listen_fd, const char *url) {
    PGconn *db = PQconnectdb(url);
    if (PQstatus(db) != CONNECTION_OK) { fprintf(stderr, "%s", PQerrorMessage(db)); return 1; }
    PQclear(PQprepare(db, "send", statement, 3, NULL));
    FCGX_Request request;
    FCGX_InitRequest(&request, listen_fd, 0);
    char chat[24], sender[24];
    while (FCGX_Accept_r(&request) >= 0) {
        const char *query = FCGX_GetParam("QUERY_STRING", request.envp);
        param(query, "chat", chat, sizeof chat);
        param(query, "sender", sender, sizeof sender);
        const char *params[3] = {chat, sender, "A benchmark message, about as long as a chat line."};
        PGresult *res = PQexecPrepared(db, "send", 3, params, NULL, NULL, 0);
        if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
            FCGX_FPrintF(request.out, "Status: 201 Created\r\nContent-Type: application/json; charset=utf-8\r\n\r\n");
            FCGX_FPrintF(request.out,
                "{\"id\":%s,\"chat_id\":%s,\"sender\":{\"id\":%s,\"username\":\"%s\"},\"content\":\"%s\","
                "\"created_at\":\"%s\",\"reactions\":{},\"my_reactions\":[]}",
                PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3),
                PQgetvalue(res, 0, 4), PQgetvalue(res, 0, 5));
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
