// The init of Sluice's microVM image (make rootfs): PID 1 of a Firecracker or QEMU guest whose root file system
// holds the static gateway and nats-server. It mounts the kernel's file systems, brings up `lo` and `eth0`
// with the address of the kernel parameter `sluice.ip=ADDRESS/PREFIX:GATEWAY` (default 172.16.0.2/24:172.16.0.1,
// the usual Firecracker tap network), then runs
//   sluice-sync gateway --embedded /etc/sluice/gateway.yaml ...
// (the arguments are the lines of /etc/sluice/command), reaps orphans, and powers the VM off when the gateway exits.
// Built with `gcc -static -Os`; it uses nothing but the C library.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void say(const char *message, const char *detail) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    dprintf(2, "sluice-init: [%ld.%03ld] %s%s%s\n", (long)now.tv_sec, now.tv_nsec / 1000000, message,
            detail ? ": " : "", detail ? detail : "");
}

static void mount_or_say(const char *source, const char *target, const char *type, unsigned long flags) {
    mkdir(target, 0755);
    if (mount(source, target, type, flags, NULL) != 0 && errno != EBUSY) say(target, strerror(errno));
}

static int set_address(int sock, const char *name, unsigned long request, in_addr_t address) {
    struct ifreq ifr = {0};
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    struct sockaddr_in *in = (struct sockaddr_in *)&ifr.ifr_addr;
    in->sin_family = AF_INET;
    in->sin_addr.s_addr = address;
    return ioctl(sock, request, &ifr);
}

static int interface_up(int sock, const char *name) {
    struct ifreq ifr = {0};
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(sock, SIOCGIFFLAGS, &ifr) != 0) return -1;
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    return ioctl(sock, SIOCSIFFLAGS, &ifr);
}

// The kernel parameter sluice.ip=ADDRESS/PREFIX:GATEWAY, such as sluice.ip=10.0.2.15/24:10.0.2.2 for QEMU's user
// network.
static void network(void) {
    char address[64] = "172.16.0.2", gateway[64] = "172.16.0.1", line[4096] = "";
    int prefix = 24;
    int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
    ssize_t length = fd < 0 ? -1 : read(fd, line, sizeof line - 1);
    if (fd >= 0) close(fd);
    line[length > 0 ? length : 0] = 0;
    char *given = strstr(line, "sluice.ip=");
    if (given && sscanf(given, "sluice.ip=%63[^/]/%d:%63[^ \n]", address, &prefix, gateway) != 3) {
        say("sluice.ip", "expected ADDRESS/PREFIX:GATEWAY");
    }
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (interface_up(sock, "lo") != 0) say("lo", strerror(errno));
    in_addr_t mask = prefix == 0 ? 0 : htonl(0xffffffffu << (32 - prefix));
    if (set_address(sock, "eth0", SIOCSIFADDR, inet_addr(address)) != 0 ||
        set_address(sock, "eth0", SIOCSIFNETMASK, mask) != 0 || interface_up(sock, "eth0") != 0) {
        say("eth0", strerror(errno));
    } else {
        struct rtentry route = {0};
        struct sockaddr_in *in = (struct sockaddr_in *)&route.rt_gateway;
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = inet_addr(gateway);
        ((struct sockaddr_in *)&route.rt_dst)->sin_family = AF_INET;
        ((struct sockaddr_in *)&route.rt_genmask)->sin_family = AF_INET;
        route.rt_flags = RTF_UP | RTF_GATEWAY;
        if (ioctl(sock, SIOCADDRT, &route) != 0) say("default route", strerror(errno));
    }
    close(sock);
}

// The gateway's command line: the lines of /etc/sluice/command.
static char **command(void) {
    static char *arguments[64];
    static char text[4096];
    int fd = open("/etc/sluice/command", O_RDONLY | O_CLOEXEC);
    ssize_t length = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
    if (fd >= 0) close(fd);
    if (length <= 0) return NULL;
    text[length] = 0;
    int count = 0;
    for (char *line = strtok(text, "\n"); line && count < 63; line = strtok(NULL, "\n")) arguments[count++] = line;
    arguments[count] = NULL;
    return count ? arguments : NULL;
}

int main(void) {
    if (getpid() != 1) { fprintf(stderr, "sluice-init: runs as PID 1 only\n"); return 1; }
    say("starting", NULL);
    mount_or_say("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC);
    mount_or_say("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC);
    mount_or_say("devtmpfs", "/dev", "devtmpfs", MS_NOSUID);
    mount_or_say("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV);
    network();
    char **arguments = command();
    if (!arguments) { say("/etc/sluice/command", "missing or empty"); reboot(RB_POWER_OFF); }
    setenv("PATH", "/usr/local/bin:/usr/bin:/bin", 1);
    setenv("HOME", "/var/lib/sluice", 1);
    pid_t gateway = fork();
    if (gateway == 0) {
        if (chdir("/var/lib/sluice") != 0) say("/var/lib/sluice", strerror(errno));
        execv(arguments[0], arguments);
        say(arguments[0], strerror(errno));
        _exit(127);
    }
    say("started", arguments[0]);
    // PID 1 reaps every orphan; the VM ends with the gateway.
    for (;;) {
        int status;
        pid_t pid = wait(&status);
        if (pid == gateway || (pid < 0 && errno == ECHILD)) {
            say("gateway exited; powering off", NULL);
            sync();
            reboot(RB_POWER_OFF);
        }
    }
}
