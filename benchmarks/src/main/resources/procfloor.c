/*
 * The floor of SnapshotBenchmark: what reading every /proc/[pid]/stat costs in plain C, with no
 * caching. Lists the proc root with readdir, and for every numeric entry opens, reads and closes its
 * stat file and parses utime + stime (fields 14 and 15, counted after the last ')' as the kernel's
 * comm may contain spaces and parentheses). Compiled with gcc -O2 by the benchmark's setup.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static long long parse_ticks(const char *buf, ssize_t len) {
    const char *close = NULL;
    for (ssize_t i = len - 1; i >= 0; i--) {
        if (buf[i] == ')') {
            close = buf + i;
            break;
        }
    }
    if (close == NULL) {
        return -1;
    }
    const char *p = close + 2; /* field 3: state */
    const char *end = buf + len;
    int field = 3;
    long long utime = -1, stime = -1;
    while (p < end && field < 15) {
        while (p < end && *p != ' ') p++;
        while (p < end && *p == ' ') p++;
        field++;
        if (field == 14 || field == 15) {
            long long v = 0;
            while (p < end && *p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
            if (field == 14) utime = v; else stime = v;
        }
    }
    return utime < 0 || stime < 0 ? -1 : utime + stime;
}

/* Returns the number of processes read and stores the sum of their CPU ticks in *ticks; -1 if the
 * root cannot be listed. */
int procfloor_scan(const char *root, long long *ticks) {
    DIR *d = opendir(root);
    if (d == NULL) {
        return -1;
    }
    char path[4096];
    char buf[1024];
    long long sum = 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') {
            continue;
        }
        snprintf(path, sizeof path, "%s/%s/stat", root, e->d_name);
        int fd = open(path, O_RDONLY);
        if (fd < 0) {
            continue; /* exited since readdir */
        }
        ssize_t len = read(fd, buf, sizeof buf);
        close(fd);
        if (len <= 0) {
            continue;
        }
        long long t = parse_ticks(buf, len);
        if (t >= 0) {
            sum += t;
            n++;
        }
    }
    closedir(d);
    *ticks = sum;
    return n;
}
