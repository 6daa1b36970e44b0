#ifndef AGORA_SCOREBOARD_H
#define AGORA_SCOREBOARD_H

#include <stdint.h>

/* One worker's page of shared memory (PHP-FPM's scoreboard, per worker): the runner creates it
 * (a memfd), maps it, and hands it to the worker as a descriptor; the worker maps it too and
 * writes its state and counters there with plain stores, so a request costs the runner nothing
 * and the worker no system call. One writer (the worker's single thread); the runner reads
 * whenever it likes: the live state under a sequence number (odd while it changes), the counters
 * as they are (each one only grows). When the worker exits, the runner adds its counters to the
 * function's totals, so that totals survive recycling and crashes. */

#define AGORA_SB_MAGIC 0x41475342u /* "AGSB" */
#define AGORA_SB_VERSION 1u
/* Route labels: index 0 is every request that matched no route (404, 405); route i of the
 * worker's table is label i + 1. */
#define AGORA_SB_ROUTES 128
#define AGORA_SB_LABEL 120
/* Status codes counted one by one; anything else counts as "other" (the last index). */
#define AGORA_SB_STATUSES 40
/* Duration buckets, upper bounds in microseconds: 1 ms to 10 s (Prometheus's `le`). */
#define AGORA_SB_BUCKETS 13
#define AGORA_SB_METHOD 40

enum { AGORA_SB_STARTING = 0, AGORA_SB_IDLE = 1, AGORA_SB_BUSY = 2 };

typedef struct {
    uint64_t status[AGORA_SB_STATUSES];
    /* Not cumulative: a request counts in the first bucket whose bound holds its duration, in
     * none past the last (the total is the sum of `status`). */
    uint64_t buckets[AGORA_SB_BUCKETS];
    uint64_t duration_us_sum;
    uint64_t aborts;
    uint64_t reserved;
} agora_sb_route;

typedef struct {
    uint32_t magic;
    uint32_t version;
    uint32_t label_count;
    uint32_t slow_threshold_us; /* 0: off */
    /* 1: the worker keeps its state only, no route counters (AGORA_METRICS=0, for the
     * benchmark that measures what counting costs). */
    uint32_t no_counters;
    uint32_t reserved;
    /* "METHOD template", NUL-terminated, written once before the worker reports ready. */
    char labels[AGORA_SB_ROUTES][AGORA_SB_LABEL];

    /* The live state, consistent when read between two equal even values of `seq`. */
    uint64_t seq;
    uint64_t state;
    uint64_t begun;
    uint64_t finished;
    /* CLOCK_MONOTONIC nanoseconds: when the request in hand began (busy), when the last one
     * ended (idle). */
    uint64_t since_ns;
    uint32_t label;
    uint32_t last_status;
    char method[AGORA_SB_METHOD];

    uint64_t slow; /* finished requests that took at least slow_threshold_us */
    agora_sb_route routes[AGORA_SB_ROUTES];
} agora_scoreboard;

/* The status codes counted one by one, in index order; AGORA_SB_STATUSES - 1 is "other". */
extern const uint16_t agora_sb_status_codes[AGORA_SB_STATUSES - 1];
/* Bucket bounds in microseconds. */
extern const uint32_t agora_sb_bucket_bounds_us[AGORA_SB_BUCKETS];

uint64_t agora_sb_size(void);
/* Maps the memfd `fd` (sized with ftruncate by its creator); NULL on failure. */
agora_scoreboard *agora_sb_map(int fd);
void agora_sb_unmap(agora_scoreboard *board);
/* The runner's side: a new memfd of the right size, close-on-exec; -1 on failure. */
int agora_sb_create(const char *name);

/* The worker's side. */
void agora_sb_init(agora_scoreboard *board, uint32_t slow_threshold_us, int counting);
void agora_sb_set_label(agora_scoreboard *board, uint32_t index, const char *label);
void agora_sb_ready(agora_scoreboard *board, uint64_t now_ns);
void agora_sb_begin(agora_scoreboard *board, uint32_t label, const char *method, uint64_t now_ns);
void agora_sb_end(agora_scoreboard *board, uint32_t status, uint64_t duration_us, int aborted, uint64_t now_ns);

/* The runner's side: a consistent copy of the live state; 0 if the worker kept changing it. */
typedef struct {
    uint64_t state, begun, finished, since_ns, slow;
    uint32_t label, last_status;
    char method[AGORA_SB_METHOD];
} agora_sb_live;
int agora_sb_read_live(const agora_scoreboard *board, agora_sb_live *out);
uint64_t agora_sb_load(const uint64_t *counter);
/* Whether the worker initialised the board (an Agora worker; anything else leaves it zero). */
int agora_sb_used(const agora_scoreboard *board);
uint32_t agora_sb_label_count(const agora_scoreboard *board);
/* Copies label `index` into `out` (AGORA_SB_LABEL bytes), always NUL-terminated. */
void agora_sb_copy_label(const agora_scoreboard *board, uint32_t index, char *out);
/* One label's counters as AGORA_SB_COUNTERS numbers: the statuses, the buckets, the duration's
 * sum in microseconds, the aborts. */
enum { AGORA_SB_COUNTERS = AGORA_SB_STATUSES + AGORA_SB_BUCKETS + 2 };
void agora_sb_copy_route(const agora_scoreboard *board, uint32_t index, uint64_t *out);
uint16_t agora_sb_status_code(uint32_t index);
uint32_t agora_sb_bucket_bound_us(uint32_t index);
uint32_t agora_sb_status_index(uint32_t status);

#endif
