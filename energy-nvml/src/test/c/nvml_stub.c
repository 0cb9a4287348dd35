/*
 * Stand-in for libnvidia-ml used by the energy-nvml tests (no GPU in CI).
 *
 * Exports the NVML functions energy-nvml calls, with the real signatures, and answers from a
 * scenario file read in nvmlInit_v2. The file is named by the environment variable
 * NVML_STUB_SCENARIO or, from tests, by nvmlStubSetScenario(path). Format: one key=value per line,
 * '#' starts a comment. Global keys: count, init.rc. Device keys are prefixed "<index>.":
 *
 *   name, uuid, arch, mig          identity and MIG mode
 *   energy.start, energy.step      mJ counter: start value, increment per nvmlDeviceGetTotalEnergyConsumption call
 *   energy.rc, power.rc, ...       return code forced for that call (3 = NOT_SUPPORTED, 13 = FUNCTION_NOT_FOUND)
 *   power                          mW reported by nvmlDeviceGetPowerUsage
 *   limit                          enforced power limit, mW
 *   util.gpu                       comma list of SM percentages, one per call, the last one repeats
 *   util.mem, mem.total, mem.used, clock.sm, clock.mem, temp
 *   lost_after                     after this many energy/power reads every call on the device gives GPU_IS_LOST
 *   fail.from, fail.count, fail.rc energy/power reads number fail.from .. fail.from+fail.count-1 (1-based) answer
 *                                  fail.rc (15 = GPU_IS_LOST, 3 = NOT_SUPPORTED) while the energy counter keeps
 *                                  running, then the device answers again: a transient fault mid-run
 *   procs                          running compute processes "pid:bytes,pid:bytes"
 *   procutil                       per-process SM% "pid:sm,pid:sm"; one sample per pid per energy/power read
 *   procs.rc, procs.v3.rc, procutil.rc
 *   handle.rc                      nvmlDeviceGetHandleByIndex_v2 answers this code for the device (e.g. 15, 4)
 *   procs.stride                   bytes per process entry the "driver" writes: 24 (default, the header's
 *                                  nvmlProcessInfo_t), 32 (R530 / early R535: usedGpuCcProtectedMemory
 *                                  appended) or 16 (the v1 struct)
 *   procs.clear                    1: zero the caller's whole buffer (count entries of 24 bytes) first
 *   idle.from, idle.count          energy/power reads number idle.from .. idle.from+idle.count-1 (1-based) have no
 *                                  compute process and no per-process sample: the GPU sits idle in them
 *   idle.step                      mJ the counter advances in an idle read's interval (default: energy.step)
 *   later.from, later.procs,       from energy/power read number later.from on (1-based), the compute processes and
 *   later.procutil                 per-process SM% are these lists instead of procs / procutil
 *
 * Compiled with -DSTUB_OLD_DRIVER it stands in for a pre-Volta era driver: it does not export
 * nvmlDeviceGetTotalEnergyConsumption, nvmlDeviceGetArchitecture, nvmlDeviceGetMigMode,
 * nvmlDeviceGetComputeRunningProcesses_v3 nor nvmlDeviceGetProcessUtilization (missing symbols, not
 * error codes), and every power read counts as a sample.
 *
 * nvmlStubSetRawSamples(device, bytes, n) makes nvmlDeviceGetProcessUtilization return n raw bytes of
 * nvmlProcessUtilizationSample_t structs verbatim (whole structs only), for fuzzing their decoding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEV 8
#define MAX_PROC 16
#define MAX_SERIES 32
#define TICK_US 1000000ULL
#define BASE_US 1700000000000000ULL

typedef int nvmlReturn_t;

typedef struct {
    unsigned int pid;
    unsigned long long timeStamp;
    unsigned int smUtil;
    unsigned int memUtil;
    unsigned int encUtil;
    unsigned int decUtil;
} nvmlProcessUtilizationSample_t;

typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlProcessInfo_t;

typedef struct {
    char name[96];
    char uuid[96];
    unsigned int arch;
    unsigned int mig;
    unsigned long long energy;
    unsigned long long energy_step;
    unsigned int power;
    unsigned int limit;
    unsigned int util_gpu[MAX_SERIES];
    int util_gpu_n;
    int util_calls;
    unsigned int util_mem;
    unsigned long long mem_total;
    unsigned long long mem_used;
    unsigned int clock_sm;
    unsigned int clock_mem;
    unsigned int temp;
    int lost_after;
    int reads;
    int fail_from, fail_count, fail_rc;
    unsigned int proc_pid[MAX_PROC];
    unsigned long long proc_mem[MAX_PROC];
    int proc_n;
    unsigned int pu_pid[MAX_PROC];
    unsigned int pu_sm[MAX_PROC];
    int pu_n;
    int rc_energy, rc_power, rc_limit, rc_util, rc_mem, rc_clock, rc_temp, rc_mig, rc_arch;
    int rc_procs, rc_procs_v3, rc_procutil;
    int proc_stride, proc_clear;
    int rc_handle;
    int idle_from, idle_count;
    unsigned long long idle_step;
    int idle_step_set;
    int later_from;
    unsigned int later_proc_pid[MAX_PROC];
    unsigned long long later_proc_mem[MAX_PROC];
    int later_proc_n;
    unsigned int later_pu_pid[MAX_PROC];
    unsigned int later_pu_sm[MAX_PROC];
    int later_pu_n;
} stub_device;

static stub_device devices[MAX_DEV];
static int device_count;

#define MAX_RAW 4096
static nvmlProcessUtilizationSample_t raw_samples[MAX_DEV][MAX_RAW];
static int raw_n[MAX_DEV] = {-1, -1, -1, -1, -1, -1, -1, -1};

void nvmlStubSetRawSamples(int device, const unsigned char *bytes, int n) {
    if (device < 0 || device >= MAX_DEV) return;
    if (bytes == NULL) { raw_n[device] = -1; return; }
    int count = n / (int) sizeof(nvmlProcessUtilizationSample_t);
    if (count > MAX_RAW) count = MAX_RAW;
    memcpy(raw_samples[device], bytes, (size_t) count * sizeof(nvmlProcessUtilizationSample_t));
    raw_n[device] = count;
}
static int init_rc;
static int initialised;
static int init_calls;
static int shutdown_calls;
static char scenario_path[4096];

void nvmlStubSetScenario(const char *path) {
    strncpy(scenario_path, path, sizeof(scenario_path) - 1);
    scenario_path[sizeof(scenario_path) - 1] = '\0';
}

int nvmlStubInitCalls(void) { return init_calls; }
int nvmlStubShutdownCalls(void) { return shutdown_calls; }

static void parse_pairs(const char *v, unsigned int *keys, void *vals, int wide, int *n) {
    const char *p = v;
    *n = 0;
    while (*p && *n < MAX_PROC) {
        char *end;
        unsigned long k = strtoul(p, &end, 10);
        if (*end != ':') break;
        unsigned long long val = strtoull(end + 1, &end, 10);
        keys[*n] = (unsigned int) k;
        if (wide) ((unsigned long long *) vals)[*n] = val; else ((unsigned int *) vals)[*n] = (unsigned int) val;
        (*n)++;
        if (*end != ',') break;
        p = end + 1;
    }
}

static void set_key(const char *key, const char *v) {
    if (strcmp(key, "count") == 0) { device_count = atoi(v); return; }
    if (strcmp(key, "init.rc") == 0) { init_rc = atoi(v); return; }
    char *dot;
    long i = strtol(key, &dot, 10);
    if (dot == key || *dot != '.' || i < 0 || i >= MAX_DEV) return;
    stub_device *d = &devices[i];
    const char *k = dot + 1;
    unsigned long long n = strtoull(v, NULL, 10);
    if (strcmp(k, "name") == 0) { strncpy(d->name, v, sizeof(d->name) - 1); }
    else if (strcmp(k, "uuid") == 0) { strncpy(d->uuid, v, sizeof(d->uuid) - 1); }
    else if (strcmp(k, "arch") == 0) d->arch = (unsigned int) n;
    else if (strcmp(k, "mig") == 0) d->mig = (unsigned int) n;
    else if (strcmp(k, "energy.start") == 0) d->energy = n;
    else if (strcmp(k, "energy.step") == 0) d->energy_step = n;
    else if (strcmp(k, "power") == 0) d->power = (unsigned int) n;
    else if (strcmp(k, "limit") == 0) d->limit = (unsigned int) n;
    else if (strcmp(k, "util.gpu") == 0) {
        const char *p = v;
        d->util_gpu_n = 0;
        while (*p && d->util_gpu_n < MAX_SERIES) {
            char *end;
            d->util_gpu[d->util_gpu_n++] = (unsigned int) strtoul(p, &end, 10);
            if (*end != ',') break;
            p = end + 1;
        }
    }
    else if (strcmp(k, "util.mem") == 0) d->util_mem = (unsigned int) n;
    else if (strcmp(k, "mem.total") == 0) d->mem_total = n;
    else if (strcmp(k, "mem.used") == 0) d->mem_used = n;
    else if (strcmp(k, "clock.sm") == 0) d->clock_sm = (unsigned int) n;
    else if (strcmp(k, "clock.mem") == 0) d->clock_mem = (unsigned int) n;
    else if (strcmp(k, "temp") == 0) d->temp = (unsigned int) n;
    else if (strcmp(k, "lost_after") == 0) d->lost_after = (int) n;
    else if (strcmp(k, "fail.from") == 0) d->fail_from = (int) n;
    else if (strcmp(k, "fail.count") == 0) d->fail_count = (int) n;
    else if (strcmp(k, "fail.rc") == 0) d->fail_rc = (int) n;
    else if (strcmp(k, "procs") == 0) parse_pairs(v, d->proc_pid, d->proc_mem, 1, &d->proc_n);
    else if (strcmp(k, "procutil") == 0) parse_pairs(v, d->pu_pid, d->pu_sm, 0, &d->pu_n);
    else if (strcmp(k, "energy.rc") == 0) d->rc_energy = atoi(v);
    else if (strcmp(k, "power.rc") == 0) d->rc_power = atoi(v);
    else if (strcmp(k, "limit.rc") == 0) d->rc_limit = atoi(v);
    else if (strcmp(k, "util.rc") == 0) d->rc_util = atoi(v);
    else if (strcmp(k, "mem.rc") == 0) d->rc_mem = atoi(v);
    else if (strcmp(k, "clock.rc") == 0) d->rc_clock = atoi(v);
    else if (strcmp(k, "temp.rc") == 0) d->rc_temp = atoi(v);
    else if (strcmp(k, "mig.rc") == 0) d->rc_mig = atoi(v);
    else if (strcmp(k, "arch.rc") == 0) d->rc_arch = atoi(v);
    else if (strcmp(k, "procs.rc") == 0) d->rc_procs = atoi(v);
    else if (strcmp(k, "procs.v3.rc") == 0) d->rc_procs_v3 = atoi(v);
    else if (strcmp(k, "procutil.rc") == 0) d->rc_procutil = atoi(v);
    else if (strcmp(k, "procs.stride") == 0) d->proc_stride = atoi(v);
    else if (strcmp(k, "procs.clear") == 0) d->proc_clear = atoi(v);
    else if (strcmp(k, "handle.rc") == 0) d->rc_handle = atoi(v);
    else if (strcmp(k, "idle.from") == 0) d->idle_from = (int) n;
    else if (strcmp(k, "idle.count") == 0) d->idle_count = (int) n;
    else if (strcmp(k, "idle.step") == 0) { d->idle_step = n; d->idle_step_set = 1; }
    else if (strcmp(k, "later.from") == 0) d->later_from = (int) n;
    else if (strcmp(k, "later.procs") == 0) parse_pairs(v, d->later_proc_pid, d->later_proc_mem, 1, &d->later_proc_n);
    else if (strcmp(k, "later.procutil") == 0) parse_pairs(v, d->later_pu_pid, d->later_pu_sm, 0, &d->later_pu_n);
}

static int load_scenario(void) {
    const char *path = getenv("NVML_STUB_SCENARIO");
    if (scenario_path[0]) path = scenario_path;
    memset(devices, 0, sizeof(devices));
    device_count = 0;
    init_rc = 0;
    for (int i = 0; i < MAX_DEV; i++) {
        snprintf(devices[i].name, sizeof(devices[i].name), "Stub GPU %d", i);
        snprintf(devices[i].uuid, sizeof(devices[i].uuid), "GPU-00000000-0000-0000-0000-00000000000%d", i);
        devices[i].lost_after = -1;
        devices[i].arch = 7;
    }
    if (path == NULL) return 9; /* like a host without the driver */
    FILE *f = fopen(path, "r");
    if (f == NULL) return 999;
    char line[1024];
    while (fgets(line, sizeof(line), f)) {
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *eq = strchr(line, '=');
        if (!eq) continue;
        *eq = '\0';
        char *v = eq + 1;
        v[strcspn(v, "\r\n")] = '\0';
        char *k = line;
        while (*k == ' ' || *k == '\t') k++;
        k[strcspn(k, " \t")] = '\0';
        set_key(k, v);
    }
    fclose(f);
    return init_rc;
}

/*
 * Reference counted like the real library: NVML keeps a count of initialisations and shuts down only when
 * nvmlShutdown brings it to zero (NVML API reference, "Initialization and Cleanup",
 * docs.nvidia.com/deploy/nvml-api/group__nvmlInitializationAndCleanup.html). A second
 * handle in the same process (a name lookup, the GPU analysis) neither resets the scenario's counters nor, when it
 * closes, cuts off the first. The scenario is read when the count goes from 0 to 1.
 */
static int init_refs;

nvmlReturn_t nvmlInit_v2(void) {
    init_calls++;
    if (init_refs > 0) {
        init_refs++;
        return 0;
    }
    int rc = load_scenario();
    if (rc == 0) {
        initialised = 1;
        init_refs = 1;
    }
    return rc;
}

nvmlReturn_t nvmlShutdown(void) {
    shutdown_calls++;
    if (!initialised) return 1;
    if (--init_refs == 0) initialised = 0;
    return 0;
}

const char *nvmlErrorString(nvmlReturn_t rc) {
    switch (rc) {
        case 0: return "Success";
        case 1: return "Uninitialized";
        case 2: return "Invalid Argument";
        case 3: return "Not Supported";
        case 6: return "Not Found";
        case 7: return "Insufficient Size";
        case 9: return "Driver Not Loaded";
        case 13: return "Function Not Found";
        case 15: return "GPU is lost";
        default: return "Unknown Error";
    }
}

static stub_device *dev(void *handle) {
    stub_device *d = (stub_device *) handle;
    if (d < devices || d >= devices + device_count) return NULL;
    return d;
}

/* 0 when the device answers, else the return code every call gets. */
static int state(void *handle) {
    if (!initialised) return 1;
    stub_device *d = dev(handle);
    if (d == NULL) return 2;
    if (d->lost_after >= 0 && d->reads >= d->lost_after) return 15;
    return 0;
}

/* Whether the read just counted falls inside the scenario's transient fault window. */
static int transient_fault(stub_device *d) {
    return d->fail_count > 0 && d->reads >= d->fail_from && d->reads < d->fail_from + d->fail_count;
}

/* Whether read number r (1-based) falls inside the scenario's idle window. */
static int idle_read(stub_device *d, int r) {
    return d->idle_count > 0 && r >= d->idle_from && r < d->idle_from + d->idle_count;
}

/* Whether read number r (1-based) uses the later.* lists. */
static int later_read(stub_device *d, int r) {
    return d->later_from > 0 && r >= d->later_from;
}

#ifndef STUB_OLD_DRIVER
/* What the counter advances by after the current read: the step of the next read's interval. */
static unsigned long long next_step(stub_device *d) {
    return d->idle_step_set && idle_read(d, d->reads + 1) ? d->idle_step : d->energy_step;
}
#endif

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    if (!initialised) return 1;
    *count = (unsigned int) device_count;
    return 0;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, void **device) {
    if (!initialised) return 1;
    if (index >= (unsigned int) device_count) return 2;
    if (devices[index].rc_handle) return devices[index].rc_handle;
    *device = &devices[index];
    return 0;
}

nvmlReturn_t nvmlDeviceGetName(void *h, char *name, unsigned int length) {
    int s = state(h); if (s) return s;
    if (strlen(dev(h)->name) + 1 > length) return 7;
    strcpy(name, dev(h)->name);
    return 0;
}

nvmlReturn_t nvmlDeviceGetUUID(void *h, char *uuid, unsigned int length) {
    int s = state(h); if (s) return s;
    if (strlen(dev(h)->uuid) + 1 > length) return 7;
    strcpy(uuid, dev(h)->uuid);
    return 0;
}

#ifndef STUB_OLD_DRIVER
nvmlReturn_t nvmlDeviceGetArchitecture(void *h, unsigned int *arch) {
    int s = state(h); if (s) return s;
    if (dev(h)->rc_arch) return dev(h)->rc_arch;
    *arch = dev(h)->arch;
    return 0;
}
#endif

#ifndef STUB_OLD_DRIVER
nvmlReturn_t nvmlDeviceGetMigMode(void *h, unsigned int *current, unsigned int *pending) {
    int s = state(h); if (s) return s;
    if (dev(h)->rc_mig) return dev(h)->rc_mig;
    *current = dev(h)->mig;
    *pending = dev(h)->mig;
    return 0;
}
#endif

#ifndef STUB_OLD_DRIVER
nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(void *h, unsigned long long *energy) {
    int s = state(h); if (s) return s;
    stub_device *d = dev(h);
    if (d->rc_energy) return d->rc_energy;
    d->reads++;
    if (transient_fault(d)) {
        d->energy += next_step(d); /* the GPU keeps drawing power while the driver cannot say so */
        return d->fail_rc;
    }
    *energy = d->energy;
    d->energy += next_step(d);
    return 0;
}
#endif

nvmlReturn_t nvmlDeviceGetPowerUsage(void *h, unsigned int *power) {
    int s = state(h); if (s) return s;
    stub_device *d = dev(h);
    if (d->rc_power) return d->rc_power;
#ifdef STUB_OLD_DRIVER
    d->rc_energy = 13;
#endif
    if (d->rc_energy) {
        d->reads++; /* the gauge is the per-sample read when energy is unsupported */
        if (transient_fault(d)) return d->fail_rc;
    }
    *power = d->power;
    return 0;
}

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(void *h, unsigned int *limit) {
    int s = state(h); if (s) return s;
    if (dev(h)->rc_limit) return dev(h)->rc_limit;
    *limit = dev(h)->limit;
    return 0;
}

typedef struct { unsigned int gpu; unsigned int memory; } nvmlUtilization_t;

nvmlReturn_t nvmlDeviceGetUtilizationRates(void *h, nvmlUtilization_t *u) {
    int s = state(h); if (s) return s;
    stub_device *d = dev(h);
    if (d->rc_util) return d->rc_util;
    int i = d->util_calls < d->util_gpu_n ? d->util_calls : d->util_gpu_n - 1;
    u->gpu = i < 0 ? 0 : d->util_gpu[i];
    u->memory = d->util_mem;
    d->util_calls++;
    return 0;
}

typedef struct { unsigned long long total; unsigned long long free; unsigned long long used; } nvmlMemory_t;

nvmlReturn_t nvmlDeviceGetMemoryInfo(void *h, nvmlMemory_t *m) {
    int s = state(h); if (s) return s;
    stub_device *d = dev(h);
    if (d->rc_mem) return d->rc_mem;
    m->total = d->mem_total;
    m->used = d->mem_used;
    m->free = d->mem_total > d->mem_used ? d->mem_total - d->mem_used : 0;
    return 0;
}

nvmlReturn_t nvmlDeviceGetClockInfo(void *h, int type, unsigned int *clock) {
    int s = state(h); if (s) return s;
    if (dev(h)->rc_clock) return dev(h)->rc_clock;
    if (type == 1) *clock = dev(h)->clock_sm;
    else if (type == 2) *clock = dev(h)->clock_mem;
    else return 2;
    return 0;
}

nvmlReturn_t nvmlDeviceGetTemperature(void *h, int sensor, unsigned int *temp) {
    int s = state(h); if (s) return s;
    if (dev(h)->rc_temp) return dev(h)->rc_temp;
    if (sensor != 0) return 2;
    *temp = dev(h)->temp;
    return 0;
}

static nvmlReturn_t running(void *h, unsigned int *count, void *infos, int rc) {
    int s = state(h); if (s) return s;
    stub_device *d = dev(h);
    if (rc) return rc;
    int later = later_read(d, d->reads);
    const unsigned int *proc_pid = later ? d->later_proc_pid : d->proc_pid;
    const unsigned long long *proc_mem = later ? d->later_proc_mem : d->proc_mem;
    int proc_n = idle_read(d, d->reads) ? 0 : later ? d->later_proc_n : d->proc_n;
    if (infos == NULL || *count < (unsigned int) proc_n) {
        *count = (unsigned int) proc_n;
        return proc_n == 0 ? 0 : 7;
    }
    size_t stride = d->proc_stride == 16 || d->proc_stride == 32 ? (size_t) d->proc_stride : sizeof(nvmlProcessInfo_t);
    unsigned char *out = (unsigned char *) infos;
    if (d->proc_clear) memset(out, 0, (size_t) *count * sizeof(nvmlProcessInfo_t));
    for (int i = 0; i < proc_n; i++) {
        unsigned char *e = out + (size_t) i * stride;
        unsigned int pid = proc_pid[i];
        unsigned long long mem = proc_mem[i];
        unsigned int none = 0xFFFFFFFFu;
        unsigned long long cc = 0;
        memcpy(e, &pid, 4);
        memcpy(e + 8, &mem, 8);
        if (stride >= 24) {
            memcpy(e + 16, &none, 4); /* gpuInstanceId: not in MIG mode */
            memcpy(e + 20, &none, 4); /* computeInstanceId */
        }
        if (stride == 32) memcpy(e + 24, &cc, 8); /* usedGpuCcProtectedMemory */
    }
    *count = (unsigned int) proc_n;
    return 0;
}

#ifndef STUB_OLD_DRIVER
nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(void *h, unsigned int *count, void *infos) {
    stub_device *d = dev(h);
    return running(h, count, infos, d ? (d->rc_procs_v3 ? d->rc_procs_v3 : d->rc_procs) : 0);
}
#endif

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v2(void *h, unsigned int *count, void *infos) {
    stub_device *d = dev(h);
    return running(h, count, infos, d ? d->rc_procs : 0);
}

/* Samples exist at one tick per energy/power read; only those newer than lastSeen are returned. */
#ifndef STUB_OLD_DRIVER
nvmlReturn_t nvmlDeviceGetProcessUtilization(void *h, nvmlProcessUtilizationSample_t *out, unsigned int *count,
                                             unsigned long long lastSeen) {
    int s = state(h); if (s) return s;
    stub_device *d = dev(h);
    if (d->rc_procutil) return d->rc_procutil;
    int di = (int) (d - devices);
    if (raw_n[di] >= 0) {
        if (raw_n[di] == 0) { *count = 0; return 6; }
        if (out == NULL || *count < (unsigned int) raw_n[di]) { *count = (unsigned int) raw_n[di]; return 7; }
        memcpy(out, raw_samples[di], (size_t) raw_n[di] * sizeof(nvmlProcessUtilizationSample_t));
        *count = (unsigned int) raw_n[di];
        return 0;
    }
    int first = 1;
    if (lastSeen >= BASE_US) {
        unsigned long long seen = (lastSeen - BASE_US) / TICK_US;
        first = (int) seen + 1;
    }
    if (d->reads - first + 1 > 10) first = d->reads - 9; /* the driver keeps a short history only */
    int ticks = d->reads - first + 1;
    int most = d->pu_n > d->later_pu_n ? d->pu_n : d->later_pu_n;
    if (ticks <= 0 || most == 0) { *count = 0; return 6; }
    unsigned int needed = (unsigned int) (ticks * most);
    if (out == NULL || *count < needed) { *count = needed; return 7; }
    unsigned int n = 0;
    for (int t = first; t <= d->reads; t++) {
        if (idle_read(d, t)) continue;
        int later = later_read(d, t);
        int pu_n = later ? d->later_pu_n : d->pu_n;
        for (int p = 0; p < pu_n; p++) {
            out[n].pid = later ? d->later_pu_pid[p] : d->pu_pid[p];
            out[n].timeStamp = BASE_US + (unsigned long long) t * TICK_US;
            out[n].smUtil = later ? d->later_pu_sm[p] : d->pu_sm[p];
            out[n].memUtil = 0;
            out[n].encUtil = 0;
            out[n].decUtil = 0;
            n++;
        }
    }
    *count = n;
    if (n == 0) return 6;
    return 0;
}
#endif
