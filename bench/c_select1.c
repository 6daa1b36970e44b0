/*
 * The start-up floor of a function invocation: a C program that connects with libpq (DATABASE_URL),
 * runs SELECT 1 and exits. bench/profile.sh times it beside `agora-blogs routes` and
 * `agora-health invoke` (cc -O2 c_select1.c -lpq).
 *
 *   DATABASE_URL=... c_select1        prints 1
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    const char *url = getenv("DATABASE_URL");
    if (!url) { fprintf(stderr, "usage: DATABASE_URL=... c_select1\n"); return 64; }
    PGconn *db = PQconnectdb(url);
    if (PQstatus(db) != CONNECTION_OK) { fprintf(stderr, "%s", PQerrorMessage(db)); PQfinish(db); return 1; }
    PGresult *res = PQexec(db, "SELECT 1");
    int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    if (ok) printf("%s\n", PQgetvalue(res, 0, 0));
    else fprintf(stderr, "%s", PQerrorMessage(db));
    PQclear(res);
    PQfinish(db);
    return ok ? 0 : 1;
}
