#ifndef AGORA_MEDIA_IO_H
#define AGORA_MEDIA_IO_H

#include <stddef.h>
#include <sys/types.h>

/* GNU extensions that Swift's Glibc module does not declare (it is built without _GNU_SOURCE):
   one prefixed function each, defined in media_io.c, which is compiled with it. */
void *agora_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);
ssize_t agora_copy_file_range(int fd_in, off_t *offset_in, int fd_out, size_t length);
/* Starts writeback of [offset, offset + length) without waiting for it (SYNC_FILE_RANGE_WRITE). */
int agora_start_writeback(int fd, off_t offset, off_t length);

#endif
