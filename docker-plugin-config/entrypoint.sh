# Entrypoint of the managed plugin: turns the plugin's settable env into `cnm-adapter serve`
# options (docker plugin set NAME LOG_LEVEL=debug CNI_CONF_DIR=…); `args` are appended.
# exec, so that the adapter itself gets Docker's SIGTERM at `docker plugin disable`.
echo "cni-adapter plugin: log-level=${LOG_LEVEL:-info} cni-conf-dir=${CNI_CONF_DIR:-/etc/cni/net.d} args=$*" >&2
# /proc/sys is read-only in a plugin's container, but portmap must set route_localnet on the
# bridge for ports published on 127.0.0.1. With CAP_SYS_ADMIN in the initial user namespace a
# fresh procfs may be mounted over /proc; its sys/net is the host's (host network) and writable.
mount -t proc proc /proc 2>/dev/null \
    || echo "cni-adapter plugin: cannot mount a writable /proc; publishing on 127.0.0.1 will fail" >&2
# Docker starts a managed plugin with its default container capabilities (chown, dac_override,
# kill, setuid, net_raw, mknod, …) plus those config.json names; the adapter and the CNI plugins
# it runs need only CAP_NET_ADMIN and CAP_SYS_ADMIN. Keep those two, where Docker granted them,
# and drop every other from the bounding set before exec: root's permitted and effective sets
# after exec are the bounding set, so nothing below this line ever holds another capability.
while read -r key value; do [ "$key" = CapBnd: ] && bnd=$value; done </proc/self/status
keep=
[ $(( (0x$bnd >> 12) & 1 )) = 1 ] && keep="$keep,+net_admin"
[ $(( (0x$bnd >> 21) & 1 )) = 1 ] && keep="$keep,+sys_admin"
exec /usr/bin/setpriv --bounding-set=-all$keep --inh-caps=-all -- \
    /usr/sbin/cnm-adapter serve --socket /run/docker/plugins/cni-adapter.sock \
    --log-level "${LOG_LEVEL:-info}" --cni-conf-dir "${CNI_CONF_DIR:-/etc/cni/net.d}" "$@"
