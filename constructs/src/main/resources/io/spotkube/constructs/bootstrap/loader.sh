# The bootstrap proper (common.sh and the role's script from the spotkube jar), gzip +
# base64 to fit EC2's 16 KB user-data limit. BootstrapScript.renderPlain() shows it as
# it runs; it carries no cluster values (they are all above), so it is the same for every
# cluster of one spotkube version.
SPOTKUBE_BOOTSTRAP="${SPOTKUBE_ROOT:-}/var/lib/spotkube/bootstrap.sh"
mkdir -p "${SPOTKUBE_BOOTSTRAP%/*}"
base64 -d <<'SPOTKUBE_PAYLOAD' | gunzip >"$SPOTKUBE_BOOTSTRAP"
@@PAYLOAD@@
SPOTKUBE_PAYLOAD
# shellcheck source=/dev/null
source "$SPOTKUBE_BOOTSTRAP"
