#define _GNU_SOURCE
#include "scoreboard.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

const uint16_t agora_sb_status_codes[AGORA_SB_STATUSES - 1] = {
    200, 201, 202, 204, 206, 301, 302, 304, 307, 308, 400, 401, 403, 404, 405, 406, 408, 409, 410, 411,
    412, 413, 414, 415, 416, 422, 428, 429, 431, 451, 499, 500, 501, 502, 503, 504, 505, 100, 101,
};

const uint32_t agora_sb_bucket_bounds_us[AGORA_SB_BUCKETS] = {
    1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000,
};

#define STORE(place, value) __atomic_store_n(&(place), (value), __ATOMIC_RELAXED)
#define LOAD(place) __atomic_load_n(&(place), __ATOMIC_RELAXED)

uint64_t agora_sb_size(void) {
    uint64_t page = 4096;
    return (sizeof(agora_scoreboard) + page - 1) / page * page;
}

int agora_sb_create(const char *name) {
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0) return -1;
    if (ftruncate(fd, (off_t)agora_sb_size()) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

agora_scoreboard *agora_sb_map(int fd) {
    void *memory = mmap(NULL, agora_sb_size(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    return memory == MAP_FAILED ? NULL : (agora_scoreboard *)memory;
}

void agora_sb_unmap(agora_scoreboard *board) {
    if (board) munmap(board, agora_sb_size());
}

void agora_sb_init(agora_scoreboard *board, uint32_t slow_threshold_us, int counting) {
    board->slow_threshold_us = slow_threshold_us;
    board->no_counters = counting ? 0 : 1;
    board->version = AGORA_SB_VERSION;
    __atomic_store_n(&board->magic, AGORA_SB_MAGIC, __ATOMIC_RELEASE);
}

void agora_sb_set_label(agora_scoreboard *board, uint32_t index, const char *label) {
    if (index >= AGORA_SB_ROUTES) return;
    strncpy(board->labels[index], label, AGORA_SB_LABEL - 1);
    board->labels[index][AGORA_SB_LABEL - 1] = 0;
    if (index + 1 > board->label_count) __atomic_store_n(&board->label_count, index + 1, __ATOMIC_RELEASE);
}

static void write_begin(agora_scoreboard *board) {
    STORE(board->seq, board->seq + 1);
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

static void write_end(agora_scoreboard *board) {
    __atomic_thread_fence(__ATOMIC_RELEASE);
    STORE(board->seq, board->seq + 1);
}

void agora_sb_ready(agora_scoreboard *board, uint64_t now_ns) {
    write_begin(board);
    STORE(board->state, AGORA_SB_IDLE);
    STORE(board->since_ns, now_ns);
    write_end(board);
}

void agora_sb_begin(agora_scoreboard *board, uint32_t label, const char *method, uint64_t now_ns) {
    write_begin(board);
    STORE(board->state, AGORA_SB_BUSY);
    STORE(board->begun, board->begun + 1);
    STORE(board->since_ns, now_ns);
    STORE(board->label, label < AGORA_SB_ROUTES ? label : 0);
    size_t length = strnlen(method, AGORA_SB_METHOD - 1);
    for (size_t i = 0; i < length; i++) STORE(board->method[i], method[i]);
    STORE(board->method[length], 0);
    write_end(board);
}

uint32_t agora_sb_status_index(uint32_t status) {
    for (uint32_t i = 0; i < AGORA_SB_STATUSES - 1; i++)
        if (agora_sb_status_codes[i] == status) return i;
    return AGORA_SB_STATUSES - 1;
}

static void count_request(agora_scoreboard *board, uint32_t status, uint64_t duration_us, int aborted) {
    uint32_t label = board->label;
    agora_sb_route *route = &board->routes[label < AGORA_SB_ROUTES ? label : 0];
    uint32_t index = agora_sb_status_index(status);
    STORE(route->status[index], route->status[index] + 1);
    for (uint32_t i = 0; i < AGORA_SB_BUCKETS; i++) {
        if (duration_us <= agora_sb_bucket_bounds_us[i]) {
            STORE(route->buckets[i], route->buckets[i] + 1);
            break;
        }
    }
    STORE(route->duration_us_sum, route->duration_us_sum + duration_us);
    if (aborted) STORE(route->aborts, route->aborts + 1);
}

void agora_sb_end(agora_scoreboard *board, uint32_t status, uint64_t duration_us, int aborted, uint64_t now_ns) {
    if (!board->no_counters) count_request(board, status, duration_us, aborted);
    if (board->slow_threshold_us && duration_us >= board->slow_threshold_us) STORE(board->slow, board->slow + 1);
    write_begin(board);
    STORE(board->state, AGORA_SB_IDLE);
    STORE(board->finished, board->finished + 1);
    STORE(board->since_ns, now_ns);
    STORE(board->last_status, status);
    write_end(board);
}

int agora_sb_read_live(const agora_scoreboard *board, agora_sb_live *out) {
    for (int attempt = 0; attempt < 100; attempt++) {
        uint64_t before = __atomic_load_n(&board->seq, __ATOMIC_ACQUIRE);
        if (before & 1) continue;
        out->state = LOAD(board->state);
        out->begun = LOAD(board->begun);
        out->finished = LOAD(board->finished);
        out->since_ns = LOAD(board->since_ns);
        out->slow = LOAD(board->slow);
        out->label = LOAD(board->label);
        out->last_status = LOAD(board->last_status);
        for (int i = 0; i < AGORA_SB_METHOD; i++) out->method[i] = LOAD(board->method[i]);
        out->method[AGORA_SB_METHOD - 1] = 0;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (__atomic_load_n(&board->seq, __ATOMIC_RELAXED) == before) return 1;
    }
    return 0;
}

uint64_t agora_sb_load(const uint64_t *counter) {
    return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

int agora_sb_used(const agora_scoreboard *board) {
    return __atomic_load_n(&board->magic, __ATOMIC_ACQUIRE) == AGORA_SB_MAGIC;
}

uint32_t agora_sb_label_count(const agora_scoreboard *board) {
    uint32_t count = __atomic_load_n(&board->label_count, __ATOMIC_ACQUIRE);
    return count < AGORA_SB_ROUTES ? count : AGORA_SB_ROUTES;
}

void agora_sb_copy_label(const agora_scoreboard *board, uint32_t index, char *out) {
    out[0] = 0;
    if (index >= AGORA_SB_ROUTES) return;
    for (int i = 0; i < AGORA_SB_LABEL; i++) out[i] = LOAD(board->labels[index][i]);
    out[AGORA_SB_LABEL - 1] = 0;
}

void agora_sb_copy_route(const agora_scoreboard *board, uint32_t index, uint64_t *out) {
    const agora_sb_route *route = &board->routes[index < AGORA_SB_ROUTES ? index : 0];
    int n = 0;
    for (int i = 0; i < AGORA_SB_STATUSES; i++) out[n++] = LOAD(route->status[i]);
    for (int i = 0; i < AGORA_SB_BUCKETS; i++) out[n++] = LOAD(route->buckets[i]);
    out[n++] = LOAD(route->duration_us_sum);
    out[n++] = LOAD(route->aborts);
}

uint16_t agora_sb_status_code(uint32_t index) {
    return index < AGORA_SB_STATUSES - 1 ? agora_sb_status_codes[index] : 0;
}

uint32_t agora_sb_bucket_bound_us(uint32_t index) {
    return index < AGORA_SB_BUCKETS ? agora_sb_bucket_bounds_us[index] : 0;
}
