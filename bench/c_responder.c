/*
 * The ceilings of this design: a minimal FastCGI responder in C on libfcgi and libpq, behind the
 * same nginx, with the same worker count as the Swift function it is compared with. bench/lib.sh
 * (bench_c_ceiling) builds it with `cc -O2 c_responder.c -lfcgi -lpq -lcrypto`.
 *
 *   c_responder SOCKET_PATH WORKERS     (DATABASE_URL, and JWT_SECRET for the two blogs routes)
 *
 * Three routes, each one prepared statement per request, prepared once per worker:
 *   GET  /bench/c?id=N      one SELECT by primary key: {"id":N,"title":...,"views":...} (404 when
 *                           absent): the read ceiling of the first benchmarks.
 *   GET  /bench/c/blogs/    the list ceiling: THE SAME SQL text as `GET /api/blogs/` first page
 *                           (ListQuery's statement for Blog, 21 rows for a page of 20) and the
 *                           same JSON, byte for byte: {"next":"/api/blogs/?cursor=...&limit=20",
 *                           "results":[20 blogs]} with keys sorted, the cursor signed with
 *                           HMAC-SHA256 under the key the Swift side derives from JWT_SECRET.
 *   POST /bench/c/blogs/    the write ceiling: what `POST /api/blogs/` does with a bearer token
 *                           and no Idempotency-Key: the HS256 JWT verified with OpenSSL's HMAC
 *                           (header, signature, typ, iss, exp, iat), the same session lookup
 *                           (a prepared SELECT), the JSON body parsed and title/content trimmed
 *                           and length-checked, then THE SAME INSERT ... RETURNING statement in
 *                           its own (autocommit, durable) transaction; 201 with the same JSON.
 * Strings are escaped as the Swift JSON writer does: `"`, `\`, \n \r \t, other controls as \u00XX.
 */
#include "c_workers.h"
#include <ctype.h>
#include <fcgiapp.h>
#include <libpq-fe.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The Swift side's SQL, copied from Sources/AgoraBlogs (Blog.columns, Blog.joins, Blog.returning),
 * Sources/AgoraRuntime/ListQuery.swift (statement, first page, no filter) and SessionCheck. */
#define BLOG_COLUMNS "b.id, b.title, b.content, b.created_at, b.updated_at, s.views, u.id AS author_id, u.username AS author_username"
#define BLOG_JOINS "JOIN blog_stats s ON s.blog_id = b.id JOIN users u ON u.id = b.author_id"
static const char *LIST_SQL =
    "SELECT " BLOG_COLUMNS ", page.page_id FROM (SELECT b.id AS page_id FROM blogs b WHERE true"
    " ORDER BY page_id DESC LIMIT 21) page JOIN blogs b ON b.id = page.page_id " BLOG_JOINS " ORDER BY page_id DESC";
static const char *CREATE_SQL =
    "WITH b AS (INSERT INTO blogs (author_id, title, content) VALUES ($1, $2, $3)\n"
    "           RETURNING id, author_id, title, content, created_at, updated_at),\n"
    "     s AS (SELECT 0::bigint AS views)\n"
    "SELECT " BLOG_COLUMNS " FROM b CROSS JOIN s JOIN users u ON u.id = b.author_id";
static const char *SESSION_SQL =
    "SELECT u.username, u.is_admin, u.email, u.date_joined, u.last_login "
    "FROM auth_sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.id = $1 AND s.user_id = $2 AND s.ended_at IS NULL";
static const char *JWT_HEADER = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"; /* {"alg":"HS256","typ":"JWT"} */
#define PAGE_LIMIT 20

static const char *jwt_secret;
static unsigned char cursor_key[32];

/* ---- a growable output buffer ---- */
typedef struct { char *data; size_t len, cap; } Buf;
static void buf_need(Buf *b, size_t n) {
    if (b->len + n <= b->cap) return;
    while (b->len + n > b->cap) b->cap = b->cap ? b->cap * 2 : 8192;
    b->data = realloc(b->data, b->cap);
    if (!b->data) abort();
}
static void buf_put(Buf *b, const char *s, size_t n) { buf_need(b, n); memcpy(b->data + b->len, s, n); b->len += n; }
static void buf_str(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

/* A JSON string, escaped like Sources/AgoraCore/JSONWriter.swift: runs copied in bulk. */
static void buf_json(Buf *b, const char *s) {
    static const char hex[] = "0123456789abcdef";
    buf_put(b, "\"", 1);
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        buf_put(b, run, (size_t)(s - run));
        switch (c) {
        case '"': buf_put(b, "\\\"", 2); break;
        case '\\': buf_put(b, "\\\\", 2); break;
        case '\n': buf_put(b, "\\n", 2); break;
        case '\r': buf_put(b, "\\r", 2); break;
        case '\t': buf_put(b, "\\t", 2); break;
        default: { char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]}; buf_put(b, u, 6); }
        }
        run = s + 1;
    }
    buf_put(b, run, (size_t)(s - run));
    buf_put(b, "\"", 1);
}

/* PostgreSQL's text timestamptz in UTC ("2026-11-29 10:15:30.123456+00") as the Swift side shows
 * it: "2026-11-29T10:15:30.123Z" (three digits, truncated). */
static void buf_timestamp(Buf *b, const char *t) {
    char out[40];
    /* the date has '-' in it: the clock starts after the space */
    const char *space = strchr(t, ' ');
    if (!space || space - t > 16) { buf_json(b, t); return; }
    const char *clock = space + 1;
    size_t n = strcspn(clock, ".+-");
    snprintf(out, sizeof out, "%.*sT%.*s.", (int)(space - t), t, (int)n, clock);
    size_t len = strlen(out);
    const char *frac = clock[n] == '.' ? clock + n + 1 : "";
    for (int i = 0; i < 3; i++) out[len++] = isdigit((unsigned char)frac[0]) ? *frac++ : '0';
    out[len++] = 'Z';
    out[len] = 0;
    buf_put(b, "\"", 1);
    buf_put(b, out, len);
    buf_put(b, "\"", 1);
}

/* One blog row (columns in BLOG_COLUMNS order) as Blog.json, keys sorted. */
static void buf_blog(Buf *b, PGresult *res, int row) {
    buf_str(b, "{\"author\":{\"id\":");
    buf_str(b, PQgetvalue(res, row, 6));
    buf_str(b, ",\"username\":");
    buf_json(b, PQgetvalue(res, row, 7));
    buf_str(b, "},\"content\":");
    buf_json(b, PQgetvalue(res, row, 2));
    buf_str(b, ",\"created_at\":");
    buf_timestamp(b, PQgetvalue(res, row, 3));
    buf_str(b, ",\"id\":");
    buf_str(b, PQgetvalue(res, row, 0));
    buf_str(b, ",\"title\":");
    buf_json(b, PQgetvalue(res, row, 1));
    buf_str(b, ",\"updated_at\":");
    buf_timestamp(b, PQgetvalue(res, row, 4));
    buf_str(b, ",\"views\":");
    buf_str(b, PQgetvalue(res, row, 5));
    buf_str(b, "}");
}

/* ---- base64url (no padding) ---- */
static size_t b64url_encode(const unsigned char *in, size_t n, char *out) {
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[o++] = a[v >> 18]; out[o++] = a[(v >> 12) & 63]; out[o++] = a[(v >> 6) & 63]; out[o++] = a[v & 63];
    }
    if (n - i == 1) { unsigned v = (unsigned)in[i] << 16; out[o++] = a[v >> 18]; out[o++] = a[(v >> 12) & 63]; }
    else if (n - i == 2) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
        out[o++] = a[v >> 18]; out[o++] = a[(v >> 12) & 63]; out[o++] = a[(v >> 6) & 63];
    }
    out[o] = 0;
    return o;
}
static int b64url_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}
/* Decodes n characters; -1 when malformed. */
static long b64url_decode(const char *in, size_t n, unsigned char *out) {
    if (n % 4 == 1) return -1;
    unsigned v = 0;
    int bits = 0;
    long o = 0;
    for (size_t i = 0; i < n; i++) {
        int d = b64url_value(in[i]);
        if (d < 0) return -1;
        v = v << 6 | (unsigned)d;
        bits += 6;
        if (bits >= 8) { bits -= 8; out[o++] = (unsigned char)(v >> bits); }
    }
    return o;
}

/* ---- a flat JSON object: string and number members ---- */
#define MAX_MEMBERS 16
typedef struct { char *key, *value; int is_string; } Member;

static int hexval(char c) { return isdigit((unsigned char)c) ? c - '0' : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : -1; }

/* Parses the string at *p (after its quote) in place, unescaping; returns its start or NULL. */
static char *parse_string(char **p) {
    char *r = *p, *w = *p, *start = *p;
    for (;;) {
        unsigned char c = (unsigned char)*r;
        if (c == 0 || c < 0x20) return NULL;
        if (c == '"') { *w = 0; *p = r + 1; return start; }
        if (c != '\\') { *w++ = *r++; continue; }
        r++;
        switch (*r++) {
        case '"': *w++ = '"'; break;
        case '\\': *w++ = '\\'; break;
        case '/': *w++ = '/'; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'u': {
            unsigned cp = 0;
            for (int i = 0; i < 4; i++) { int h = hexval(*r++); if (h < 0) return NULL; cp = cp << 4 | (unsigned)h; }
            if (cp >= 0xD800 && cp < 0xDC00 && r[0] == '\\' && r[1] == 'u') {
                unsigned lo = 0;
                for (int i = 2; i < 6; i++) { int h = hexval(r[i]); if (h < 0) return NULL; lo = lo << 4 | (unsigned)h; }
                if (lo < 0xDC00 || lo > 0xDFFF) return NULL;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                r += 6;
            } else if (cp >= 0xD800 && cp < 0xE000) return NULL;
            if (cp == 0) return NULL; /* PostgreSQL text holds no NUL */
            if (cp < 0x80) *w++ = (char)cp;
            else if (cp < 0x800) { *w++ = (char)(0xC0 | cp >> 6); *w++ = (char)(0x80 | (cp & 63)); }
            else if (cp < 0x10000) { *w++ = (char)(0xE0 | cp >> 12); *w++ = (char)(0x80 | (cp >> 6 & 63)); *w++ = (char)(0x80 | (cp & 63)); }
            else { *w++ = (char)(0xF0 | cp >> 18); *w++ = (char)(0x80 | (cp >> 12 & 63)); *w++ = (char)(0x80 | (cp >> 6 & 63)); *w++ = (char)(0x80 | (cp & 63)); }
            break;
        }
        default: return NULL;
        }
    }
}

static void skip_ws(char **p) { while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r') (*p)++; }

/* Parses `{"k":"v"|number|true|false|null,...}` in place (nested values refused); count or -1. */
static int parse_object(char *text, Member *members) {
    char *p = text;
    int n = 0;
    skip_ws(&p);
    if (*p++ != '{') return -1;
    skip_ws(&p);
    if (*p == '}') return 0;
    for (;;) {
        skip_ws(&p);
        if (*p++ != '"') return -1;
        char *key = parse_string(&p);
        if (!key) return -1;
        skip_ws(&p);
        if (*p++ != ':') return -1;
        skip_ws(&p);
        Member m = {key, NULL, 0};
        if (*p == '"') { p++; m.value = parse_string(&p); m.is_string = 1; if (!m.value) return -1; }
        else {
            m.value = p;
            while (*p && (isalnum((unsigned char)*p) || *p == '-' || *p == '+' || *p == '.')) p++;
            if (p == m.value) return -1;
        }
        char *end = p;
        skip_ws(&p);
        char sep = *p++;
        if (!m.is_string) *end = 0;
        if (n < MAX_MEMBERS) members[n++] = m;
        if (sep == '}') { skip_ws(&p); return *p ? -1 : n; }
        if (sep != ',') return -1;
    }
}
static const Member *member(const Member *m, int n, const char *key) {
    for (int i = 0; i < n; i++) if (strcmp(m[i].key, key) == 0) return &m[i];
    return NULL;
}

/* ---- responses ---- */
static void respond(FCGX_Request *r, const char *status, Buf *body) {
    char head[160];
    int n = snprintf(head, sizeof head, "Status: %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     status, body->len);
    FCGX_PutStr(head, n, r->out);
    FCGX_PutStr(body->data, (int)body->len, r->out);
}
static void respond_error(FCGX_Request *r, const char *status, const char *code) {
    Buf b = {0};
    buf_str(&b, "{\"error\":{\"code\":\"");
    buf_str(&b, code);
    buf_str(&b, "\"}}");
    respond(r, status, &b);
    free(b.data);
}

/* GET /bench/c?id=N: the first ceiling (one SELECT by primary key). */
static void by_id(FCGX_Request *r, PGconn *db) {
    const char *query = FCGX_GetParam("QUERY_STRING", r->envp);
    const char *id = (query && strncmp(query, "id=", 3) == 0) ? query + 3 : "1";
    const char *params[1] = {id};
    PGresult *res = PQexecPrepared(db, "blog", 1, params, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
        Buf b = {0};
        buf_str(&b, "{\"id\":"); buf_str(&b, PQgetvalue(res, 0, 0));
        buf_str(&b, ",\"title\":"); buf_json(&b, PQgetvalue(res, 0, 1));
        buf_str(&b, ",\"content\":"); buf_json(&b, PQgetvalue(res, 0, 2));
        buf_str(&b, ",\"author\":{\"id\":"); buf_str(&b, PQgetvalue(res, 0, 3));
        buf_str(&b, ",\"username\":"); buf_json(&b, PQgetvalue(res, 0, 4));
        buf_str(&b, "},\"views\":"); buf_str(&b, PQgetvalue(res, 0, 5));
        buf_str(&b, ",\"created_at\":\""); buf_str(&b, PQgetvalue(res, 0, 6)); buf_str(&b, "\"}");
        respond(r, "200 OK", &b);
        free(b.data);
    } else {
        respond_error(r, "404 Not Found", "not_found");
    }
    PQclear(res);
}

/* GET /bench/c/blogs/: the first page of the blogs list, as GET /api/blogs/ answers it. */
static void list(FCGX_Request *r, PGconn *db) {
    PGresult *res = PQexecPrepared(db, "list", 0, NULL, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) { PQclear(res); respond_error(r, "500 Internal Server Error", "internal"); return; }
    int rows = PQntuples(res), shown = rows > PAGE_LIMIT ? PAGE_LIMIT : rows;
    Buf b = {0};
    buf_str(&b, "{\"next\":");
    if (rows > PAGE_LIMIT) {
        /* The cursor: base64url(payload) "." base64url(first 16 bytes of the MAC of route "\n" payload). */
        char payload[64], data[96], cursor[160];
        int plen = snprintf(payload, sizeof payload, "{\"id\":%s}", PQgetvalue(res, shown - 1, 8));
        int dlen = snprintf(data, sizeof data, "/api/blogs/\n%s", payload);
        unsigned char mac[32];
        unsigned int maclen = 0;
        HMAC(EVP_sha256(), cursor_key, sizeof cursor_key, (unsigned char *)data, (size_t)dlen, mac, &maclen);
        size_t c = b64url_encode((unsigned char *)payload, (size_t)plen, cursor);
        cursor[c++] = '.';
        b64url_encode(mac, 16, cursor + c);
        buf_str(&b, "\"/api/blogs/?cursor=");
        buf_str(&b, cursor);
        buf_str(&b, "&limit=20\"");
    } else {
        buf_str(&b, "null");
    }
    buf_str(&b, ",\"results\":[");
    for (int i = 0; i < shown; i++) {
        if (i) buf_put(&b, ",", 1);
        buf_blog(&b, res, i);
    }
    buf_str(&b, "]}");
    PQclear(res);
    respond(r, "200 OK", &b);
    free(b.data);
}

/* The caller of a bearer token (user id and session id, both text) or 0: HS256 verified as
 * Sources/AgoraCrypto/JWTSigner.swift does, then the session lookup of SessionCheck. */
static int authenticate(FCGX_Request *r, PGconn *db, char *user_id, char *session_id) {
    const char *auth = FCGX_GetParam("HTTP_AUTHORIZATION", r->envp);
    if (!auth || strncmp(auth, "Bearer ", 7) != 0) return 0;
    const char *token = auth + 7;
    size_t len = strlen(token);
    if (len == 0 || len > 8192) return 0;
    const char *dot1 = strchr(token, '.'), *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (!dot2 || strchr(dot2 + 1, '.')) return 0;
    /* Every token we sign has this header; any other is refused (the Swift side parses it). */
    if ((size_t)(dot1 - token) != strlen(JWT_HEADER) || strncmp(token, JWT_HEADER, (size_t)(dot1 - token)) != 0) return 0;
    unsigned char signature[64], expected[32], payload[2048];
    long slen = b64url_decode(dot2 + 1, strlen(dot2 + 1), signature);
    if (slen != 32) return 0;
    unsigned int elen = 0;
    HMAC(EVP_sha256(), jwt_secret, (int)strlen(jwt_secret), (const unsigned char *)token, (size_t)(dot2 - token), expected, &elen);
    if (CRYPTO_memcmp(signature, expected, 32) != 0) return 0;
    size_t plen_in = (size_t)(dot2 - dot1 - 1);
    if (plen_in > 2000) return 0;
    long plen = b64url_decode(dot1 + 1, plen_in, payload);
    if (plen < 0) return 0;
    payload[plen] = 0;
    Member m[MAX_MEMBERS];
    int n = parse_object((char *)payload, m);
    if (n < 0) return 0;
    const Member *sub = member(m, n, "sub"), *sid = member(m, n, "sid"), *typ = member(m, n, "typ"),
                 *iss = member(m, n, "iss"), *exp = member(m, n, "exp"), *iat = member(m, n, "iat");
    if (!sub || !sid || !typ || !iss || !exp || !iat || !sub->is_string || !sid->is_string) return 0;
    if (strcmp(typ->value, "access") != 0 || strcmp(iss->value, "agora") != 0) return 0;
    long long now = (long long)time(NULL);
    if (atoll(exp->value) <= now || atoll(iat->value) > now + 60) return 0;
    if (strlen(sub->value) > 20 || strlen(sid->value) > 100) return 0;
    strcpy(user_id, sub->value);
    strcpy(session_id, sid->value);
    const char *params[2] = {session_id, user_id};
    PGresult *res = PQexecPrepared(db, "session", 2, params, NULL, NULL, 0);
    int ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    PQclear(res);
    return ok;
}

/* Trims surrounding whitespace in place; the length in characters (UTF-8 code points). */
static char *trim(char *s, size_t *characters) {
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    *characters = c;
    return s;
}

/* POST /bench/c/blogs/: what POST /api/blogs/ does (see the top of this file). */
static void create(FCGX_Request *r, PGconn *db) {
    char user_id[32], session_id[128];
    if (!authenticate(r, db, user_id, session_id)) { respond_error(r, "401 Unauthorized", "not_authenticated"); return; }
    const char *length_text = FCGX_GetParam("CONTENT_LENGTH", r->envp);
    long length = length_text ? atol(length_text) : 0;
    if (length <= 0 || length > 1 << 20) { respond_error(r, "400 Bad Request", "invalid"); return; }
    char *body = malloc((size_t)length + 1);
    int got = FCGX_GetStr(body, (int)length, r->in);
    body[got < 0 ? 0 : got] = 0;
    Member m[MAX_MEMBERS];
    int n = parse_object(body, m);
    const Member *title = n >= 0 ? member(m, n, "title") : NULL, *content = n >= 0 ? member(m, n, "content") : NULL;
    size_t title_chars = 0, content_chars = 0;
    char *t = title && title->is_string ? trim(title->value, &title_chars) : NULL;
    char *c = content && content->is_string ? trim(content->value, &content_chars) : NULL;
    if (!t || !c || title_chars < 1 || title_chars > 200 || content_chars < 1 || content_chars > 100000) {
        free(body);
        respond_error(r, "400 Bad Request", "invalid");
        return;
    }
    const char *params[3] = {user_id, t, c};
    PGresult *res = PQexecPrepared(db, "create", 3, params, NULL, NULL, 0);
    free(body);
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
        Buf b = {0};
        buf_blog(&b, res, 0);
        respond(r, "201 Created", &b);
        free(b.data);
    } else {
        fprintf(stderr, "%s", PQerrorMessage(db));
        respond_error(r, "500 Internal Server Error", "internal");
    }
    PQclear(res);
}

static int prepare(PGconn *db, const char *name, const char *sql) {
    PGresult *res = PQprepare(db, name, sql, 0, NULL);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) fprintf(stderr, "prepare %s: %s", name, PQerrorMessage(db));
    PQclear(res);
    return ok;
}

static int serve(int listen_fd, const char *url) {
    PGconn *db = PQconnectdb(url);
    if (PQstatus(db) != CONNECTION_OK) { fprintf(stderr, "%s", PQerrorMessage(db)); return 1; }
    jwt_secret = getenv("JWT_SECRET");
    if (!jwt_secret) jwt_secret = "";
    unsigned int klen = 0;
    HMAC(EVP_sha256(), jwt_secret, (int)strlen(jwt_secret), (const unsigned char *)"agora-cursor", 12, cursor_key, &klen);
    if (!prepare(db, "blog",
            "SELECT b.id, b.title, b.content, b.author_id, u.username, s.views, "
            "to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
            "FROM blogs b JOIN users u ON u.id = b.author_id JOIN blog_stats s ON s.blog_id = b.id WHERE b.id = $1")
        || !prepare(db, "list", LIST_SQL) || !prepare(db, "create", CREATE_SQL) || !prepare(db, "session", SESSION_SQL))
        return 1;
    FCGX_Request request;
    FCGX_InitRequest(&request, listen_fd, 0);
    while (FCGX_Accept_r(&request) >= 0) {
        const char *uri = FCGX_GetParam("DOCUMENT_URI", request.envp);
        const char *method = FCGX_GetParam("REQUEST_METHOD", request.envp);
        if (uri && strcmp(uri, "/bench/c/blogs/") == 0) {
            if (method && strcmp(method, "POST") == 0) create(&request, db);
            else list(&request, db);
        } else {
            by_id(&request, db);
        }
        FCGX_Finish_r(&request);
    }
    PQfinish(db);
    return 0;
}

int main(int argc, char **argv) { return run_workers(argc, argv, serve); }
