/*
 * What the C ceilings share: `SOCKET WORKERS` from the command line and DATABASE_URL from the
 * environment, a FastCGI socket nginx can reach, and WORKERS forked processes each running
 * `serve(listen_fd, database_url)`, as a static pool of the platform's workers would.
 */
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_workers(int argc, char **argv, int (*serve)(int, const char *)) {
    if (argc < 3 || !getenv("DATABASE_URL")) { fprintf(stderr, "usage: DATABASE_URL=... %s SOCKET WORKERS\n", argv[0]); return 64; }
    FCGX_Init();
    unlink(argv[1]);
    int fd = FCGX_OpenSocket(argv[1], 1024);
    if (fd < 0) { perror("listen"); return 1; }
    chmod(argv[1], 0666);
    int workers = atoi(argv[2]);
    for (int i = 0; i < workers; i++) {
        if (fork() == 0) return serve(fd, getenv("DATABASE_URL"));
    }
    signal(SIGTERM, SIG_IGN);
    while (wait(NULL) > 0) {}
    return 0;
}
