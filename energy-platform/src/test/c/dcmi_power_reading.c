/*
 * An ipmi_sim module that makes the simulated BMC answer DCMI Get Power Reading (NetFn 0x2C,
 * group extension 0xDC): OpenIPMI's simulator implements no DCMI command itself.
 *
 * Loaded from lan.conf with:  loadlib "/path/dcmi_power_reading.so" "/path/scenario"
 * The scenario file holds "<current watts> <active 0|1>" and is read on every request, so a test
 * can change the reading while the simulator runs. Minimum, maximum and average are fixed at
 * 100, 350 and 200 W, the timestamp at 0x659f5e5b and the statistics period at 1000 ms.
 *
 * The handler does not look at the request: the simulator's message layout is internal to the
 * OpenIPMI version, and every DCMI command reaching this module is answered as a power reading.
 */
#include <stdio.h>
#include <string.h>

typedef void (*cmd_handler_f)(void *mc, void *msg, unsigned char *rdata, unsigned int *rdata_len,
                              void *cb_data);

/* Exported by ipmi_sim. */
void ipmi_emu_register_group_extension_handler(unsigned char group_extension, cmd_handler_f handler,
                                               void *cb_data);

static char scenario[4096];

static void put16(unsigned char *p, unsigned int v) {
    p[0] = v & 0xff;
    p[1] = (v >> 8) & 0xff;
}

static void put32(unsigned char *p, unsigned long v) {
    put16(p, v & 0xffff);
    put16(p + 2, (v >> 16) & 0xffff);
}

static void power_reading(void *mc, void *msg, unsigned char *rdata, unsigned int *rdata_len, void *cb_data) {
    unsigned int watts = 0;
    unsigned int active = 0;
    FILE *f = fopen(scenario, "r");
    if (f == NULL || fscanf(f, "%u %u", &watts, &active) != 2) {
        if (f != NULL) {
            fclose(f);
        }
        rdata[0] = 0xd5; /* command not supported in present state */
        *rdata_len = 1;
        return;
    }
    fclose(f);
    rdata[0] = 0x00;     /* completion code */
    rdata[1] = 0xdc;     /* group extension */
    put16(rdata + 2, watts);
    put16(rdata + 4, 100);
    put16(rdata + 6, 350);
    put16(rdata + 8, 200);
    put32(rdata + 10, 0x659f5e5bUL);
    put32(rdata + 14, 1000);
    rdata[18] = active ? 0x40 : 0x00;
    *rdata_len = 19;
}

int ipmi_sim_module_init(void *sys, const char *initstr) {
    if (initstr == NULL || strlen(initstr) >= sizeof(scenario)) {
        return -1;
    }
    strcpy(scenario, initstr);
    ipmi_emu_register_group_extension_handler(0xdc, power_reading, NULL);
    return 0;
}
