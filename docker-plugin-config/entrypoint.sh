# Entrypoint of the managed plugin: turns the plugin's settable env into `cnm-adapter serve`
# options (docker plugin set NAME LOG_LEVEL=debug CNI_CONF_DIR=…); `args` are appended.
# exec, so that the adapter itself gets Docker's SIGTERM at `docker plugin disable`.
echo "cni-adapter plugin: log-level=${LOG_LEVEL:-info} cni-conf-dir=${CNI_CONF_DIR:-/etc/cni/net.d} args=$*" >&2
exec /usr/sbin/cnm-adapter serve --socket /run/docker/plugins/cni-adapter.sock \
    --log-level "${LOG_LEVEL:-info}" --cni-conf-dir "${CNI_CONF_DIR:-/etc/cni/net.d}" "$@"
