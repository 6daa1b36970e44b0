#define _GNU_SOURCE
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include "media_io.h"

void *agora_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}

/* The destination offset is the file's own (NULL): the copy appends where the file stands. */
ssize_t agora_copy_file_range(int fd_in, off_t *offset_in, int fd_out, size_t length) {
    loff_t in = *offset_in;
    ssize_t copied = copy_file_range(fd_in, &in, fd_out, NULL, length, 0);
    if (copied > 0) *offset_in = in;
    return copied;
}

int agora_start_writeback(int fd, off_t offset, off_t length) {
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE);
}
