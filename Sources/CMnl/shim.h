/* CMnl: libmnl and the Linux rtnetlink headers for the Datapath module only. */
#ifndef CMNL_SHIM_H
#define CMNL_SHIM_H
/* glibc <net/if.h> must come before any <linux/if*.h>: linux/libc-compat.h only
   suppresses its duplicate struct ifreq/ifconf when glibc's header was seen first. */
#include <net/if.h>
#include <sys/socket.h>
#include <sys/mount.h>
#include <sched.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <linux/if_addr.h>
#include <linux/veth.h>

/* Function-like macros are not imported by Swift. */
static inline unsigned int cmnl_nlmsg_align(unsigned int len) { return NLMSG_ALIGN(len); }
static inline unsigned int cmnl_socket_autopid(void) { return MNL_SOCKET_AUTOPID; }
static inline size_t cmnl_socket_buffer_size(void) { return MNL_SOCKET_BUFFER_SIZE; }

/* Not exported by Swift's Glibc module (they need _GNU_SOURCE). */
extern int setns(int fd, int nstype);
extern int unshare(int flags);
#ifndef CLONE_NEWNET
#define CLONE_NEWNET 0x40000000
#endif
static inline int cmnl_clone_newnet(void) { return CLONE_NEWNET; }
static inline int cmnl_gettid(void) { return (int)syscall(SYS_gettid); }
/* Filesystem magic of a mounted namespace file (linux/magic.h NSFS_MAGIC). */
static inline int cmnl_is_nsfs(const char *path) { struct statfs fs; return statfs(path, &fs) == 0 && fs.f_type == 0x6e736673; }
#endif
