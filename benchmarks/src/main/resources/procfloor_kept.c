/*
 * The fair floor of SnapshotBenchmark: the C version of what the meter's ProcfsScanner does per sample, not
 * of a naive reader. Per scan: pread /proc/stat from a kept-open descriptor and parse the aggregate "cpu"
 * line and the "processes" fork counter; list the proc root (readdir) only on the first scan, when the fork
 * counter moved, or after a process vanished; keep one descriptor per [pid]/stat open and pread it at
 * offset 0; parse pid (field 1), state (3), utime (14), stime (15) and starttime (22), counting fields from
 * the last ')' since the comm may hold spaces and parentheses; drop a process whose read fails (ESRCH once
 * it exited). Like the scanner, a process whose last stat line said one thread is first asked for its run time
 * in [pid]/schedstat (kept open too) and its stat is read again only when that moved; its last parsed figures are
 * used otherwise (off when root/self/schedstat shows no run time). Compiled with gcc -O2 by the benchmark's
 * setup, like procfloor.c.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct proc_entry {
    int pid;
    int fd;
    long long epoch;
    int sched_fd;      /* -1 until the process is seen single-threaded */
    int single;        /* the last stat line said one thread */
    int valid;         /* ticks and start hold the last stat line's figures */
    long long runtime; /* run time read before the last stat read, -1 for none */
    long long ticks;
    long long start;
};

struct kept {
    char root[4096];
    int gate;
    long long saved;
    int stat_fd;
    long long forks;
    int relist;
    long long listings;
    long long epoch;
    struct proc_entry *procs;
    int count;
    int cap;
    /* open addressing pid -> index + 1 (0 = empty), power-of-two size, rebuilt on growth */
    int *slots;
    int nslots;
    char stat_buf[65536];
    char buf[1024];
};

static unsigned hash_pid(int pid) {
    return (unsigned) pid * 2654435761u;
}

static int find(struct kept *k, int pid) {
    unsigned m = (unsigned) k->nslots - 1;
    for (unsigned h = hash_pid(pid) & m;; h = (h + 1) & m) {
        int s = k->slots[h];
        if (s == 0) return -1;
        if (s > 0 && k->procs[s - 1].pid == pid) return s - 1;
    }
}

static void rebuild(struct kept *k, int nslots) {
    free(k->slots);
    k->nslots = nslots;
    k->slots = calloc((size_t) nslots, sizeof(int));
    unsigned m = (unsigned) nslots - 1;
    for (int i = 0; i < k->count; i++) {
        unsigned h = hash_pid(k->procs[i].pid) & m;
        while (k->slots[h] != 0) h = (h + 1) & m;
        k->slots[h] = i + 1;
    }
}

static void add(struct kept *k, int pid, int fd) {
    if (k->count == k->cap) {
        k->cap *= 2;
        k->procs = realloc(k->procs, (size_t) k->cap * sizeof *k->procs);
    }
    struct proc_entry *e = &k->procs[k->count];
    e->pid = pid;
    e->fd = fd;
    e->epoch = k->epoch;
    e->sched_fd = -1;
    e->single = 0;
    e->valid = 0;
    e->runtime = -1;
    k->count++;
    if (k->count * 2 > k->nslots) {
        rebuild(k, k->nslots * 2);
    } else {
        unsigned m = (unsigned) k->nslots - 1;
        unsigned h = hash_pid(pid) & m;
        while (k->slots[h] != 0) h = (h + 1) & m;
        k->slots[h] = k->count;
    }
}

/* swap-remove like the Java scanner; the table is rebuilt after a batch of removals */
static void remove_at(struct kept *k, int i) {
    close(k->procs[i].fd);
    if (k->procs[i].sched_fd >= 0) close(k->procs[i].sched_fd);
    k->procs[i] = k->procs[--k->count];
}

static int parse_pid_name(const char *s) {
    int v = 0, n = 0;
    for (; *s; s++, n++) {
        if (*s < '0' || *s > '9' || n >= 9) return -1;
        v = v * 10 + (*s - '0');
    }
    return n == 0 ? -1 : v;
}

static void list(struct kept *k) {
    k->relist = 0;
    k->listings++;
    k->epoch++;
    DIR *d = opendir(k->root);
    if (d == NULL) return;
    int dfd = dirfd(d);
    char rel[32];
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int pid = parse_pid_name(e->d_name);
        if (pid <= 0) continue;
        int idx = find(k, pid);
        if (idx < 0) {
            snprintf(rel, sizeof rel, "%d/stat", pid);
            int fd = openat(dfd, rel, O_RDONLY | O_CLOEXEC);
            if (fd < 0) continue; /* exited since readdir */
            add(k, pid, fd);
        } else {
            k->procs[idx].epoch = k->epoch;
        }
    }
    closedir(d);
    int removed = 0;
    for (int i = 0; i < k->count;) {
        if (k->procs[i].epoch != k->epoch) {
            remove_at(k, i);
            removed = 1;
        } else {
            i++;
        }
    }
    if (removed) rebuild(k, k->nslots);
}

static long long parse_u(const char **p, const char *end) {
    long long v = 0;
    const char *q = *p;
    if (q >= end || *q < '0' || *q > '9') return -1;
    while (q < end && *q >= '0' && *q <= '9') v = v * 10 + (*q++ - '0');
    *p = q;
    return v;
}

/* the aggregate cpu line (8 fields summed as a check value) and the processes counter */
static int parse_proc_stat(const char *b, ssize_t len, long long *cpu_sum, long long *forks) {
    const char *end = b + len;
    if (len < 5 || memcmp(b, "cpu ", 4) != 0) return 0;
    const char *p = b + 4;
    long long sum = 0;
    for (int f = 0; f < 8; f++) {
        while (p < end && *p == ' ') p++;
        long long v = parse_u(&p, end);
        if (v < 0) return 0;
        sum += v;
    }
    *cpu_sum = sum;
    const char *q = memmem(p, (size_t) (end - p), "\nprocesses ", 11);
    if (q == NULL) return 0;
    q += 11;
    *forks = parse_u(&q, end);
    return *forks >= 0;
}

/* pid, state, utime, stime, num_threads, starttime; 0 when malformed */
static int parse_pid_stat(const char *b, ssize_t len, int *pid, long long *ticks, long long *start,
                          long long *threads) {
    const char *end = b + len;
    const char *p = b;
    long long v = parse_u(&p, end);
    if (v < 0) return 0;
    *pid = (int) v;
    const char *close = NULL;
    for (const char *c = end - 1; c >= p; c--) {
        if (*c == ')') { close = c; break; }
    }
    if (close == NULL || close + 2 >= end) return 0;
    p = close + 2;
    char state = *p;
    if (state < 'A' || state > 'z') return 0;
    int field = 3;
    long long utime = -1, stime = -1;
    *start = -1;
    *threads = 0;
    while (p < end && field < 22) {
        while (p < end && *p != ' ') p++;
        while (p < end && *p == ' ') p++;
        field++;
        if (field == 14 || field == 15 || field == 20 || field == 22) {
            long long x = parse_u(&p, end);
            if (x < 0) return 0;
            if (field == 14) utime = x; else if (field == 15) stime = x; else if (field == 20) *threads = x;
            else *start = x;
        }
    }
    if (utime < 0 || stime < 0 || *start < 0) return 0;
    *ticks = utime + stime;
    return 1;
}

/* the first field of a schedstat file (run time in ns), -1 when unreadable */
static long long read_runtime(int fd, char *buf, size_t cap) {
    ssize_t n = pread(fd, buf, cap, 0);
    if (n <= 0) return -1;
    const char *p = buf;
    return parse_u(&p, buf + n);
}

static long long runtime_of(struct kept *k, struct proc_entry *e) {
    if (e->sched_fd < 0) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%d/schedstat", k->root, e->pid);
        e->sched_fd = open(path, O_RDONLY | O_CLOEXEC);
        if (e->sched_fd < 0) return -1;
    }
    return read_runtime(e->sched_fd, k->buf, 96);
}

void *keptfloor_open(const char *root) {
    struct kept *k = calloc(1, sizeof *k);
    if (k == NULL) return NULL;
    snprintf(k->root, sizeof k->root, "%s", root);
    char path[4200];
    snprintf(path, sizeof path, "%s/stat", root);
    k->stat_fd = open(path, O_RDONLY | O_CLOEXEC);
    if (k->stat_fd < 0) {
        free(k);
        return NULL;
    }
    snprintf(path, sizeof path, "%s/self/schedstat", root);
    int self = open(path, O_RDONLY | O_CLOEXEC);
    if (self >= 0) {
        k->gate = read_runtime(self, k->buf, 96) > 0;
        close(self);
    }
    k->forks = -1;
    k->relist = 1;
    k->cap = 1024;
    k->procs = malloc((size_t) k->cap * sizeof *k->procs);
    k->nslots = 4096;
    k->slots = calloc((size_t) k->nslots, sizeof(int));
    return k;
}

/* Returns the processes read, their CPU ticks summed into *ticks; -1 when /proc/stat cannot be read. */
int keptfloor_scan(void *handle, long long *ticks) {
    struct kept *k = handle;
    ssize_t n = pread(k->stat_fd, k->stat_buf, sizeof k->stat_buf, 0);
    long long cpu_sum, forks;
    if (n <= 0 || !parse_proc_stat(k->stat_buf, n, &cpu_sum, &forks)) return -1;
    if (k->relist || forks != k->forks) {
        k->forks = forks;
        list(k);
    }
    long long sum = 0;
    int delivered = 0, removed = 0;
    for (int i = 0; i < k->count;) {
        struct proc_entry *e = &k->procs[i];
        long long rt = k->gate && e->single ? runtime_of(k, e) : -1;
        if (rt >= 0 && rt == e->runtime && e->valid) {
            sum += e->ticks; /* has not run since its last stat line */
            delivered++;
            k->saved++;
            i++;
            continue;
        }
        e->runtime = rt;
        ssize_t len = pread(e->fd, k->buf, sizeof k->buf, 0);
        if (len <= 0) {
            k->relist = 1; /* exited; its pid may come back */
            remove_at(k, i);
            removed = 1;
            continue;
        }
        int pid;
        long long t, start, threads;
        if (parse_pid_stat(k->buf, len, &pid, &t, &start, &threads) && pid == e->pid) {
            sum += t;
            delivered++;
            e->ticks = t;
            e->start = start;
            e->valid = 1;
            e->single = threads == 1;
        } else {
            e->valid = 0;
            e->single = 0;
        }
        i++;
    }
    if (removed) rebuild(k, k->nslots);
    *ticks = sum;
    return delivered;
}

/* The reads alone: one pread of every kept stat descriptor into one buffer, no gate, no parse, no listing. Returns
 * the bytes read, so the reads cannot be skipped. The floor under any reader of these files. */
long long keptfloor_read_only(void *handle) {
    struct kept *k = handle;
    long long bytes = 0;
    for (int i = 0; i < k->count; i++) {
        ssize_t n = pread(k->procs[i].fd, k->buf, sizeof k->buf, 0);
        if (n > 0) bytes += n;
    }
    return bytes;
}

long long keptfloor_listings(void *handle) {
    return ((struct kept *) handle)->listings;
}

void keptfloor_close(void *handle) {
    struct kept *k = handle;
    if (k == NULL) return;
    for (int i = 0; i < k->count; i++) {
        close(k->procs[i].fd);
        if (k->procs[i].sched_fd >= 0) close(k->procs[i].sched_fd);
    }
    close(k->stat_fd);
    free(k->procs);
    free(k->slots);
    free(k);
}
